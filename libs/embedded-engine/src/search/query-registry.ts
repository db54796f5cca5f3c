import { isPlainObject } from '../rest/json';
import { didYouMean } from '../rest/suggestions';
import { OpenSearchError } from '../errors';
import { Query, QueryParseContext, QueryParser } from './types';
import { inFilterContext } from './filter-clause-cache';
import { matchAllQueryParser, matchNoneQueryParser } from './queries/match-all';
import { termQueryParser, termsQueryParser } from './queries/term';
import { rangeQueryParser } from './queries/range';
import { existsQueryParser } from './queries/exists';
import { idsQueryParser } from './queries/ids';
import { prefixQueryParser, wildcardQueryParser } from './queries/prefix-wildcard';
import { boolQueryParser, constantScoreQueryParser, disMaxQueryParser } from './queries/compound';
import { geoBoundingBoxQueryParser, geoDistanceQueryParser } from './queries/geo';
import { matchQueryParser } from './queries/match';
import { matchPhraseQueryParser } from './queries/match-phrase';
import { multiMatchQueryParser } from './queries/multi-match';
import { functionScoreQueryParser } from './queries/function-score';
import { knnQueryParser } from './queries/knn';
import { scriptScoreQueryParser } from './queries/script-score';

/** Every query type the engine understands, by its name in the query DSL (SearchModule#registerQueryParsers). */
const QUERY_PARSERS: Record<string, QueryParser> = {
  match_all: matchAllQueryParser,
  match_none: matchNoneQueryParser,
  term: termQueryParser,
  terms: termsQueryParser,
  range: rangeQueryParser,
  exists: existsQueryParser,
  ids: idsQueryParser,
  prefix: prefixQueryParser,
  wildcard: wildcardQueryParser,
  bool: boolQueryParser,
  constant_score: constantScoreQueryParser,
  dis_max: disMaxQueryParser,
  geo_distance: geoDistanceQueryParser,
  geo_bounding_box: geoBoundingBoxQueryParser,
  match: matchQueryParser,
  match_phrase: matchPhraseQueryParser,
  multi_match: multiMatchQueryParser,
  function_score: functionScoreQueryParser,
  knn: knnQueryParser,
  script_score: scriptScoreQueryParser,
};

/** Query types registered with more than one name. */
const ALIASES: Record<string, string> = { geo_bbox: 'geo_bounding_box' };

export type QueryContext = Omit<QueryParseContext, 'parseInner' | 'parseFilter'>;

/**
 * Parses one query clause `{"<type>": {...}}` (AbstractQueryBuilder#parseInnerQueryBuilder) with OpenSearch's
 * errors: "query malformed, empty clause found", "unknown query [x]", "[x] malformed query, expected [END_OBJECT]".
 */
export function parseQuery(json: unknown, ctx: QueryContext): Query {
  const full: QueryParseContext = {
    ...ctx,
    parseInner: (inner) => parseQuery(inner, ctx),
    parseFilter: (inner) => inFilterContext(inner, parseQuery(inner, ctx)),
  };
  if (!isPlainObject(json)) {
    throw new OpenSearchError(
      400,
      'parsing_exception',
      '[_na] query malformed, must start with start_object',
    );
  }
  const keys = Object.keys(json);
  if (keys.length === 0)
    throw new OpenSearchError(400, 'parsing_exception', 'query malformed, empty clause found');
  const type = keys[0];
  if (keys.length > 1) {
    throw new OpenSearchError(
      400,
      'parsing_exception',
      `[${type}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`,
    );
  }
  const parser = QUERY_PARSERS[ALIASES[type] ?? type];
  if (!parser) {
    // AbstractQueryBuilder wraps the registry's NamedObjectNotFoundException, which carries the suggestion.
    const suggestion = didYouMean(type, Object.keys(QUERY_PARSERS), 0.7);
    throw new OpenSearchError(
      400,
      'parsing_exception',
      `unknown query [${type}]`,
      {},
      new OpenSearchError(
        400,
        'named_object_not_found_exception',
        `[1:2] unknown field [${type}]${suggestion ? ` did you mean ${suggestion}?` : ''}`,
      ),
    );
  }
  return parser(json[type], full);
}
