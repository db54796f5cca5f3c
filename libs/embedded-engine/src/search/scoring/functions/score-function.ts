import { OpenSearchError } from '../../../errors';
import { isPlainObject } from '../../../rest/json';
import { Explanation, QueryParseContext, Searcher } from '../../types';

/**
 * A function_score function (Lucene-side ScoreFunction): bound to one index's reader it gives each document a factor
 * (a double, as LeafScoreFunction#score does), and explains it.
 */
export interface ScoreFunction {
  /** ScoreFunction#getWeight: what avg/sum weigh this function by (1 unless a weight is set). */
  readonly weight: number;
  /** Whether the function reads the query's score (then a `replace` boost_mode still computes it). */
  readonly needsScores: boolean;
  bind(searcher: Searcher): LeafScoreFunction;
}

export interface LeafScoreFunction {
  score(doc: number, subQueryScore: number): number;
  explain(doc: number, subQueryScore: Explanation): Explanation;
}

/**
 * Parses the body of one function (`{"gauss": <body>}`), with the query's context and the entry's `_name`.
 * Parse-time errors are thrown from here; mapping-dependent ones too, marked as shard failures (see shardFailure).
 */
export type ScoreFunctionParser = (
  body: unknown,
  ctx: QueryParseContext,
  functionName: string | undefined,
) => ScoreFunction;

export function match(value: number, description: string, details: Explanation[] = []): Explanation {
  return { value, description, details };
}

/** Functions#nameOrEmptyArg: ", _name: x" or "". */
export function nameOrEmptyArg(functionName: string | undefined): string {
  return functionName ? `, _name: ${functionName}` : '';
}

/** Functions#nameOrEmptyFunc: "(_name: x)" or "". */
export function nameOrEmptyFunc(functionName: string | undefined): string {
  return functionName ? `(_name: ${functionName})` : '';
}

/** A function's object body, or the error a non-object gets from XContent parsing. */
export function functionObject(name: string, body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) {
    throw new OpenSearchError(400, 'parsing_exception', `[${name}] malformed function, expected an object`);
  }
  return body;
}

export { failedToCreateQuery, shardFailure } from '../../shard-errors';

/** XContentParser.Token names as OpenSearch prints them. */
export function tokenName(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (typeof value === 'boolean') return 'VALUE_BOOLEAN';
  if (typeof value === 'number') return 'VALUE_NUMBER';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

/** XContentParser#floatValue / #doubleValue (numbers, numeric strings); `name` is the field, for the error. */
export function numberValue(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (typeof value === 'string') {
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${value}"`);
  }
  throw new OpenSearchError(
    400,
    'parsing_exception',
    `Current token (${tokenName(value)}) not numeric, can not use numeric value accessors [${field}]`,
  );
}

/** XContentParser#text for a value token. */
export function textValue(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
