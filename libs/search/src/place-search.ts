import { GeoLocation, Place } from '@app/catalog';
import { Client } from '@opensearch-project/opensearch';
import { segment } from './engine-request';
import { SearchEngineError } from './engine-errors';
import { PlaceEmbeddingCache } from './place-embedding-cache';
import { SearchNames } from './search-names';

/**
 * The travel feed's reads of the engine: the query builders of its candidate sources (each one engine query, wrapped
 * in `script_score` with the stored script `places-taste-score-v1`), the search that returns typed hits, and the two
 * lookups its context needs (a member's travel profile, places by id). Builders are pure and return the query DSL as
 * OpenSearch documents it, so the same bodies run on a cluster and on the embedded engine.
 */

/** The stored script of the first-pass ranking (`painless/places-taste-score-v1.painless`). */
export const PLACES_TASTE_SCORE_SCRIPT = 'places-taste-score-v1';

/** What every source of one request shares: where, what kinds, which prices, and what never to return. */
export interface PlaceFilter {
  /** Places within `radiusKm` of `origin`... */
  readonly near?: { readonly origin: GeoLocation; readonly radiusKm: number };
  /** ...or in this city (the catalog's `city` keyword, exact). */
  readonly city?: string;
  /** Any of these categories (empty or absent: any). */
  readonly categories?: readonly string[];
  /** Any of these price levels (empty or absent: any). */
  readonly priceLevels?: readonly number[];
  /** Ids never returned (e.g. the places a member just saved, for "more like these"). */
  readonly excludeIds?: readonly string[];
}

/** The weights of the script's terms (`params.weights`); see painless/README.md. */
export interface PlacesTasteScoreWeights {
  readonly query: number;
  readonly taste: number;
  readonly affinity: number;
  readonly price: number;
  readonly distance: number;
  readonly quality: number;
  readonly freshness: number;
  readonly curated: number;
}

/** `params` of `places-taste-score-v1`: the member's features; the script reads nothing else of the member. */
export interface PlacesTasteScoreParams {
  /** 64 floats, not all zero (cosine similarity refuses a zero vector). */
  readonly taste: readonly number[];
  /** category → [-1, 1] */
  readonly affinities: Readonly<Record<string, number>>;
  /** 1–4; 0: no preference */
  readonly pricePreference: number;
  /** "lat,lon" */
  readonly origin: string;
  /** e.g. "3km" */
  readonly originScale: string;
  /** ISO 8601 */
  readonly now: string;
  readonly weights: PlacesTasteScoreWeights;
}

/**
 * The fields a feed reads of a place: what it shows, ranks and filters by. The rest (description, tags, popularity,
 * counts, notes) stays in the engine: every hit crosses the client as JSON, and the embedding alone is most of it.
 */
export const FEED_PLACE_FIELDS = [
  'id',
  'name',
  'city',
  'country',
  'location',
  'categories',
  'priceLevel',
  'rating',
  'curated',
  'status',
  'createdAt',
  'embedding',
] as const satisfies readonly (keyof Place)[];

export type FeedPlace = Pick<Place, (typeof FEED_PLACE_FIELDS)[number]>;

/** A place found by a search, with its engine score. */
export interface PlaceHit {
  readonly id: string;
  readonly score: number;
  readonly place: FeedPlace;
}

/** What the travel feed reads of a member: who they are and what they said they like, nothing private to others. */
export interface TravelerProfile {
  readonly id: string;
  readonly city: string;
  readonly country: string;
  readonly location: GeoLocation;
  readonly interests: readonly string[];
  /** absent for a member without history */
  readonly tasteEmbedding?: readonly number[];
}

export interface PlaceSearchOptions {
  readonly names: SearchNames;
  /** One search; the feed's sources have their own, shorter, timeouts on top. */
  readonly requestTimeoutMs?: number;
  /**
   * Where searches take the hits' embeddings from instead of the engine's answers (which then leave them out): a
   * feed's few hundred hits carry 64 numbers each, most of the bytes the service would parse.
   */
  readonly embeddings?: PlaceEmbeddingCache;
}

/** The feed's fields less the embedding: what a search asks for when the embeddings come from the cache. */
const FEED_FIELDS_BUT_EMBEDDING = FEED_PLACE_FIELDS.filter((f) => f !== 'embedding');

export interface PlaceSearchCall {
  /** Aborts the engine request (the pipeline runner aborts a source whose time is up). */
  readonly signal?: AbortSignal;
}

type QueryDsl = Record<string, unknown>;

/** The bool filter clauses of a PlaceFilter: active places only, then location, categories and prices. */
export function placeFilterQuery(filter: PlaceFilter, extra: readonly QueryDsl[] = []): QueryDsl {
  const clauses: QueryDsl[] = [{ term: { status: 'active' } }];
  if (filter.near) {
    const { origin, radiusKm } = filter.near;
    clauses.push({
      geo_distance: { distance: `${radiusKm}km`, location: { lat: origin.lat, lon: origin.lon } },
    });
  }
  if (filter.city !== undefined) clauses.push({ term: { city: filter.city } });
  if (filter.categories && filter.categories.length > 0) {
    clauses.push({ terms: { categories: [...filter.categories] } });
  }
  if (filter.priceLevels && filter.priceLevels.length > 0) {
    clauses.push({ terms: { priceLevel: [...filter.priceLevels] } });
  }
  clauses.push(...extra);
  const bool: QueryDsl = { filter: clauses };
  if (filter.excludeIds && filter.excludeIds.length > 0) {
    bool.must_not = [{ ids: { values: [...filter.excludeIds] } }];
  }
  return { bool };
}

/** The k places whose embedding is nearest (cosine) to `vector` among those the filter keeps (efficient filtering). */
export function knnPlacesQuery(vector: readonly number[], k: number, filter: PlaceFilter): QueryDsl {
  return { knn: { embedding: { vector: [...vector], k, filter: placeFilterQuery(filter) } } };
}

/** A Gaussian decay around an origin: 1 at the origin, 0.5 at `scaleKm`. */
function geoGauss(origin: GeoLocation, scaleKm: number): QueryDsl {
  return {
    gauss: {
      location: {
        origin: { lat: origin.lat, lon: origin.lon },
        scale: `${scaleKm}km`,
        offset: '0km',
        decay: 0.5,
      },
    },
  };
}

/**
 * Curated places: `rating / 5`, times a geo decay around the origin when there is one. Scores in [0, 1].
 */
export function curatedPlacesQuery(
  filter: PlaceFilter,
  origin: GeoLocation | undefined,
  scaleKm: number,
): QueryDsl {
  const functions: QueryDsl[] = [{ field_value_factor: { field: 'rating', factor: 0.2, missing: 0 } }];
  if (origin) functions.push(geoGauss(origin, scaleKm));
  return {
    function_score: {
      query: placeFilterQuery(filter, [{ term: { curated: true } }]),
      functions,
      score_mode: 'multiply',
      boost_mode: 'replace',
    },
  };
}

/**
 * Places by recent popularity: `log10(1 + popularity)` (about 0 to 2 on the catalog's range), times a geo decay
 * around the origin when there is one. Every place the filter keeps is a hit (popularity 0 scores 0): the cold-start
 * backbone of the feed.
 */
export function trendingPlacesQuery(
  filter: PlaceFilter,
  origin: GeoLocation | undefined,
  scaleKm: number,
): QueryDsl {
  const functions: QueryDsl[] = [
    { field_value_factor: { field: 'popularity', modifier: 'log1p', factor: 1, missing: 0 } },
  ];
  if (origin) functions.push(geoGauss(origin, scaleKm));
  return {
    function_score: {
      query: placeFilterQuery(filter),
      functions,
      score_mode: 'multiply',
      boost_mode: 'replace',
    },
  };
}

/**
 * Places created at or after `createdSince`, in a random order fixed by `seed` (random_score over the `id` field:
 * the same seed gives the same order, another seed another one). Scores in [0, 1).
 */
export function freshPlacesQuery(filter: PlaceFilter, createdSince: string, seed: number): QueryDsl {
  return {
    function_score: {
      query: placeFilterQuery(filter, [{ range: { createdAt: { gte: createdSince } } }]),
      functions: [{ random_score: { seed, field: 'id' } }],
      boost_mode: 'replace',
    },
  };
}

/** Free text over name (×3), tags (×2) and description, BM25; only places the filter keeps. */
export function textPlacesQuery(text: string, filter: PlaceFilter): QueryDsl {
  const bool = placeFilterQuery(filter).bool as QueryDsl;
  return {
    bool: {
      ...bool,
      must: [
        {
          multi_match: { query: text, fields: ['name^3', 'tags.text^2', 'description'], type: 'best_fields' },
        },
      ],
    },
  };
}

/**
 * A source's query wrapped in the first-pass ranking: `script_score` with the stored script (another version of it
 * when an experiment says so), whose `_score` is the inner query's score (weighted by `params.weights.query`).
 */
export function withTasteScore(
  query: QueryDsl,
  params: PlacesTasteScoreParams,
  script: string = PLACES_TASTE_SCORE_SCRIPT,
): QueryDsl {
  return { script_score: { query, script: { id: script, params } } };
}

interface SearchAnswer {
  hits: { hits: { _id: string; _score: number | null; _source: FeedPlace }[] };
}
interface GetAnswer {
  found: boolean;
  _source?: Record<string, unknown>;
}
interface MgetAnswer {
  docs: { _id: string; found?: boolean; _source?: FeedPlace }[];
}

const PROFILE_FIELDS = ['id', 'city', 'country', 'location', 'interests', 'tasteEmbedding'];

function travelerProfileOf(stored: Record<string, unknown>): TravelerProfile {
  const source = stored as unknown as TravelerProfile;
  return {
    id: source.id,
    city: source.city,
    country: source.country,
    location: { lat: source.location.lat, lon: source.location.lon },
    interests: [...(source.interests ?? [])],
    ...(Array.isArray(source.tasteEmbedding) && { tasteEmbedding: [...source.tasteEmbedding] }),
  };
}

/** The travel feed's engine calls: searches returning typed hits, and its two lookups. */
export class PlaceSearch {
  private readonly names: SearchNames;

  constructor(
    private readonly client: Client,
    private readonly options: PlaceSearchOptions,
  ) {
    this.names = options.names;
  }

  /**
   * The best `size` places for a query built above, best first.
   * @throws SearchEngineError naming `action` when the engine refuses or cannot be reached.
   */
  async search(
    action: string,
    query: QueryDsl,
    size: number,
    call: PlaceSearchCall = {},
  ): Promise<PlaceHit[]> {
    if (size <= 0) return [];
    const embeddings = this.options.embeddings;
    const fields = embeddings ? FEED_FIELDS_BUT_EMBEDDING : FEED_PLACE_FIELDS;
    const answer = await this.send<SearchAnswer>(
      action,
      {
        method: 'POST',
        path: `/${segment(this.names.alias('places'))}/_search`,
        body: { size, query, track_total_hits: false, _source: [...fields] },
      },
      call,
    );
    const hits = answer.hits.hits.map((hit) => ({
      id: hit._id,
      score: hit._score ?? 0,
      place: hit._source,
    }));
    if (embeddings) await this.attachEmbeddings(hits, embeddings, call);
    return hits;
  }

  /** Sets each hit's embedding from the cache; the ones it lacks are read with one `_mget` and kept. */
  private async attachEmbeddings(
    hits: PlaceHit[],
    cache: PlaceEmbeddingCache,
    call: PlaceSearchCall,
  ): Promise<void> {
    const missing: PlaceHit[] = [];
    for (const hit of hits) {
      const embedding = cache.get(hit.id);
      if (embedding) (hit.place as { embedding: readonly number[] }).embedding = embedding;
      else missing.push(hit);
    }
    if (missing.length === 0) return;
    const answer = await this.send<{ docs: { _id: string; found?: boolean; _source?: Partial<Place> }[] }>(
      `reading ${missing.length} place embeddings`,
      {
        method: 'POST',
        path: `/${segment(this.names.alias('places'))}/_mget`,
        body: { ids: missing.map((hit) => hit.id) },
        querystring: { _source_includes: 'embedding' },
      },
      call,
    );
    const read = new Map<string, readonly number[]>();
    for (const doc of answer.docs) {
      if (!doc.found) continue;
      const embedding = doc._source?.embedding ?? [];
      read.set(doc._id, embedding);
      cache.set(doc._id, embedding);
    }
    for (const hit of missing) {
      (hit.place as { embedding: readonly number[] }).embedding = read.get(hit.id) ?? [];
    }
  }

  /** The places found among these ids, in the order asked (one `_mget`); unknown ids are left out. */
  async placesByIds(ids: readonly string[], call: PlaceSearchCall = {}): Promise<FeedPlace[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const answer = await this.send<MgetAnswer>(
      `reading ${unique.length} places`,
      {
        method: 'POST',
        path: `/${segment(this.names.alias('places'))}/_mget`,
        body: { ids: unique },
        querystring: { _source_includes: FEED_PLACE_FIELDS.join(',') },
      },
      call,
    );
    return answer.docs.filter((d) => d.found && d._source).map((d) => d._source!);
  }

  /** A member's travel profile, or undefined when there is no such member. */
  async travelerProfile(memberId: string, call: PlaceSearchCall = {}): Promise<TravelerProfile | undefined> {
    const answer = await this.send<GetAnswer>(
      `reading member ${memberId}`,
      {
        method: 'GET',
        path: `/${segment(this.names.alias('members'))}/_doc/${segment(memberId)}`,
        querystring: { _source_includes: PROFILE_FIELDS.join(',') },
      },
      call,
      [404],
    );
    return answer.found && answer._source ? travelerProfileOf(answer._source) : undefined;
  }

  /** The travel profiles of these members, by id (one `_mget`); unknown members are left out. */
  async travelerProfiles(
    memberIds: readonly string[],
    call: PlaceSearchCall = {},
  ): Promise<Map<string, TravelerProfile>> {
    const unique = [...new Set(memberIds)];
    const profiles = new Map<string, TravelerProfile>();
    if (unique.length === 0) return profiles;
    const answer = await this.send<{
      docs?: { _id: string; found?: boolean; _source?: Record<string, unknown> }[];
    }>(
      `reading ${unique.length} members`,
      {
        method: 'POST',
        path: `/${segment(this.names.alias('members'))}/_mget`,
        body: { ids: unique },
        querystring: { _source_includes: PROFILE_FIELDS.join(',') },
      },
      call,
      [404],
    );
    for (const doc of answer.docs ?? []) {
      if (doc.found && doc._source) profiles.set(doc._id, travelerProfileOf(doc._source));
    }
    return profiles;
  }

  private async send<T>(
    action: string,
    request: { method: string; path: string; body?: unknown; querystring?: Record<string, string> },
    call: PlaceSearchCall,
    ignore?: number[],
  ): Promise<T> {
    const { signal } = call;
    if (signal?.aborted) throw new SearchEngineError(action, signal.reason);
    const pending = this.client.transport.request(
      {
        method: request.method,
        path: request.path,
        ...(request.body !== undefined && { body: request.body as Record<string, unknown> }),
        querystring: request.querystring ?? {},
      },
      {
        ...(ignore && { ignore }),
        ...(this.options.requestTimeoutMs !== undefined && { requestTimeout: this.options.requestTimeoutMs }),
      },
    );
    const abort = () => pending.abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return (await pending).body as T;
    } catch (error) {
      throw new SearchEngineError(action, error);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }
}
