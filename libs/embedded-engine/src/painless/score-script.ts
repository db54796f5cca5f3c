import { OpenSearchError } from '../errors';
import { isDecimalLiteral } from '../rest/json-decimals';
import { shardFailure } from '../search/shard-errors';
import { Searcher } from '../search/types';
import { compileProgram, ExecutableScript, Run } from './compiler';
import { DocCursor, DocLookup } from './doc-values';
import {
  compileScriptException,
  JavaException,
  PainlessCompileError,
  runtimeScriptException,
} from './errors';
import { mapKey } from './methods';
import { parse } from './parser';
import { boxInt, JLong } from './values';

/** A Painless script compiled for the score context (ScoreScript): bind it to an index, then score documents. */
export class PainlessScoreScript {
  private constructor(
    readonly source: string,
    private readonly executable: ExecutableScript,
    private readonly statementStarts: readonly number[],
  ) {}

  /** Whether the script reads `_score` (the sub-query's scores must then be computed). */
  get needsScore(): boolean {
    return this.executable.needsScore;
  }

  /** Compiles `source`; a compile error is OpenSearch's "compile error" script_exception. */
  static compile(source: string): PainlessScoreScript {
    try {
      const program = parse(source);
      return new PainlessScoreScript(source, compileProgram(program), program.statementStarts);
    } catch (error) {
      if (error instanceof PainlessCompileError) throw compileScriptException(source, error);
      throw error;
    }
  }

  /**
   * One instance per index searched (ScoreScript.LeafFactory#newInstance): `params` are the request's (converted to
   * Java values once), `name` is what runtime errors call the script (its source, or the stored script's id).
   */
  bind(searcher: Searcher, params: Record<string, unknown>, name: string): BoundScoreScript {
    const cursor: DocCursor = { doc: 0 };
    const doc = new DocLookup(searcher, cursor);
    const run: Run = {
      params: toJavaMap(params),
      doc,
      score: 0,
      call: { cursor, indexName: searcher.indexName, doc, now: searcher.now, bindings: [] },
    };
    const { executable, source, statementStarts } = this;
    return {
      needsScore: executable.needsScore,
      execute(docId: number, score: number): number {
        cursor.doc = docId;
        run.score = score;
        try {
          return executable.execute(run);
        } catch (error) {
          if (error instanceof JavaException) {
            throw shardFailure(runtimeScriptException(source, name, statementStarts, error));
          }
          if (error instanceof OpenSearchError) throw error;
          throw shardFailure(
            runtimeScriptException(
              source,
              name,
              statementStarts,
              new JavaException('exception', error instanceof Error ? error.message : String(error)),
            ),
          );
        }
      },
    };
  }
}

export interface BoundScoreScript {
  readonly needsScore: boolean;
  /** The script's value (a double) for one document with the sub-query's score; errors are script_exceptions. */
  execute(doc: number, score: number): number;
}

/**
 * A request's JSON as the Java values Jackson would give a script: objects as Maps, arrays as Lists, integral
 * numbers as Integer (or Long beyond the int range), numbers written with a fraction or exponent as Double.
 */
export function toJavaValue(value: unknown, container?: object, key?: string | number): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (
      Number.isInteger(value) &&
      !(container !== undefined && key !== undefined && isDecimalLiteral(container, key))
    ) {
      if (value >= -2147483648 && value <= 2147483647) return boxInt(value);
      if (Number.isSafeInteger(value)) return new JLong(value);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toJavaValue(v, value, i));
  if (typeof value === 'object') return toJavaMap(value as Record<string, unknown>);
  return value;
}

function toJavaMap(o: Record<string, unknown>): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>();
  for (const [k, v] of Object.entries(o)) map.set(mapKey(k), toJavaValue(v, o, k));
  return map;
}

/** ScriptCache: compiled scripts by source (script.cache.max_size 100), least recently used evicted first. */
const CACHE_SIZE = 100;
const cache = new Map<string, PainlessScoreScript>();

export function compileCached(source: string): PainlessScoreScript {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const compiled = PainlessScoreScript.compile(source);
  cache.set(source, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return compiled;
}
