import { simpleMatch } from '../../indices/index-names';
import { scanDocSet } from '../doc-sets';
import { KeywordColumn, NumericColumn, GeoColumn, TextColumn, VectorColumn, Column } from '../index-reader';
import { checkKeys, parsingError, queryObject, readBoost } from '../parse-helpers';
import { QueryParser } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';

function hasValue(column: Column, doc: number): boolean {
  if (column instanceof TextColumn) return column.length(doc) > 0;
  if (column instanceof VectorColumn) return column.has(doc);
  if (column instanceof NumericColumn || column instanceof KeywordColumn || column instanceof GeoColumn) {
    return column.valueCount(doc) > 0;
  }
  return false;
}

/**
 * `exists` (ExistsQueryBuilder): documents with a value in the field, in any field it names by pattern, or in any
 * field under an object; constant 1.0 × boost.
 */
export const existsQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('exists', body);
  checkKeys('exists', o, ['field', 'boost', '_name']);
  if (typeof o.field !== 'string') throw parsingError('[exists] must be provided with a [field]');
  const pattern = o.field;
  const boost = readBoost('exists', o.boost);
  const fields = ctx.mappings
    .fields()
    .map((f) => f.path)
    .filter((path) => simpleMatch(pattern, path) || path.startsWith(`${pattern}.`));
  if (fields.length === 0) return MATCH_NONE;
  // what it matches is fixed by the fields it resolved to: cached per reader, as the term-level queries are
  return new ConstantScoreMatches(
    `FieldExistsQuery [field=${pattern}]`,
    boost,
    (s) => {
      const columns = fields.map((f) => s.reader.column(f)).filter((c): c is Column => c !== undefined);
      return scanDocSet(s.reader, 1, (doc) => columns.some((c) => hasValue(c, doc)));
    },
    false,
    `exists:${JSON.stringify(fields)}`,
  );
};
