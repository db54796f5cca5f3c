import { asOpenSearchError, OpenSearchError } from '../../errors';
import { isPlainObject } from '../../rest/json';
import { constantDocSet, EMPTY_DOC_SET, unionDocs } from '../doc-sets';
import { dateValue, NUMERIC_FIELD_TYPES, numericRange } from '../field-values';
import { failedToCreateQuery, queryShardError } from '../shard-errors';
import { checkKeys, parsingError, queryObject, readBoost, singleField, termText } from '../parse-helpers';
import { Query, QueryParser } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';

const RANGE_KEYS = [
  'gt',
  'gte',
  'lt',
  'lte',
  'from',
  'to',
  'include_lower',
  'include_upper',
  'format',
  'time_zone',
  'relation',
  'boost',
  '_name',
];
const UTC_ZONES = new Set(['UTC', 'Z', '+00:00', '-00:00', 'GMT', 'Etc/UTC']);

/**
 * `range` (RangeQueryBuilder): numeric and date fields on doc values, keyword fields on term order; constant
 * 1.0 × boost. Date bounds take date math and are rounded as DateFieldType#parseToLong rounds them.
 */
export const rangeQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('range', body);
  const [field, spec] = singleField('range', o);
  if (!isPlainObject(spec)) throw parsingError(`[range] query malformed, no start_object after query name`);
  checkKeys('range', spec, RANGE_KEYS);
  let from: unknown = spec.from;
  let to: unknown = spec.to;
  let includeLower = spec.include_lower === undefined ? true : spec.include_lower === true;
  let includeUpper = spec.include_upper === undefined ? true : spec.include_upper === true;
  if (spec.gt !== undefined) [from, includeLower] = [spec.gt, false];
  if (spec.gte !== undefined) [from, includeLower] = [spec.gte, true];
  if (spec.lt !== undefined) [to, includeUpper] = [spec.lt, false];
  if (spec.lte !== undefined) [to, includeUpper] = [spec.lte, true];
  const boost = readBoost('range', spec.boost ?? o.boost);
  const format = spec.format as string | undefined;
  if (spec.time_zone !== undefined && !UTC_ZONES.has(String(spec.time_zone))) {
    throw new OpenSearchError(
      400,
      'illegal_argument_exception',
      `[range] time_zone [${String(spec.time_zone)}] is not supported by the embedded engine; dates are in UTC`,
    );
  }
  const info = ctx.mappings.field(field);
  if (!info) return MATCH_NONE;
  const description = `${field}:${includeLower ? '[' : '{'}${from ?? '*'} TO ${to ?? '*'}${includeUpper ? ']' : '}'}`;
  const fail = (error: unknown): never => {
    throw failedToCreateQuery(ctx.indexName, asOpenSearchError(error));
  };
  let lo = -Infinity;
  let hi = Infinity;
  if (info.type === 'date') {
    try {
      if (from !== undefined && from !== null)
        lo = dateValue(info, from, ctx.now, !includeLower, format) + (includeLower ? 0 : 1);
      if (to !== undefined && to !== null)
        hi = dateValue(info, to, ctx.now, includeUpper, format) - (includeUpper ? 0 : 1);
    } catch (error) {
      fail(error);
    }
  } else if (NUMERIC_FIELD_TYPES.has(info.type) || info.type === 'boolean') {
    try {
      [lo, hi] = numericRange(info, from, to, includeLower, includeUpper);
    } catch (error) {
      fail(error);
    }
  } else if (info.type === 'keyword' || info.type === 'ip' || info.type === 'text') {
    return termRange(description, field, info.type, from, to, includeLower, includeUpper, boost);
  } else {
    throw queryShardError(
      `Field [${field}] of type [${info.type}] does not support range queries`,
      ctx.indexName,
    );
  }
  if (lo > hi) return MATCH_NONE;
  return new ConstantScoreMatches(
    description,
    boost,
    (s) => {
      const column = s.reader.numeric(field);
      if (!column) return EMPTY_DOC_SET;
      const docs = column.inRange(s.reader.liveDocs(), lo, hi);
      return { docs, scores: new Float32Array(docs.length).fill(1) };
    },
    true,
    `numbers:${field}:${lo}..${hi}`,
  );
};

/** TermRangeQuery: terms compared as UTF-8 bytes (code point order), constant score. */
function termRange(
  description: string,
  field: string,
  type: string,
  from: unknown,
  to: unknown,
  includeLower: boolean,
  includeUpper: boolean,
  boost: number,
): Query {
  const lower = from === undefined || from === null ? undefined : termText(from);
  const upper = to === undefined || to === null ? undefined : termText(to);
  const inRange = (term: string) => {
    if (lower !== undefined) {
      const c = compareCodePoints(term, lower);
      if (c < 0 || (c === 0 && !includeLower)) return false;
    }
    if (upper !== undefined) {
      const c = compareCodePoints(term, upper);
      if (c > 0 || (c === 0 && !includeUpper)) return false;
    }
    return true;
  };
  const rangeQuery = new ConstantScoreMatches(
    description,
    boost,
    (s) => {
      const lists: Int32Array[] = [];
      if (type === 'text') {
        const column = s.reader.text(field);
        if (column)
          for (const term of column.termsIterator())
            if (inRange(term)) lists.push(column.postings(term)!.docs);
      } else {
        const column = s.reader.keyword(field);
        if (column) for (const term of column.terms()) if (inRange(term)) lists.push(column.postings(term)!);
      }
      return constantDocSet(s.reader, unionDocs(lists), 1);
    },
    true,
  );
  return rangeQuery;
}

/** Unicode code point order, which is UTF-8 byte order (BytesRef#compareTo). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
