import { constantDocSet } from '../doc-sets';
import { checkKeys, parsingError, queryObject, readBoost } from '../parse-helpers';
import { Query, QueryParser } from '../types';
import { ConstantScoreMatches } from './constant';

/** Documents by `_id`, constant 1.0 × boost (TermInSetQuery on _id). */
export function idsMatch(ids: string[], boost: number): Query {
  return new ConstantScoreMatches(`_id:(${ids.join(' ')})`, boost, (s) => {
    const docs = ids
      .map((id) => s.reader.docIdOf(id))
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
    return constantDocSet(s.reader, Int32Array.from(docs), 1);
  });
}

/** `ids` (IdsQueryBuilder). */
export const idsQueryParser: QueryParser = (body) => {
  const o = queryObject('ids', body);
  checkKeys('ids', o, ['values', 'boost', '_name']);
  if (o.values !== undefined && !Array.isArray(o.values))
    throw parsingError('[ids] failed to parse field [values]');
  const values = ((o.values as unknown[]) ?? []).map((v) => String(v));
  return idsMatch(values, readBoost('ids', o.boost));
};
