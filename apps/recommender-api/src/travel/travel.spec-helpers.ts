import { Candidate, Query } from '@app/pipeline';
import { FeedPlace, PlaceHit, PlaceSearch, TravelerProfile } from '@app/search';
import { MemberSignals } from '@app/signals';
import { ContextInputs, TravelContext, TravelRequest, buildTravelContext } from './travel-context';
import { TravelParameters, travelParameters } from './travel-parameters';

/** Shared fixtures of the travel specs. */

export const NOW = Date.parse('2025-06-01T12:00:00Z');
export const LISBON = { lat: 38.7223, lon: -9.1393 };
export const DAY_MS = 86_400_000;

/** A 64-d vector with the given leading values (the rest 0). */
export function vector(...head: number[]): number[] {
  return [...head, ...new Array<number>(64 - head.length).fill(0)];
}

export function feedPlace(id: string, overrides: Partial<FeedPlace> = {}): FeedPlace {
  return {
    id,
    name: `Place ${id}`,
    city: 'Lisbon',
    country: 'PT',
    location: LISBON,
    categories: ['museum'],
    priceLevel: 2,
    rating: 4.5,
    curated: false,
    status: 'active',
    createdAt: '2024-01-01T00:00:00.000Z',
    embedding: vector(1),
    ...overrides,
  };
}

export function hit(id: string, score: number, overrides: Partial<FeedPlace> = {}): PlaceHit {
  return { id, score, place: feedPlace(id, overrides) };
}

export function profile(overrides: Partial<TravelerProfile> = {}): TravelerProfile {
  return {
    id: 'ana',
    city: 'Lisbon',
    country: 'PT',
    location: { lat: 38.7169, lon: -9.1399 },
    interests: [],
    tasteEmbedding: vector(1, 1),
    ...overrides,
  };
}

export function signals(overrides: Partial<MemberSignals> = {}): MemberSignals {
  return {
    memberId: 'ana',
    now: NOW,
    recentPositives: [],
    negatives: [],
    seen: [],
    affinities: [],
    likedBy: [],
    ...overrides,
  };
}

export function request(overrides: Partial<TravelRequest> = {}): TravelRequest {
  return {
    memberId: 'ana',
    area: { kind: 'point', origin: LISBON, radiusKm: 10 },
    categories: [],
    priceLevels: [],
    ...overrides,
  };
}

export function params(overrides: Record<string, number> = {}): TravelParameters {
  return travelParameters.resolve(overrides);
}

/** A context as the loader builds it, from whatever the test gives. */
export function context(inputs: Partial<ContextInputs> = {}): TravelContext {
  return buildTravelContext({
    request: request(),
    member: profile(),
    signals: signals(),
    recentPlaces: [],
    positives: [],
    now: NOW,
    params: params(),
    ...inputs,
  });
}

export function query(c: TravelContext, extra: Partial<Query<TravelContext>> = {}): Query<TravelContext> {
  return {
    requestId: 'req-1',
    memberId: c.request.memberId,
    context: c,
    limit: 20,
    page: 1,
    seed: 1,
    servedCount: 0,
    explain: false,
    ...extra,
  };
}

export function candidate(
  id: string,
  score: number,
  place: Partial<FeedPlace> = {},
  features: Record<string, number> = {},
): Candidate<FeedPlace> {
  return {
    id,
    item: feedPlace(id, place),
    sources: ['Test'],
    engineScore: score,
    score,
    features,
    explanation: { reasons: [], adjustments: [] },
  };
}

export const fetchOptions = (quota: number) => ({ signal: new AbortController().signal, quota });

/** A PlaceSearch answering from a list, recording every query it was given. */
export class FakePlaceSearch {
  readonly searches: { action: string; query: Record<string, unknown>; size: number }[] = [];
  constructor(private readonly hits: PlaceHit[] = []) {}

  async search(action: string, query: Record<string, unknown>, size: number): Promise<PlaceHit[]> {
    this.searches.push({ action, query, size });
    return this.hits.slice(0, size);
  }

  asPlaceSearch(): PlaceSearch {
    return this as unknown as PlaceSearch;
  }

  /** The one query sent, unwrapped from script_score: `{ inner, params }`. */
  get last(): { inner: Record<string, unknown>; params: Record<string, unknown>; size: number } {
    const sent = this.searches[this.searches.length - 1];
    const scored = sent.query.script_score as {
      query: Record<string, unknown>;
      script: { id: string; params: Record<string, unknown> };
    };
    if (scored.script.id !== 'places-taste-score-v1')
      throw new Error(`unexpected script ${scored.script.id}`);
    return { inner: scored.query, params: scored.script.params, size: sent.size };
  }
}
