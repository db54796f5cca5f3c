/**
 * `multi_match` (MultiMatchQueryBuilder → MultiMatchQuery): one match query per resolved field (field boost folded
 * into its terms' weights, `minimum_should_match` applied per field), combined by a DisjunctionMaxQuery whose tie
 * breaker is 0 for best_fields and phrase and 1 for most_fields (so most_fields sums the fields' scores).
 */
import { isPlainObject } from '../../rest/json';
import { OpenSearchError } from '../../errors';
import { parsingError, readBoost } from '../parse-helpers';
import { Query, QueryParseContext, QueryParser } from '../types';
import { MATCH_NONE } from './match-all';
import {
  checkAnalyzer,
  fullTextFieldQuery,
  readBoolean,
  readMsm,
  readOperator,
  readZeroTerms,
  zeroTermsQuery,
} from './match';
import { readSlop } from './match-phrase';
import { DisjunctionMaxQuery } from './match-term';

type MultiMatchType = 'best_fields' | 'most_fields' | 'phrase';

/** MultiMatchQueryBuilder.Type: the match type and the default tie breaker of each supported type. */
const TYPES: Record<MultiMatchType, { phrase: boolean; tieBreaker: number }> = {
  best_fields: { phrase: false, tieBreaker: 0 },
  most_fields: { phrase: false, tieBreaker: 1 },
  phrase: { phrase: true, tieBreaker: 0 },
};

/** Field types a pattern never expands to (TextSearchInfo.NONE: not searchable as text). */
const NOT_TEXT_SEARCHABLE = new Set(['geo_point', 'knn_vector', 'binary', 'object', 'nested']);

/** MultiMatchQueryBuilder#parseFieldAndBoost: `name^2.5` → [name, 2.5f]. */
function fieldAndBoost(spec: string): [string, number] {
  const caret = spec.indexOf('^');
  if (caret < 0) return [spec, 1];
  const text = spec.substring(caret + 1);
  const boost = Number(text);
  if (text.trim() === '' || Number.isNaN(boost)) {
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${text}"`);
  }
  return [spec.substring(0, caret), Math.fround(boost)];
}

/** Regex#simpleMatch: `*` matches any run of characters. */
function simpleMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}

/**
 * QueryParserHelper#resolveMappingFields: concrete names kept (even unmapped); patterns expanded over the mapped fields
 * that can be searched as text (`*` also skipping metadata fields); a field named twice gets the product of its boosts.
 * Sorted by name (the order the per-field queries appear in explanations).
 */
function resolveFields(ctx: QueryParseContext, specs: [string, number][]): [string, number][] {
  const resolved = new Map<string, number>();
  for (const [pattern, weight] of specs) {
    const names: string[] = [];
    if (pattern.includes('*')) {
      const all = pattern === '*';
      for (const info of ctx.mappings.fields()) {
        if (NOT_TEXT_SEARCHABLE.has(info.type)) continue;
        if (all && info.path.startsWith('_')) continue;
        if (simpleMatch(pattern, info.path)) names.push(info.path);
      }
    } else {
      names.push(pattern);
    }
    for (const name of names) {
      const previous = resolved.get(name);
      resolved.set(name, previous === undefined ? weight : Math.fround(weight * previous));
    }
  }
  return [...resolved.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export const multiMatchQueryParser: QueryParser = (body, ctx) => {
  if (!isPlainObject(body))
    throw parsingError('[multi_match] query malformed, no start_object after query name');
  let value: unknown;
  const fieldSpecs: [string, number][] = [];
  let type: MultiMatchType = 'best_fields';
  let analyzer: string | undefined;
  let boost = 1;
  let slop = 0;
  let occur: 'should' | 'must' = 'should';
  let msm: string | undefined;
  let tieBreaker: number | undefined;
  let lenient: boolean | undefined;
  let zeroTerms: 'none' | 'all' = 'none';
  for (const [key, v] of Object.entries(body)) {
    if (key === 'fields') {
      const list = Array.isArray(v) ? v : [v];
      for (const f of list) {
        if (typeof f !== 'string') throw parsingError(`[multi_match] query does not support [${key}]`);
        fieldSpecs.push(fieldAndBoost(f));
      }
      continue;
    }
    if (Array.isArray(v) || isPlainObject(v)) {
      throw parsingError(
        `[multi_match] unknown token [${Array.isArray(v) ? 'START_ARRAY' : 'START_OBJECT'}] after [${key}]`,
      );
    }
    switch (key) {
      case 'query':
        value = v;
        break;
      case 'type': {
        const name = String(v).toLowerCase();
        if (name === 'boolean' || name === 'best_fields') type = 'best_fields';
        else if (name === 'most_fields' || name === 'phrase') type = name;
        else if (['cross_fields', 'phrase_prefix', 'bool_prefix'].includes(name)) {
          throw parsingError(`[multi_match] type [${name}] is not supported by the embedded engine`);
        } else {
          throw new OpenSearchError(
            400,
            'parse_exception',
            `failed to parse [multi_match] query type [${String(v)}]. unknown type.`,
          );
        }
        break;
      }
      case 'analyzer':
        analyzer = String(v);
        break;
      case 'boost':
        boost = readBoost('multi_match', v);
        break;
      case 'slop':
        slop = readSlop(v);
        break;
      case 'operator':
        occur = readOperator(v);
        break;
      case 'minimum_should_match':
        msm = readMsm(v);
        break;
      case 'tie_breaker': {
        const n = typeof v === 'string' ? Number(v) : v;
        if (typeof n !== 'number' || Number.isNaN(n))
          throw parsingError('[multi_match] failed to parse field [tie_breaker]');
        tieBreaker = Math.fround(n);
        break;
      }
      case 'lenient':
        lenient = readBoolean('multi_match', key, v);
        break;
      case 'zero_terms_query':
        zeroTerms = readZeroTerms(v);
        break;
      case '_name':
      case 'auto_generate_synonyms_phrase_query':
      case 'fuzzy_transpositions':
      case 'prefix_length':
      case 'max_expansions':
      case 'fuzzy_rewrite':
      case 'cutoff_frequency':
        break;
      case 'fuzziness':
        throw parsingError('[multi_match] fuzziness is not supported by the embedded engine');
      default:
        throw parsingError(`[multi_match] query does not support [${key}]`);
    }
  }
  if (value === null || value === undefined) throw parsingError('No text specified for multi_match query');
  checkAnalyzer(ctx, 'multi_match', analyzer);

  // No fields: index.query.default_field (`*`), lenient unless said otherwise (MultiMatchQueryBuilder#doToQuery).
  const specs = fieldSpecs.length > 0 ? fieldSpecs : ([['*', 1]] as [string, number][]);
  const allFields = specs.some(([f]) => f === '*');
  const fields = resolveFields(ctx, specs);
  if (!fields.some(([f]) => ctx.mappings.field(f) !== undefined)) return MATCH_NONE; // newUnmappedFieldsQuery

  const queries: Query[] = [];
  for (const [field, fieldBoost] of fields) {
    if (!ctx.mappings.field(field)) continue;
    const q = fullTextFieldQuery(ctx, field, value, {
      type: TYPES[type].phrase ? 'phrase' : 'boolean',
      occur,
      analyzer,
      slop,
      lenient: lenient ?? allFields,
      zeroTermsQuery: zeroTerms,
      boost: Math.fround(boost * fieldBoost),
      minimumShouldMatch: msm,
      queryName: 'multi_match',
    });
    queries.push(q);
  }
  // MultiMatchQuery#combineGrouped.
  if (queries.length === 0) return zeroTermsQuery(zeroTerms, boost);
  if (queries.length === 1) return queries[0];
  return new DisjunctionMaxQuery(queries, tieBreaker ?? TYPES[type].tieBreaker);
};
