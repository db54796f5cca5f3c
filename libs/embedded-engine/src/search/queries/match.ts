/**
 * `match` (MatchQueryBuilder → MatchQuery): the text is analyzed with the field's search analyzer and becomes a
 * TermQuery (one token), a BooleanQuery of term clauses (several), or a PhraseQuery (`match_phrase`); fields that are not
 * analyzed (keyword, numeric, date, boolean) get their own term query on the whole value.
 */
import { isPlainObject } from '../../rest/json';
import { OpenSearchError } from '../../errors';
import { analyzeStandard } from '../analysis/standard-analyzer';
import { queryShardError } from '../shard-errors';
import { parsingError, readBoost } from '../parse-helpers';
import { Query, QueryParseContext, QueryParser } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';
import { Bm25TermQuery, Clause } from './match-term';
import { scoringBooleanQuery } from './compound';
import { PhraseQuery } from './match-phrase';
import { minimumShouldMatch } from './minimum-should-match';
import { exactValuesQuery } from './term';

/** Analyzers a full-text query may name (the built-in ones; an index defines no custom analyzers here). */
const ANALYZERS: Record<string, (text: string) => string[]> = {
  standard: analyzeStandard,
  default: analyzeStandard,
  keyword: (text) => (text.length === 0 ? [] : [text]),
  // WhitespaceTokenizer: runs of non-whitespace characters (Character.isWhitespace), not lowercased.
  whitespace: (text) => splitJavaWhitespace(text),
  // SimpleAnalyzer: LetterTokenizer (Character.isLetter runs) + LowerCaseFilter.
  simple: (text) => (text.match(/\p{L}+/gu) ?? []).map((t) => t.toLowerCase()),
};

/** Runs of characters that are not Character.isWhitespace (Unicode spaces except no-break ones, and U+001C-U+001F). */
function splitJavaWhitespace(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const space = (c >= 0x1c && c <= 0x1f) || (/\s/u.test(ch) && c !== 0xa0 && c !== 0x2007 && c !== 0x202f);
    if (space) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

/** What MatchQuery#parse needs besides the field and the text. */
export interface FullTextOptions {
  /** `boolean` for match / multi_match best_fields and most_fields; `phrase` for match_phrase and type phrase. */
  readonly type: 'boolean' | 'phrase';
  /** `operator`: SHOULD (or) or MUST (and) between the terms. */
  readonly occur: 'should' | 'must';
  readonly analyzer?: string;
  readonly slop: number;
  readonly lenient: boolean;
  readonly zeroTermsQuery: 'none' | 'all';
  /** Product of the enclosing boosts (query boost × field boost), folded into each term's weight. */
  readonly boost: number;
  readonly minimumShouldMatch?: string;
  /** The query type, for error messages ("[match] analyzer [x] not found"). */
  readonly queryName: string;
}

/** MatchQuery#zeroTermsQuery: nothing, or every document (MatchAllDocsQuery, scoring the boost). */
export function zeroTermsQuery(mode: 'none' | 'all', boost: number): Query {
  if (mode === 'none') return MATCH_NONE;
  return new ConstantScoreMatches('*:*', boost, (s) => ({
    docs: s.reader.liveDocs(),
    scores: new Float32Array(s.reader.liveCount).fill(boost),
  }));
}

/** Checks the `analyzer` option up front (MatchQueryBuilder#doToQuery: "[match] analyzer [x] not found"). */
export function checkAnalyzer(ctx: QueryParseContext, queryName: string, analyzer: string | undefined): void {
  if (analyzer !== undefined && !(analyzer in ANALYZERS)) {
    throw queryShardError(`[${queryName}] analyzer [${analyzer}] not found`, ctx.indexName);
  }
}

/**
 * MatchQuery#parse for one field, then Queries#maybeApplyMinimumShouldMatch: the Lucene query for `value` on `field`,
 * after BooleanQuery#rewrite (duplicate terms merged into one clause with summed boosts, a single clause unwrapped).
 */
export function fullTextFieldQuery(
  ctx: QueryParseContext,
  field: string,
  value: unknown,
  o: FullTextOptions,
): Query {
  const info = ctx.mappings.field(field);
  if (!info) return MATCH_NONE; // Queries#newUnmappedFieldQuery
  const text = typeof value === 'string' ? value : String(value);
  if (info.type !== 'text' && info.type !== 'match_only_text') {
    // Not analyzed: the search analyzer is the keyword analyzer, so the whole value is one term (MatchQuery#parse).
    try {
      return exactValuesQuery(ctx, o.queryName, field, [value], o.boost, false);
    } catch (error) {
      if (o.lenient && error instanceof OpenSearchError) return MATCH_NONE; // Queries#newLenientFieldQuery
      throw error;
    }
  }
  const analyze = ANALYZERS[o.analyzer ?? 'standard'] ?? analyzeStandard;
  const tokens = analyze(text);
  if (tokens.length === 0) return zeroTermsQuery(o.zeroTermsQuery, o.boost);
  if (tokens.length === 1) return new Bm25TermQuery(field, tokens[0], o.boost);
  if (o.type === 'phrase') return new PhraseQuery(field, tokens, o.slop, o.boost);
  return booleanOfTerms(field, tokens, o);
}

/** QueryBuilder#analyzeMultiBoolean + Queries#applyMinimumShouldMatch + BooleanQuery#rewrite. */
function booleanOfTerms(field: string, tokens: string[], o: FullTextOptions): Query {
  const shouldCount = o.occur === 'should' ? tokens.length : 0;
  const msm = o.minimumShouldMatch === undefined ? 0 : minimumShouldMatch(o.minimumShouldMatch, shouldCount);
  // BooleanQuery#rewrite: more required SHOULD clauses than there are matches nothing.
  if (msm > shouldCount) return MATCH_NONE;
  // BooleanQuery#rewrite: duplicate SHOULD clauses (when msm <= 1) and duplicate MUST clauses become one clause whose
  // boost is the sum of theirs.
  const merge = o.occur === 'must' || msm <= 1;
  const clauses: Clause[] = [];
  if (merge) {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, count] of counts) {
      clauses.push({
        query: new Bm25TermQuery(field, term, Math.fround(o.boost * Math.fround(count))),
        occur: o.occur,
      });
    }
  } else {
    for (const t of tokens) clauses.push({ query: new Bm25TermQuery(field, t, o.boost), occur: o.occur });
  }
  // BooleanQuery#rewrite: a single clause (SHOULD with msm <= 1, or MUST with msm 0) is the clause itself.
  if (clauses.length === 1 && msm <= (o.occur === 'should' ? 1 : 0)) return clauses[0].query;
  return scoringBooleanQuery(
    clauses.filter((c) => c.occur === 'must').map((c) => c.query),
    clauses.filter((c) => c.occur === 'should').map((c) => c.query),
    msm,
  );
}

/** The JSON value of `query` (XContentParser#objectText: strings, numbers and booleans). */
function queryValue(name: string, key: string, v: unknown): unknown {
  if (Array.isArray(v)) throw parsingError(`[${name}] unknown token [START_ARRAY] after [${key}]`);
  if (isPlainObject(v)) throw parsingError(`[${name}] unknown token [START_OBJECT] after [${key}]`);
  return v;
}

/** Reads an option that must be a JSON scalar ("[match] unknown token [START_ARRAY] after [operator]"). */
export function scalarOption(name: string, key: string, v: unknown): unknown {
  return queryValue(name, key, v);
}

export function readOperator(v: unknown): 'should' | 'must' {
  const text = String(v).toUpperCase();
  if (text === 'OR') return 'should';
  if (text === 'AND') return 'must';
  throw new OpenSearchError(
    400,
    'illegal_argument_exception',
    `No enum constant org.opensearch.index.query.Operator.${text}`,
  );
}

export function readZeroTerms(v: unknown): 'none' | 'all' {
  const text = String(v);
  if (text.toLowerCase() === 'none') return 'none';
  if (text.toLowerCase() === 'all') return 'all';
  throw parsingError(`Unsupported zero_terms_query value [${text}]`);
}

export function readBoolean(name: string, key: string, v: unknown): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw parsingError(`[${name}] failed to parse field [${key}]`);
}

/** The `minimum_should_match` option as text (parser.textOrNull), or undefined. */
export function readMsm(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return String(v);
}

/**
 * The one-field shape shared by match and match_phrase (MatchQueryBuilder#fromXContent): `{"f": "text"}` or
 * `{"f": {"query": ..., options}}`; a second field is "[match] query doesn't support multiple fields, found [a] and [b]".
 */
export function singleFieldBody(name: string, body: unknown): [string | undefined, unknown] {
  if (!isPlainObject(body)) throw parsingError(`[${name}] query malformed, no start_object after query name`);
  let field: string | undefined;
  let spec: unknown;
  for (const [key, v] of Object.entries(body)) {
    if (field !== undefined) {
      throw parsingError(`[${name}] query doesn't support multiple fields, found [${field}] and [${key}]`);
    }
    field = key;
    spec = v;
  }
  return [field, spec];
}

/** `match`. */
export const matchQueryParser: QueryParser = (body, ctx) => {
  const [field, spec] = singleFieldBody('match', body);
  let value: unknown;
  let occur: 'should' | 'must' = 'should';
  let analyzer: string | undefined;
  let boost = 1;
  let msm: string | undefined;
  let lenient = false;
  let zeroTerms: 'none' | 'all' = 'none';
  if (isPlainObject(spec)) {
    for (const [key, raw] of Object.entries(spec)) {
      const v = queryValue('match', key, raw);
      switch (key) {
        case 'query':
          value = v;
          break;
        case 'analyzer':
          analyzer = String(v);
          break;
        case 'boost':
          boost = readBoost('match', v);
          break;
        case 'operator':
          occur = readOperator(v);
          break;
        case 'minimum_should_match':
          msm = readMsm(v);
          break;
        case 'lenient':
          lenient = readBoolean('match', key, v);
          break;
        case 'zero_terms_query':
          zeroTerms = readZeroTerms(v);
          break;
        case '_name':
        case 'fuzzy_transpositions':
        case 'auto_generate_synonyms_phrase_query':
        case 'prefix_length':
        case 'max_expansions':
        case 'fuzzy_rewrite':
        case 'cutoff_frequency':
          break;
        case 'fuzziness':
          throw parsingError('[match] fuzziness is not supported by the embedded engine');
        default:
          throw parsingError(`[match] query does not support [${key}]`);
      }
    }
  } else {
    value = spec;
  }
  if (value === null || value === undefined || field === undefined)
    throw parsingError('No text specified for text query');
  checkAnalyzer(ctx, 'match', analyzer);
  return fullTextFieldQuery(ctx, field, value, {
    type: 'boolean',
    occur,
    analyzer,
    slop: 0,
    lenient,
    zeroTermsQuery: zeroTerms,
    boost,
    minimumShouldMatch: msm,
    queryName: 'match',
  });
};
