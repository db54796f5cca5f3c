import {
  Member,
  MemberDocument,
  MemberEdge,
  MemberEdgeDocument,
  fromMemberDocument,
  fromMemberEdgeDocument,
} from '@app/catalog';
import { Client } from '@opensearch-project/opensearch';
import { engineRequest, segment } from './engine-request';
import { SearchEngineError } from './engine-errors';
import { SearchNames } from './search-names';

/**
 * The networking scenario's engine calls: the members a discovery feed may show, found by one retrieval (a k-NN,
 * a list of ids, the recently joined) under the hard filters every source shares, and ranked in the engine by the
 * stored script `members-mutual-score-v1`; plus the viewer's own document and relations. Query builders are exported
 * so that their JSON can be read and tested on its own.
 */

/** The stored script of the first-pass ranking (painless/members-mutual-score-v1.painless). */
export const MUTUAL_SCORE_SCRIPT_ID = 'members-mutual-score-v1';

/**
 * The member fields a feed reads: the public ones it shows, and three private ones (`location`, `visibility`,
 * `preferences`) it needs to re-check eligibility and bucket distances. Embeddings, e-mail, stats and activity times
 * are never fetched.
 */
export const MEMBER_CANDIDATE_FIELDS = [
  'id',
  'displayName',
  'headline',
  'professions',
  'industries',
  'interests',
  'city',
  'country',
  'languages',
  'createdAt',
  'location',
  'visibility',
  'preferences',
] as const satisfies readonly (keyof Member)[];

/** A member as a feed candidate: never sent as it is (it holds private fields); responses pick public ones. */
export type MemberCandidate = Pick<Member, (typeof MEMBER_CANDIDATE_FIELDS)[number]>;

/** What the hard filters read of the viewer. */
export type MemberViewer = Pick<Member, 'id' | 'location' | 'industries' | 'languages' | 'preferences'>;

export interface MemberHardFilters {
  readonly viewer: MemberViewer;
  /** Never returned: the viewer, members blocked either way, connections, members the viewer liked or passed. */
  readonly excludedIds: readonly string[];
}

/** The params of `members-mutual-score-v1` (see painless/README.md). */
export interface MutualScoreParams {
  readonly viewerTaste: readonly number[];
  readonly viewerProfile: readonly number[];
  readonly viewerIndustries: readonly string[];
  readonly viewerInterests: readonly string[];
  /** `"lat,lon"` */
  readonly origin: string;
  /** e.g. `"25km"` */
  readonly distanceScale: string;
  /** ISO date-time */
  readonly now: string;
  readonly weights: {
    readonly mutual: number;
    readonly overlap: number;
    readonly distance: number;
    readonly activity: number;
  };
}

/** How a source finds its members before the hard filters and the script. */
export type MemberRetrieval =
  /** The `size` nearest members by `field` (profile or taste embedding) to `vector`, among the eligible ones. */
  | {
      readonly kind: 'knn';
      readonly field: 'profileEmbedding' | 'tasteEmbedding';
      readonly vector: readonly number[];
    }
  /** These members, when eligible. */
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  /**
   * Members who joined at or after `since` with at most `maxImpressions7d` impressions in the last 7 days; with
   * `nearTo`, only the `size` of them whose profile embedding is nearest to it (the script then ranks those few).
   */
  | {
      readonly kind: 'joinedSince';
      readonly since: string;
      readonly maxImpressions7d: number;
      readonly nearTo?: readonly number[];
    };

export interface MemberSearchRequest {
  readonly retrieval: MemberRetrieval;
  readonly filters: MemberHardFilters;
  readonly score: MutualScoreParams;
  /** The stored script of the first-pass ranking (default `members-mutual-score-v1`; experiments may pick another). */
  readonly scoreScript?: string;
  /** How many hits to return, best first. */
  readonly size: number;
}

export interface MemberHit {
  readonly id: string;
  /** The first-pass score of `members-mutual-score-v1`. */
  readonly score: number;
  readonly member: MemberCandidate;
}

/** A member's durable relations, seen from them: blocks count both ways. */
export interface MemberRelations {
  /** Members they blocked or who blocked them. */
  readonly blocked: readonly string[];
  readonly connected: readonly string[];
}

/**
 * `linear` decay on the candidate's location with this `scale` and `decay: 0.5` is `1 − d / 20100 km`, positive for
 * any two points on Earth (at most 20,015 km apart), so `1 − d/S + m/S ≥ 1` exactly when `d ≤ m`.
 */
const RECIPROCAL_DISTANCE_SPAN_KM = 20_100;
/** A hard distance without a number is no limit (as the catalog reads it): twice the span always passes. */
const NO_DISTANCE_LIMIT_KM = 2 * RECIPROCAL_DISTANCE_SPAN_KM;

/**
 * Members whose hard preference `flag` is set and who do not accept the viewer: those with the flag, less those
 * `accepts` matches. A `bool` with the acceptance in `must_not` costs only the members with the flag: a search engine
 * checks a prohibited clause at the docs the required ones let through (Lucene's conjunction; the embedded engine
 * shows such a clause the docs still kept).
 */
const FAILS = (flag: string, accepts: object): object => ({
  bool: { filter: [{ term: { [flag]: true } }], must_not: [accepts] },
});

/**
 * The members with a hard maximum distance who accept a viewer at `origin`: those within their limit, `1 − d/S + m/S
 * ≥ 1` (see RECIPROCAL_DISTANCE_SPAN_KM), and those whose limit has no number (no limit: `missing` passes).
 */
function acceptsDistance(origin: { lat: number; lon: number }): object {
  return {
    function_score: {
      query: { term: { 'preferences.hard.maxDistanceKm': true } },
      functions: [
        {
          linear: {
            location: { origin, scale: `${RECIPROCAL_DISTANCE_SPAN_KM / 2}km`, offset: '0km', decay: 0.5 },
          },
        },
        {
          field_value_factor: {
            field: 'preferences.maxDistanceKm',
            factor: 1 / RECIPROCAL_DISTANCE_SPAN_KM,
            missing: NO_DISTANCE_LIMIT_KM,
          },
        },
      ],
      score_mode: 'sum',
      boost_mode: 'replace',
      min_score: 1,
    },
  };
}

/** `terms` with no values matches nothing in OpenSearch; said explicitly rather than relying on it. */
const TERMS = (field: string, values: readonly string[]): object =>
  values.length === 0 ? { match_none: {} } : { terms: { [field]: [...values] } };

/**
 * The hard filters, as one `bool` query: what every source's query runs under, so that no source can return a
 * member the viewer must not see.
 * - visible members only (not hidden, not paused); none of `excludedIds` (the viewer, blocks either way,
 *   connections, recent likes and passes);
 * - the viewer's hard preferences: industries, languages, maximum distance from the viewer;
 * - each candidate's hard preferences about the viewer: a candidate with a hard industry (language) preference
 *   must list one of the viewer's industries (languages); a candidate with a hard maximum distance `m` must be
 *   within `m` of the viewer. That last test needs the candidate's own number, which no filter query compares with
 *   a distance: a `function_score` in filter context does it, summing `linear` decay of the distance
 *   (`1 − d/S`) and `field_value_factor` of the limit (`m/S`) with `min_score: 1` (OpenSearch applies min_score in
 *   filter context too: FunctionScoreQuery#createWeight). Scores are floats, so a candidate within about two metres
 *   of their limit may fall either side of it.
 */
export function memberHardFilterQuery(filters: MemberHardFilters): object {
  const { viewer } = filters;
  const { preferences } = viewer;
  const origin = { lat: viewer.location.lat, lon: viewer.location.lon };
  const filter: object[] = [{ term: { visibility: 'visible' } }];
  if (preferences.hard.industries) filter.push(TERMS('industries', preferences.industries));
  if (preferences.hard.languages) filter.push(TERMS('languages', preferences.languages));
  if (preferences.hard.maxDistanceKm && preferences.maxDistanceKm !== undefined) {
    filter.push({ geo_distance: { distance: `${preferences.maxDistanceKm}km`, location: origin } });
  }

  // Written as exclusions of the few members with a hard preference the viewer fails, rather than as "no hard
  // preference, or one the viewer meets": the same set, but the engine then only looks at the few.
  const excluded = [...new Set([viewer.id, ...filters.excludedIds])];
  const mustNot: object[] = [
    { ids: { values: excluded } },
    FAILS('preferences.hard.industries', TERMS('preferences.industries', viewer.industries)),
    FAILS('preferences.hard.languages', TERMS('preferences.languages', viewer.languages)),
    FAILS('preferences.hard.maxDistanceKm', acceptsDistance(origin)),
  ];
  return { bool: { filter, must_not: mustNot } };
}

/** The script_score clause of the first-pass ranking over `query`. */
export function mutualScoreQuery(
  query: object,
  params: MutualScoreParams,
  script: string = MUTUAL_SCORE_SCRIPT_ID,
): object {
  return { script_score: { query, script: { id: script, params } } };
}

/** The whole search body of one source: its retrieval under the hard filters, ranked by the mutual score. */
export function memberSearchBody(request: MemberSearchRequest): object {
  const hard = memberHardFilterQuery(request.filters);
  const { retrieval } = request;
  let query: object;
  switch (retrieval.kind) {
    case 'knn':
      // Efficient filtering: the k nearest among the eligible members, not the k nearest then filtered.
      query = {
        knn: {
          [retrieval.field]: { vector: [...retrieval.vector], k: request.size, filter: hard },
        },
      };
      break;
    case 'ids':
      query = { bool: { filter: [{ ids: { values: [...retrieval.ids] } }, hard] } };
      break;
    case 'joinedSince': {
      const recent = {
        bool: {
          filter: [
            { range: { createdAt: { gte: retrieval.since } } },
            { range: { 'stats.impressions7d': { lte: retrieval.maxImpressions7d } } },
            hard,
          ],
        },
      };
      query = retrieval.nearTo
        ? { knn: { profileEmbedding: { vector: [...retrieval.nearTo], k: request.size, filter: recent } } }
        : recent;
      break;
    }
  }
  return {
    size: request.size,
    track_total_hits: false,
    _source: [...MEMBER_CANDIDATE_FIELDS],
    query: mutualScoreQuery(query, request.score, request.scoreScript),
  };
}

export interface MemberSearchOptions {
  readonly names: SearchNames;
  readonly requestTimeoutMs?: number;
  /** Edges read per page when listing relations (default 1,000). */
  readonly edgePageSize?: number;
}

interface SearchAnswer<S> {
  hits: { hits: { _id: string; _score: number | null; _source?: S; sort?: unknown[] }[] };
}

const DEFAULT_EDGE_PAGE_SIZE = 1_000;
const EDGE_SORT = [{ kind: 'asc' }, { a: 'asc' }, { b: 'asc' }];

/** The engine calls of the networking scenario (see the module comment). */
export class MemberSearch {
  private readonly names: SearchNames;
  private readonly edgePageSize: number;

  constructor(
    private readonly client: Client,
    private readonly options: MemberSearchOptions,
  ) {
    this.names = options.names;
    this.edgePageSize = options.edgePageSize ?? DEFAULT_EDGE_PAGE_SIZE;
  }

  /** One member with every field (private ones included: the viewer's own), or undefined when unknown. */
  async getMember(id: string): Promise<Member | undefined> {
    const answer = await this.request<{ found?: boolean; _source?: MemberDocument }>(
      `reading member ${id}`,
      { method: 'GET', path: `/${segment(this.names.alias('members'))}/_doc/${segment(id)}` },
      [404],
    );
    return answer.found && answer._source ? fromMemberDocument(answer._source) : undefined;
  }

  /** These members with every field, by id (one `_mget`); unknown ids are left out. */
  async getMembers(ids: readonly string[]): Promise<Map<string, Member>> {
    const unique = [...new Set(ids)];
    const members = new Map<string, Member>();
    if (unique.length === 0) return members;
    const answer = await this.request<{
      docs?: { _id: string; found?: boolean; _source?: MemberDocument }[];
    }>(
      `reading ${unique.length} members`,
      { method: 'POST', path: `/${segment(this.names.alias('members'))}/_mget`, body: { ids: unique } },
      [404],
    );
    for (const doc of answer.docs ?? []) {
      if (doc.found && doc._source) members.set(doc._id, fromMemberDocument(doc._source));
    }
    return members;
  }

  /** The members of a feed source, best first by the mutual score. */
  async search(request: MemberSearchRequest): Promise<MemberHit[]> {
    if (request.size <= 0) return [];
    if (request.retrieval.kind === 'ids' && request.retrieval.ids.length === 0) return [];
    const answer = await this.request<SearchAnswer<MemberCandidate>>(
      `searching members (${request.retrieval.kind})`,
      {
        method: 'POST',
        path: `/${segment(this.names.alias('members'))}/_search`,
        body: memberSearchBody(request),
      },
    );
    return answer.hits.hits.map((hit) => ({
      id: hit._id,
      score: hit._score ?? 0,
      member: hit._source as MemberCandidate,
    }));
  }

  /** Every block touching the member (either way) and every connection, read in full (blocks are absolute). */
  async relationsOf(memberId: string): Promise<MemberRelations> {
    const blocked = new Set<string>();
    const connected = new Set<string>();
    for (const edge of await this.edges({ term: { members: memberId } }, Infinity)) {
      const other = edge.a === memberId ? edge.b : edge.a;
      (edge.kind === 'block' ? blocked : connected).add(other);
    }
    return { blocked: [...blocked], connected: [...connected] };
  }

  /** The connections touching any of these members, at most `maxEdges` of them (in the edges' id order). */
  async connectionsOf(memberIds: readonly string[], maxEdges: number): Promise<MemberEdge[]> {
    if (memberIds.length === 0 || maxEdges <= 0) return [];
    return this.edges(
      { bool: { filter: [{ term: { kind: 'connection' } }, { terms: { members: [...memberIds] } }] } },
      maxEdges,
    );
  }

  /**
   * Visible members of a city, the most recently active first: the feeds' fallback while the engine is away (see the
   * API's resilience/). Only the candidate fields are read.
   */
  async recentlyActiveIn(city: string, size: number): Promise<MemberCandidate[]> {
    if (size <= 0) return [];
    const answer = await this.request<SearchAnswer<MemberCandidate>>(`reading active members of ${city}`, {
      method: 'POST',
      path: `/${segment(this.names.alias('members'))}/_search`,
      body: {
        size,
        track_total_hits: false,
        _source: [...MEMBER_CANDIDATE_FIELDS],
        sort: [{ lastActiveAt: 'desc' }, { id: 'asc' }],
        query: { bool: { filter: [{ term: { city } }, { term: { visibility: 'visible' } }] } },
      },
    });
    return answer.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }

  /** The blocks touching any of these members (either way), at most `maxEdges` of them. */
  async blocksTouching(memberIds: readonly string[], maxEdges: number): Promise<MemberEdge[]> {
    if (memberIds.length === 0 || maxEdges <= 0) return [];
    return this.edges(
      { bool: { filter: [{ term: { kind: 'block' } }, { terms: { members: [...memberIds] } }] } },
      maxEdges,
    );
  }

  /** Edges matching `query`, paged by their unique key with `search_after`. */
  private async edges(query: object, max: number): Promise<MemberEdge[]> {
    const edges: MemberEdge[] = [];
    let after: unknown[] | undefined;
    while (edges.length < max) {
      const size = Math.min(this.edgePageSize, max - edges.length);
      const answer = await this.request<SearchAnswer<MemberEdgeDocument>>('reading member relations', {
        method: 'POST',
        path: `/${segment(this.names.alias('member_edges'))}/_search`,
        body: {
          size,
          track_total_hits: false,
          _source: ['kind', 'a', 'b', 'createdAt'],
          sort: EDGE_SORT,
          query,
          ...(after && { search_after: after }),
        },
      });
      const hits = answer.hits.hits;
      for (const hit of hits) {
        if (hit._source) edges.push(fromMemberEdgeDocument(hit._source));
      }
      if (hits.length < size) break;
      after = hits[hits.length - 1].sort;
    }
    return edges;
  }

  private async request<T>(
    action: string,
    call: Parameters<typeof engineRequest>[1],
    ignore?: number[],
  ): Promise<T> {
    try {
      const options = {
        ...(ignore && { ignore }),
        ...(this.options.requestTimeoutMs !== undefined && {
          requestTimeoutMs: this.options.requestTimeoutMs,
        }),
      };
      return (await engineRequest<T>(this.client, call, options)).body;
    } catch (error) {
      throw new SearchEngineError(action, error);
    }
  }
}
