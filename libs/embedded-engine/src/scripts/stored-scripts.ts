import { illegalArgument, OpenSearchError, parseException, resourceNotFound } from '../errors';
import { isPlainObject } from '../rest/json';
import { compileCached } from '../painless/score-script';
import { WalRecord } from '../storage/records';
import { compileKnnScript } from './knn-score-script';

export interface StoredScript {
  lang: string;
  source: string;
}

/** Script languages the engine runs: Painless, and the k-NN plugin's `knn` (its exact-scoring `knn_score`). */
export const SCRIPT_LANGS = new Set(['painless', 'knn']);

/** Script contexts a stored script may name (ScriptModule's core contexts); all compile as score scripts here. */
const KNOWN_CONTEXTS = new Set([
  'score',
  'filter',
  'field',
  'update',
  'ingest',
  'aggs',
  'aggs_combine',
  'aggs_init',
  'aggs_map',
  'aggs_reduce',
  'number_sort',
  'string_sort',
  'template',
  'terms_set',
  'similarity',
  'similarity_weight',
]);

/**
 * The cluster state's stored scripts (ScriptMetadata) and the put/get/delete of ScriptService. A script is compiled
 * when it is put, so a broken one is refused at once (OpenSearch compiles only when a context is named; stricter here,
 * so that the installer finds a broken `.painless` file before a search does).
 */
export class StoredScripts {
  private readonly scripts = new Map<string, StoredScript>();

  get(id: string): StoredScript | undefined {
    return this.scripts.get(id);
  }

  /** StoredScriptSource#parse + ScriptService#putStoredScript; returns the records to log. */
  put(id: string, body: Record<string, unknown>, context: string | undefined): WalRecord[] {
    if (context !== undefined && !KNOWN_CONTEXTS.has(context))
      throw illegalArgument(`Unknown context [${context}]`);
    const script = body.script;
    if (script === undefined) throw parseException('unexpected end of script, expected [script]');
    if (!isPlainObject(script)) {
      throw parseException(
        `unexpected token [${Array.isArray(script) ? 'START_ARRAY' : 'VALUE_STRING'}], expected [{]`,
      );
    }
    for (const key of Object.keys(script)) {
      if (!['lang', 'source', 'options', 'code'].includes(key)) {
        throw new OpenSearchError(
          400,
          'x_content_parse_exception',
          `[1:2] [stored script source] unknown field [${key}]`,
        );
      }
    }
    const lang = script.lang;
    if (lang === undefined || lang === null || lang === '')
      throw illegalArgument('must specify lang for stored script');
    if (typeof lang !== 'string') throw illegalArgument('lang must be a string');
    let source = script.source ?? script.code;
    if (source === undefined || source === null)
      throw illegalArgument('must specify source for stored script');
    if (isPlainObject(source)) source = JSON.stringify(source);
    if (typeof source !== 'string') throw illegalArgument('source must be a string');
    if (source === '') throw illegalArgument('source cannot be empty');
    if (!SCRIPT_LANGS.has(lang))
      throw illegalArgument(`unable to put stored script with unsupported lang [${lang}]`);
    compile(lang, source);
    const stored = { lang, source };
    this.apply({ op: 'put_script', id, script: stored });
    return [{ op: 'put_script', id, script: stored }];
  }

  delete(id: string): WalRecord[] {
    if (!this.scripts.has(id)) throw resourceNotFound(`stored script [${id}] does not exist`);
    this.apply({ op: 'delete_script', id });
    return [{ op: 'delete_script', id }];
  }

  apply(record: Extract<WalRecord, { op: 'put_script' | 'delete_script' }>): void {
    if (record.op === 'put_script') this.scripts.set(record.id, record.script);
    else this.scripts.delete(record.id);
  }

  records(): WalRecord[] {
    return [...this.scripts].map(([id, script]) => ({ op: 'put_script' as const, id, script }));
  }
}

/** Compiles a script of a supported language (for the score context). */
export function compile(lang: string, source: string): void {
  if (lang === 'knn') compileKnnScript(source);
  else compileCached(source);
}
