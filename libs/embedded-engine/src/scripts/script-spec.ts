import { illegalArgument, OpenSearchError, resourceNotFound } from '../errors';
import { BoundScoreScript, compileCached } from '../painless/score-script';
import { isPlainObject } from '../rest/json';
import { shardFailure } from '../search/shard-errors';
import { QueryParseContext, Searcher } from '../search/types';
import { javaPreview } from '../mapping/java-text';
import { compileKnnScript } from './knn-score-script';

/** A `script` object of a query (org.opensearch.script.Script): inline source or stored id, lang, params. */
export interface ScriptSpec {
  type: 'inline' | 'stored';
  lang: string;
  /** The source (inline) or the id (stored). */
  idOrCode: string;
  params: Record<string, unknown>;
}

/** Script#parse: a string is inline Painless; an object has `source` or `id`, `lang`, `params`, `options`. */
export function parseScript(value: unknown): ScriptSpec {
  if (typeof value === 'string') return { type: 'inline', lang: 'painless', idOrCode: value, params: {} };
  if (!isPlainObject(value)) {
    throw new OpenSearchError(400, 'parsing_exception', 'expected a script object or a string');
  }
  let source: string | undefined;
  let id: string | undefined;
  let lang: string | undefined;
  let params: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'source' || key === 'inline') {
      if (id !== undefined || source !== undefined) throw onlyOne();
      source = isPlainObject(v) ? JSON.stringify(v) : String(v);
    } else if (key === 'id') {
      if (id !== undefined || source !== undefined) throw onlyOne();
      id = String(v);
    } else if (key === 'lang') {
      lang = String(v);
    } else if (key === 'params') {
      if (!isPlainObject(v)) {
        throw new OpenSearchError(400, 'parsing_exception', `value must be a JSON object for [params]`);
      }
      params = v;
    } else if (key !== 'options') {
      throw new OpenSearchError(400, 'x_content_parse_exception', `[script] unknown field [${key}]`);
    }
  }
  if (source === undefined && id === undefined) {
    throw illegalArgument('must specify either [source] for an inline script or [id] for a stored script');
  }
  if (id !== undefined) {
    if (lang !== undefined) throw illegalArgument('[lang] cannot be specified for stored scripts');
    return { type: 'stored', lang: 'painless', idOrCode: id, params };
  }
  return { type: 'inline', lang: lang ?? 'painless', idOrCode: source!, params };
}

function onlyOne(): OpenSearchError {
  return illegalArgument('must only use one of [source, id] when specifying a script');
}

/** A score script ready to bind to each index searched (ScoreScript.Factory). */
export interface ScoreScriptFactory {
  readonly needsScore: boolean;
  /** Script#toString, as explanations print it (written out when read: the params' preview costs per number). */
  readonly description: string;
  bind(searcher: Searcher): BoundScoreScript;
}

/**
 * Resolves and compiles a script for the score context (QueryShardContext#compile): stored scripts are looked up by
 * id, then Painless or knn compiles the source. Errors are shard failures, as compiling happens on the shard.
 */
export function scoreScript(spec: ScriptSpec, ctx: QueryParseContext): ScoreScriptFactory {
  let lang = spec.lang;
  let source = spec.idOrCode;
  if (spec.type === 'stored') {
    const stored = ctx.scripts?.get(spec.idOrCode);
    if (!stored)
      throw shardFailure(resourceNotFound(`unable to find script [${spec.idOrCode}] in cluster state`));
    lang = stored.lang;
    source = stored.source;
  }
  const describe = (): string =>
    `Script{type=${spec.type}, lang='${spec.type === 'stored' ? 'null' : lang}', idOrCode='${spec.idOrCode}', options={}, params=${javaPreview(spec.params)}}`;
  const name = spec.idOrCode;
  try {
    if (lang === 'knn') {
      const knn = compileKnnScript(source);
      return {
        needsScore: false,
        get description() {
          return describe();
        },
        bind: (searcher) => knn.bind(searcher, spec.params),
      };
    }
    if (lang !== 'painless') throw illegalArgument(`script_lang not supported [${lang}]`);
    const painless = compileCached(source);
    return {
      needsScore: painless.needsScore,
      get description() {
        return describe();
      },
      bind: (searcher) => painless.bind(searcher, spec.params, name),
    };
  } catch (error) {
    if (error instanceof OpenSearchError) throw shardFailure(error);
    throw error;
  }
}
