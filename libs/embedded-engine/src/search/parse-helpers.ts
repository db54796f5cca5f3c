import { OpenSearchError } from '../errors';
import { isPlainObject } from '../rest/json';

/** OpenSearch's ParsingException (400 `parsing_exception`). */
export function parsingError(reason: string): OpenSearchError {
  return new OpenSearchError(400, 'parsing_exception', reason);
}

/** A query builder's object body, or "[x] query malformed, no start_object after query name". */
export function queryObject(type: string, body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw parsingError(`[${type}] query malformed, no start_object after query name`);
  return body;
}

/**
 * The `{"field": value}` or `{"field": {...options}}` shape of term-level and full-text queries: exactly one field,
 * besides the shared `boost` and `_name` (e.g. "[term] query doesn't support multiple fields, found [a] and [b]").
 */
export function singleField(type: string, body: Record<string, unknown>): [string, unknown] {
  const entries = Object.entries(body).filter(([k]) => k !== 'boost' && k !== '_name');
  if (entries.length === 0) throw parsingError(`[${type}] query doesn't support empty fields`);
  if (entries.length > 1) {
    throw parsingError(
      `[${type}] query doesn't support multiple fields, found [${entries[0][0]}] and [${entries[1][0]}]`,
    );
  }
  return entries[0];
}

/** `boost`: a number (or numeric string), as AbstractQueryBuilder reads it. */
export function readBoost(type: string, value: unknown): number {
  if (value === undefined) return 1;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw parsingError(`[${type}] failed to parse field [boost]`);
  if (n < 0) {
    throw new OpenSearchError(
      400,
      'illegal_argument_exception',
      `negative [boost] are not allowed in [${type}], but got [${n}]`,
    );
  }
  return Math.fround(n);
}

/** Rejects options a query does not take: "[term] query does not support [foo]". */
export function checkKeys(type: string, body: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw parsingError(`[${type}] query does not support [${key}]`);
  }
}

/** A JSON scalar as the term text OpenSearch compares it by (numbers and booleans as their string form). */
export function termText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
