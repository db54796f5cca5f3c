import { OpenSearchError } from '../errors';

/**
 * A Java exception raised while a script runs (the `caused_by` of a runtime script_exception), with the type name
 * OpenSearch prints for it (ElasticsearchException#getExceptionName: snake_case of the class name).
 */
export class JavaException extends Error {
  /** Offset in the source of the node that raised it; filled in by the compiled node that catches it first. */
  offset = -1;

  constructor(
    readonly type: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export const nullPointer = (reason: string): JavaException =>
  new JavaException('null_pointer_exception', reason);
export const illegalArgumentJava = (reason: string): JavaException =>
  new JavaException('illegal_argument_exception', reason);
export const illegalState = (reason: string): JavaException =>
  new JavaException('illegal_state_exception', reason);
export const classCast = (reason: string): JavaException => new JavaException('class_cast_exception', reason);
export const arithmetic = (reason: string): JavaException =>
  new JavaException('arithmetic_exception', reason);
export const unsupportedOperation = (reason: string): JavaException =>
  new JavaException('unsupported_operation_exception', reason);
export const indexOutOfBounds = (reason: string): JavaException =>
  new JavaException('index_out_of_bounds_exception', reason);

/** org.opensearch.painless.PainlessError: errors of the script itself (the loop limit), not a Java exception. */
export const painlessError = (reason: string): JavaException => new JavaException('painless_error', reason);

/** A compile error at an offset in the source (Painless's Location), with the exception type it is raised as. */
export class PainlessCompileError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly type = 'illegal_argument_exception',
  ) {
    super(message);
  }
}

/**
 * PainlessScriptEngine#convertToScriptException: "compile error" with the 25 characters either side of the offset as
 * the script stack, marked with "^---- HERE", and the script's position.
 */
export function compileScriptException(source: string, error: PainlessCompileError): OpenSearchError {
  const offset = Math.max(0, Math.min(error.offset, source.length));
  const start = Math.max(0, offset - 25);
  const end = Math.min(source.length, offset + 25);
  const snippet = `${start > 0 ? '... ' : ''}${source.slice(start, end)}${end < source.length ? ' ...' : ''}`;
  const pointer = `${start > 0 ? '    ' : ''}${' '.repeat(offset - start)}^---- HERE`;
  return new OpenSearchError(
    400,
    'script_exception',
    'compile error',
    { script_stack: [snippet, pointer], script: source, lang: 'painless', position: { offset, start, end } },
    new OpenSearchError(400, error.type, error.message),
  );
}

/**
 * PainlessScript#convertToScriptException: "runtime error" with the statement that failed as the script stack (from
 * the start of the statement holding the offset to the start of the next one). `name` is the source of an inline
 * script or the id of a stored one. Java stack frames of the real engine are not reproduced.
 */
export function runtimeScriptException(
  source: string,
  name: string,
  statementStarts: readonly number[],
  error: JavaException,
): OpenSearchError {
  const offset = error.offset < 0 ? 0 : error.offset;
  let start = 0;
  let end = source.length;
  for (const s of statementStarts) {
    if (s <= offset) start = s;
  }
  for (const s of statementStarts) {
    if (s > start) {
      end = s;
      break;
    }
  }
  const pointer = `${' '.repeat(Math.max(0, offset - start))}^---- HERE`;
  return new OpenSearchError(
    400,
    'script_exception',
    'runtime error',
    {
      script_stack: [source.slice(start, end), pointer],
      script: name,
      lang: 'painless',
      position: { offset, start, end },
    },
    new OpenSearchError(400, error.type, error.reason),
  );
}
