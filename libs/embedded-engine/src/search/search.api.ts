import { EngineState } from '../engine-state';
import { asOpenSearchError, illegalArgument, OpenSearchError } from '../errors';
import { IndexStore } from '../indices/index-store';
import { settingInteger } from '../indices/settings';
import { parseTimeValue } from '../time-value';
import { javaFloat } from '../mapping/java-text';
import {
  FETCH_ALL,
  renderSource,
  SourceFilter,
  sourceFilterFromBody,
  sourceFilterFromParams,
} from '../documents/source-filter';
import { isPlainObject, RawJson, stringifyResponse } from '../rest/json';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';
import { indexOfDoc } from './doc-sets';
import { TopScoreHits } from './top-hits';
import { parseQuery } from './query-registry';
import {
  compareSortValues,
  displaySortValue,
  parseSort,
  SortSpec,
  sortValue,
  SortValue,
  validateSort,
} from './sort';
import { DocSet, Explanation, Query, SearchDeadline, Searcher } from './types';
import { DEFAULT_EF_SEARCH } from './vectors/approximate-index';

const BODY_KEYS = new Set([
  'query',
  'size',
  'from',
  'sort',
  'search_after',
  '_source',
  'track_total_hits',
  'track_scores',
  'min_score',
  'explain',
  'post_filter',
  'timeout',
  'version',
  'seq_no_primary_term',
  'stored_fields',
]);

const SEARCH_PARAMS = [
  'size',
  'from',
  'sort',
  '_source',
  '_source_includes',
  '_source_excludes',
  'track_total_hits',
  'track_scores',
  'timeout',
  'explain',
  'version',
  'seq_no_primary_term',
  'search_type',
  'request_cache',
  'preference',
  'routing',
  'allow_partial_search_results',
  'ignore_unavailable',
  'allow_no_indices',
  'expand_wildcards',
  'ignore_throttled',
  'rest_total_hits_as_int',
  'typed_keys',
  'batched_reduce_size',
  'ccs_minimize_roundtrips',
  'max_concurrent_shard_requests',
  'pre_filter_shard_size',
  'cancel_after_time_interval',
  'phase_took',
];

const DEFAULT_TRACK_TOTAL_HITS = 10_000;

/** How JSON names a value's token, as SearchSourceBuilder's "Unknown key for a X in [k]." says it. */
function tokenName(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'number') return 'VALUE_NUMBER';
  return 'VALUE_BOOLEAN';
}

function parsing(reason: string): OpenSearchError {
  return new OpenSearchError(400, 'parsing_exception', reason);
}

function nonNegativeInt(name: string, value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw parsing(`[${name}] failed to parse field [${name}]`);
  if (n < 0) throw illegalArgument(`[${name}] parameter cannot be negative, found [${n}]`);
  return n;
}

interface SearchRequest {
  /** `timeout` in milliseconds; -1: none. */
  timeoutMs: number;
  query: unknown;
  postFilter: unknown;
  size: number;
  from: number;
  sort?: SortSpec[];
  searchAfter?: unknown[];
  source: SourceFilter;
  trackTotalHits: number | boolean;
  trackScores: boolean;
  minScore?: number;
  explain: boolean;
  version: boolean;
  seqNoPrimaryTerm: boolean;
  totalHitsAsInt: boolean;
}

/** SearchSourceBuilder#parseXContent plus the URL parameters RestSearchAction lays over it. */
function readRequest(call: RestCall): SearchRequest {
  const body = call.jsonBody(false) ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'aggs' || key === 'aggregations') {
      throw illegalArgument('aggregations are not supported by the embedded engine');
    }
    if (!BODY_KEYS.has(key)) throw parsing(`Unknown key for a ${tokenName(value)} in [${key}].`);
  }
  const q = call.request.query;
  const size = nonNegativeInt('size', q.size ?? body.size ?? 10);
  const from = nonNegativeInt('from', q.from ?? body.from ?? 0);
  let sort: SortSpec[] | undefined;
  if (q.sort !== undefined) {
    sort = parseSort(
      q.sort.split(',').map((s) => {
        const [field, order] = s.split(':');
        return order ? { [field]: order } : field;
      }),
    );
  } else if (body.sort !== undefined) {
    sort = parseSort(body.sort);
  }
  let trackTotalHits: number | boolean = DEFAULT_TRACK_TOTAL_HITS;
  const tth: unknown = q.track_total_hits ?? body.track_total_hits;
  if (tth !== undefined) {
    if (tth === true || tth === 'true') trackTotalHits = true;
    else if (tth === false || tth === 'false') trackTotalHits = false;
    else {
      const n = Number(tth);
      if (!Number.isInteger(n)) throw parsing(`[track_total_hits] failed to parse field [track_total_hits]`);
      if (n < -1)
        throw illegalArgument(`[track_total_hits] parameter must be positive or equals to -1, got ${n}`);
      trackTotalHits = n === -1 ? true : n;
    }
  }
  const hasSourceParams =
    q._source !== undefined || q._source_includes !== undefined || q._source_excludes !== undefined;
  const source = hasSourceParams
    ? sourceFilterFromParams(q)
    : body._source !== undefined
      ? sourceFilterFromBody(body._source)
      : FETCH_ALL;
  const timeout = q.timeout ?? body.timeout;
  const timeoutMs = timeout === undefined ? -1 : parseTimeValue(String(timeout), 'timeout');
  if (body.search_after !== undefined && !Array.isArray(body.search_after))
    throw parsing('[search_after] failed to parse field [search_after]');
  if (body.min_score !== undefined && typeof body.min_score !== 'number')
    throw parsing('[min_score] failed to parse field [min_score]');
  const flag = (name: string, value: unknown) => {
    if (value === undefined) return false;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '') return true;
    if (value === 'false') return false;
    throw parsing(`[${name}] failed to parse field [${name}]`);
  };
  return {
    query: body.query ?? { match_all: {} },
    postFilter: body.post_filter,
    size,
    from,
    sort,
    searchAfter: body.search_after as unknown[] | undefined,
    source,
    trackTotalHits,
    trackScores: flag('track_scores', q.track_scores ?? body.track_scores),
    minScore: body.min_score as number | undefined,
    explain: flag('explain', q.explain ?? body.explain),
    version: flag('version', q.version ?? body.version),
    seqNoPrimaryTerm: flag('seq_no_primary_term', q.seq_no_primary_term ?? body.seq_no_primary_term),
    totalHitsAsInt: call.queryBoolean('rest_total_hits_as_int', false),
    timeoutMs,
  };
}

function shardFailures(failures: { index: IndexStore; error: OpenSearchError }[]): OpenSearchError {
  const first = failures[0].error;
  const rootCauses = failures.map(
    ({ index, error }) =>
      new OpenSearchError(error.status, error.type, error.reason, {
        ...error.metadata,
        index_uuid: index.uuid,
        index: index.name,
      }),
  );
  const grouped = new Map<string, { index: IndexStore; error: OpenSearchError }>();
  for (const f of failures)
    if (!grouped.has(f.error.type + f.error.reason)) grouped.set(f.error.type + f.error.reason, f);
  return new OpenSearchError(
    first.status,
    'search_phase_execution_exception',
    'all shards failed',
    {
      phase: 'query',
      grouped: true,
      failed_shards: [...grouped.values()].map(({ index, error }) => ({
        shard: 0,
        index: index.name,
        node: 'embedded-node',
        reason: error.toJSON(),
      })) as never,
    },
    first,
    rootCauses,
  );
}

interface Hit {
  index: IndexStore;
  searcher: Searcher;
  query: Query;
  doc: number;
  score: number;
  sortValues: SortValue[];
  /** Position of the index among the searched ones: ties between indices go by it (shard order). */
  shard: number;
}

/** The alias filters that apply to each index reached only through filtered aliases. */
function aliasFilters(state: EngineState, expression: string | undefined): Map<string, unknown[] | null> {
  const filters = new Map<string, unknown[] | null>();
  if (!expression) return filters;
  for (const name of expression.split(',')) {
    if (state.indices.has(name) || name.includes('*')) {
      for (const index of state.resolve(name, { ignoreUnavailable: true })) filters.set(index.name, null);
      continue;
    }
    for (const index of state.aliasTargets(name)) {
      const filter = index.meta.aliases.get(name)?.filter;
      const current = filters.get(index.name);
      if (current === null) continue;
      if (!filter) filters.set(index.name, null);
      else filters.set(index.name, [...(current ?? []), filter]);
    }
  }
  return filters;
}

function withAliasFilter(query: unknown, filters: unknown[] | null | undefined): unknown {
  if (!filters || filters.length === 0) return query;
  return { bool: { must: [query], filter: [{ bool: { should: filters, minimum_should_match: 1 } }] } };
}

/** One index's matches: the documents that pass the query, the post filter and min_score, with their scores. */
interface IndexMatches {
  index: IndexStore;
  searcher: Searcher;
  query: Query;
  /** Position of the index among the searched ones: ties between indices go by it (shard order). */
  shard: number;
  set: DocSet;
}

/** Keeps the documents of `set` that `keep` accepts. */
function narrow(set: DocSet, keep: (doc: number, score: number) => boolean): DocSet {
  const docs = new Int32Array(set.docs.length);
  const scores = new Float32Array(set.docs.length);
  let n = 0;
  for (let i = 0; i < set.docs.length; i++) {
    if (!keep(set.docs[i], set.scores[i])) continue;
    docs[n] = set.docs[i];
    scores[n++] = set.scores[i];
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Runs the query on every index: the matching documents per index, failures gathered as shard failures. */
function collect(
  state: EngineState,
  call: RestCall,
  request: SearchRequest,
  now: number,
  deadline: SearchDeadline | undefined,
) {
  const expression = call.pathParams.index;
  const indices = state.resolve(expression, {
    ignoreUnavailable: call.queryBoolean('ignore_unavailable', false),
    allowNoIndices: call.queryBoolean('allow_no_indices', true),
  });
  const filters = aliasFilters(state, expression);
  const matches: IndexMatches[] = [];
  const failures: { index: IndexStore; error: OpenSearchError }[] = [];
  let shards = 0;
  indices.forEach((index, shard) => {
    shards += settingInteger(index.meta.settings, 'index.number_of_shards', 1);
    const reader = index.searchableReader();
    const searcher: Searcher = {
      reader,
      mappings: index.meta.mappings,
      indexName: index.name,
      now,
      deadline,
    };
    const ctx = {
      mappings: index.meta.mappings,
      indexName: index.name,
      now,
      scripts: state.scripts,
      knnEfSearch: settingInteger(index.meta.settings, 'index.knn.algo_param.ef_search', DEFAULT_EF_SEARCH),
    };
    // out of time: the indices not searched yet contribute nothing (the search answers timed_out)
    if (deadline?.passed()) return;
    // Building the query: structural errors answer the request as they are; mapping-dependent ones
    // (query_shard_exception) fail this index's shard, as QueryShardContext#toQuery does.
    let query: Query;
    let postFilter: Query | undefined;
    try {
      query = parseQuery(withAliasFilter(request.query, filters.get(index.name)), ctx);
      postFilter = request.postFilter === undefined ? undefined : parseQuery(request.postFilter, ctx);
    } catch (error) {
      const e = asOpenSearchError(error);
      if (!e.shardLevel) throw e;
      failures.push({ index, error: e });
      return;
    }
    try {
      const window = settingInteger(index.meta.settings, 'index.max_result_window', 10_000);
      if (request.from + request.size > window) {
        throw illegalArgument(
          `Result window is too large, from + size must be less than or equal to: [${window}] but was [${request.from + request.size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
        );
      }
      for (const spec of request.sort ?? []) validateSort(spec, searcher);
      let set: DocSet = query.execute(searcher);
      if (postFilter) {
        const kept = postFilter.execute(searcher).docs;
        set = narrow(set, (doc) => indexOfDoc(kept, doc) >= 0);
      }
      const minScore = request.minScore;
      if (minScore !== undefined) set = narrow(set, (_doc, score) => score >= minScore);
      matches.push({ index, searcher, query, shard, set });
    } catch (error) {
      // Everything that fails while the query runs is a shard failure, 500s included.
      failures.push({ index, error: asOpenSearchError(error) });
    }
  });
  if (failures.length > 0) throw shardFailures(failures);
  return { matches, shards };
}

/**
 * The page of hits. Sorted by score (the default), only the best `from + size` are kept while scanning; sorted by
 * fields, every match gets its sort values and the list is sorted.
 */
function selectHits(request: SearchRequest, matches: IndexMatches[]): Hit[] {
  const wanted = request.from + request.size;
  if (!request.sort) {
    let below = Infinity;
    if (request.searchAfter) {
      if (request.searchAfter.length !== 1) {
        throw illegalArgument(`search_after has ${request.searchAfter.length} value(s) but sort has 1.`);
      }
      below = Number(request.searchAfter[0]);
    }
    const top = new TopScoreHits(wanted);
    for (const m of matches) {
      const { docs, scores } = m.set;
      for (let i = 0; i < docs.length; i++) if (scores[i] < below) top.offer(scores[i], m.shard, docs[i]);
    }
    return top
      .sorted()
      .slice(request.from)
      .map(({ score, shard, doc }) => {
        const m = matches.find((x) => x.shard === shard) as IndexMatches;
        return { index: m.index, searcher: m.searcher, query: m.query, doc, score, sortValues: [], shard };
      });
  }
  const sort = request.sort;
  const hits: Hit[] = [];
  for (const m of matches) {
    const { docs, scores } = m.set;
    for (let i = 0; i < docs.length; i++) {
      const sortValues = sort.map((spec) => sortValue(spec, m.searcher, docs[i], scores[i]));
      hits.push({
        index: m.index,
        searcher: m.searcher,
        query: m.query,
        doc: docs[i],
        score: scores[i],
        sortValues,
        shard: m.shard,
      });
    }
  }
  return afterFilter(request, hits).sort(compareHits(request)).slice(request.from, wanted);
}

function compareHits(request: SearchRequest) {
  const sort = request.sort;
  return (a: Hit, b: Hit): number => {
    if (sort) {
      for (let i = 0; i < sort.length; i++) {
        const c = compareSortValues(a.sortValues[i], b.sortValues[i]);
        if (c !== 0) return sort[i].order === 'asc' ? c : -c;
      }
    } else if (a.score !== b.score) {
      return b.score - a.score;
    }
    return a.shard - b.shard || a.doc - b.doc;
  };
}

/** `search_after` on a field sort: only hits that sort after the given values. */
function afterFilter(request: SearchRequest, hits: Hit[]): Hit[] {
  const after = request.searchAfter;
  if (!after || !request.sort) return hits;
  const sort = request.sort;
  if (after.length !== sort.length) {
    throw illegalArgument(`search_after has ${after.length} value(s) but sort has ${sort.length}.`);
  }
  const values: SortValue[] = after.map((v) =>
    typeof v === 'number' && Math.abs(v) >= 9.2e18 ? (v > 0 ? Infinity : -Infinity) : (v as SortValue),
  );
  return hits.filter((hit) => {
    for (let i = 0; i < sort.length; i++) {
      const c = compareSortValues(hit.sortValues[i], values[i]);
      if (c !== 0) return sort[i].order === 'asc' ? c > 0 : c < 0;
    }
    return false;
  });
}

/** A float score as Jackson writes a Java float (the shortest digits that round-trip through float32). */
function scoreJson(score: number): RawJson {
  return new RawJson(javaFloat(score));
}

/**
 * One hit as JSON text, written field by field in the order OpenSearch writes them (what JSON.stringify would make
 * of the hit object, with the stored source spliced in as it is): a page of hits is most of a response, and
 * building objects only to serialise them costs twice.
 */
function renderHitJson(request: SearchRequest, hit: Hit, scored: boolean): string {
  const stored = hit.searcher.reader.storedDoc(hit.doc);
  const name = JSON.stringify(hit.index.name);
  let out = '{';
  if (request.explain) out += `"_shard":${JSON.stringify(`[${hit.index.name}][0]`)},"_node":"embedded-node",`;
  out += `"_index":${name},"_id":${JSON.stringify(stored.id)}`;
  if (request.version) out += `,"_version":${stored.version}`;
  if (request.seqNoPrimaryTerm) out += `,"_seq_no":${stored.seqNo},"_primary_term":${stored.primaryTerm}`;
  out += `,"_score":${scored ? javaFloat(hit.score) : 'null'}`;
  const source = renderSource(stored.source, request.source, stored);
  if (source !== undefined)
    out += `,"_source":${source instanceof RawJson ? source.text : JSON.stringify(source)}`;
  if (request.sort) {
    const sort = request.sort.map((spec, i) => {
      const v = hit.sortValues[i];
      if (spec.kind === 'score') return scoreJson(v as number);
      return displaySortValue(spec, hit.searcher, v);
    });
    out += `,"sort":${stringifyResponse(sort)}`;
  }
  if (request.explain) {
    out += `,"_explanation":${stringifyResponse(explanationJson(hit.query.explain(hit.searcher, hit.doc)))}`;
  }
  return `${out}}`;
}

function explanationJson(e: Explanation): Record<string, unknown> {
  return { value: scoreJson(e.value), description: e.description, details: e.details.map(explanationJson) };
}

async function search(state: EngineState, call: RestCall): Promise<EngineResponse> {
  const started = process.hrtime.bigint();
  const request = readRequest(call);
  const now = Date.now();
  const deadline =
    request.timeoutMs >= 0 ? new SearchDeadline(performance.now() + request.timeoutMs) : undefined;
  const { matches, shards } = collect(state, call, request, now, deadline);
  const scored = !request.sort || request.trackScores || request.sort.some((s) => s.kind === 'score');
  let maxScore: number | null = null;
  let total = 0;
  for (const m of matches) {
    total += m.set.docs.length;
    if (!scored) continue;
    const scores = m.set.scores;
    for (let i = 0; i < scores.length; i++)
      if (maxScore === null || scores[i] > maxScore) maxScore = scores[i];
  }
  const page = selectHits(request, matches);
  const body: Record<string, unknown> = {
    took: Number((process.hrtime.bigint() - started) / 1_000_000n),
    timed_out: deadline?.timedOut ?? false,
    _shards: { total: shards, successful: shards, skipped: 0, failed: 0 },
  };
  const hitsJson: Record<string, unknown> = {};
  if (request.trackTotalHits !== false) {
    const limit = request.trackTotalHits === true ? Infinity : request.trackTotalHits;
    const value = Math.min(total, limit);
    hitsJson.total = request.totalHitsAsInt ? value : { value, relation: total > limit ? 'gte' : 'eq' };
  }
  hitsJson.max_score = maxScore === null ? null : scoreJson(maxScore);
  hitsJson.hits = new RawJson(`[${page.map((hit) => renderHitJson(request, hit, scored)).join(',')}]`);
  body.hits = hitsJson;
  return { status: 200, body };
}

function count(state: EngineState, call: RestCall): EngineResponse {
  const body = call.jsonBody(false) ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'query') throw parsing(`request does not support [${key}]`);
    if (!isPlainObject(value)) throw parsing('[query] failed to parse field [query]');
  }
  const request: SearchRequest = {
    timeoutMs: -1,
    query: body.query ?? { match_all: {} },
    postFilter: undefined,
    size: 0,
    from: 0,
    source: FETCH_ALL,
    trackTotalHits: true,
    trackScores: false,
    explain: false,
    version: false,
    seqNoPrimaryTerm: false,
    totalHitsAsInt: false,
  };
  const { matches, shards } = collect(state, call, request, Date.now(), undefined);
  const count = matches.reduce((n, m) => n + m.set.docs.length, 0);
  return {
    status: 200,
    body: { count, _shards: { total: shards, successful: shards, skipped: 0, failed: 0 } },
  };
}

/** `_search` and `_count` on indices, aliases and patterns. */
export function searchRoutes(state: EngineState): Route[] {
  const searchHandler = (call: RestCall) => search(state, call);
  const countHandler = (call: RestCall) => count(state, call);
  const countParams = ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'routing', 'preference'];
  return [
    { method: 'GET', path: '/_search', params: SEARCH_PARAMS, handler: searchHandler },
    { method: 'POST', path: '/_search', params: SEARCH_PARAMS, handler: searchHandler },
    { method: 'GET', path: '/{index}/_search', params: SEARCH_PARAMS, handler: searchHandler },
    { method: 'POST', path: '/{index}/_search', params: SEARCH_PARAMS, handler: searchHandler },
    { method: 'GET', path: '/_count', params: countParams, handler: countHandler },
    { method: 'POST', path: '/_count', params: countParams, handler: countHandler },
    { method: 'GET', path: '/{index}/_count', params: countParams, handler: countHandler },
    { method: 'POST', path: '/{index}/_count', params: countParams, handler: countHandler },
  ];
}
