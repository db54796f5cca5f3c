import { compileProgram, Run } from './compiler';
import { JavaException } from './errors';
import { parse } from './parser';
import { toJavaValue } from './score-script';

/** Runs a script without a document (the language alone): its double result. */
export function run(source: string, params: Record<string, unknown> = {}, score = 0): number {
  const executable = compileProgram(parse(source));
  const r: Run = {
    params: toJavaValue(params) as Map<unknown, unknown>,
    doc: null,
    score,
    call: { cursor: { doc: 0 }, indexName: 'test', doc: null as never, now: 0, bindings: [] },
  };
  return executable.execute(r);
}

/** The Java exception a script throws when run. */
export function runtimeError(source: string, params: Record<string, unknown> = {}): JavaException {
  try {
    run(source, params);
  } catch (e) {
    if (e instanceof JavaException) return e;
    throw e;
  }
  throw new Error('expected the script to fail');
}
