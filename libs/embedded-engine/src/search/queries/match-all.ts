import { EMPTY_DOC_SET } from '../doc-sets';
import { checkKeys, queryObject, readBoost } from '../parse-helpers';
import { Query, QueryParser } from '../types';
import { ConstantScoreMatches } from './constant';

/** `match_all`: every document, score 1.0 × boost (MatchAllDocsQuery). */
export const matchAllQueryParser: QueryParser = (body) => {
  const o = queryObject('match_all', body);
  checkKeys('match_all', o, ['boost', '_name']);
  const boost = readBoost('match_all', o.boost);
  return new ConstantScoreMatches('*:*', boost, (s) => ({
    docs: s.reader.liveDocs(),
    scores: new Float32Array(s.reader.liveCount).fill(boost),
  }));
};

/** MatchNoDocsQuery: nothing. */
export const MATCH_NONE: Query = {
  execute: () => EMPTY_DOC_SET,
  explain: () => ({ value: 0, description: 'MatchNoDocsQuery("")', details: [] }),
};

export const matchNoneQueryParser: QueryParser = (body) => {
  const o = queryObject('match_none', body);
  checkKeys('match_none', o, ['boost', '_name']);
  return MATCH_NONE;
};
