import { GeoLocation, PLACE_CATEGORIES, PlaceCategory } from '@app/catalog';
import { hashId } from '@app/pipeline';
import { FeedPlace, PlaceFilter, PlaceSearch, PlacesTasteScoreParams, TravelerProfile } from '@app/search';
import { MemberSignals, SignalEventType, SignalStore, utcDay } from '@app/signals';
import { statedCategories } from './stated-preferences';
import { TravelParameters } from './travel-parameters';

/**
 * The context stage: everything the travel pipeline knows about one request, read once before the sources run.
 * The member's profile (engine) and real-time signals (Redis) are read in parallel, then the recently saved places
 * (one `_mget`: their names for reasons, their embeddings for "more like what you just saved").
 */

/** Where the member wants places: within a radius of a point, or in a city. */
export type TravelArea =
  | { readonly kind: 'point'; readonly origin: GeoLocation; readonly radiusKm: number }
  | { readonly kind: 'city'; readonly city: string };

/** One request of the feed, validated. */
export interface TravelRequest {
  readonly memberId: string;
  readonly area: TravelArea;
  /** Hard filters (empty: any). */
  readonly categories: readonly PlaceCategory[];
  readonly priceLevels: readonly number[];
  /** Free text: adds the text source. */
  readonly text?: string;
}

/** What the member did to a place, as reasons say it. */
export type RecentAction = 'saved' | 'liked' | 'booked';

/** A place the member recently saved, liked or booked, newest first. */
export interface RecentPlace {
  readonly id: string;
  readonly name: string;
  readonly action: RecentAction;
  readonly priceLevel: number;
  readonly embedding: readonly number[];
}

export interface TravelContext {
  readonly request: TravelRequest;
  /** The stored script of the first-pass ranking when an experiment picks one; the feed's own otherwise. */
  readonly scoreScript?: string;
  readonly member: TravelerProfile;
  /** The request's time (epoch ms): windows, freshness and the exploration seed are measured from it. */
  readonly now: number;
  /** Where distances are measured from: the point, or the member's home when the city is theirs; else none. */
  readonly origin?: GeoLocation;
  /** The engine filter every source shares. */
  readonly filter: PlaceFilter;
  readonly recent: readonly RecentPlace[];
  /** The mean direction of the recent places' embeddings (unit length); absent without recent places. */
  readonly recentVector?: readonly number[];
  /** Places the member hid, passed or reported (within the signal store's negative window). */
  readonly excluded: ReadonlySet<string>;
  /** How often the member saw each place within the seen window. */
  readonly seenCounts: ReadonlyMap<string, number>;
  /** FeedPlace category → [-1, 1]: real-time affinities normalised by the strongest, stated interests filled in. */
  readonly affinities: Readonly<Record<string, number>>;
  /** The member's usual categories (the strongest positive affinities, else the stated ones), for serendipity. */
  readonly usualCategories: readonly string[];
  readonly statedCategories: readonly PlaceCategory[];
  /** 1–4, 0 when unknown. */
  readonly pricePreference: number;
  /** The stored script's params, the same for every source but `weights.query`. */
  readonly scoring: PlacesTasteScoreParams;
  /** Stable for a member within a UTC day, different across members: the fresh places' random order. */
  readonly explorationSeed: number;
  readonly params: TravelParameters;
  /** The signal store did not answer: the page is served without real-time signals (and says it is degraded). */
  readonly signalsUnavailable?: boolean;
}

/** No member with this id in the catalog: the API answers 404. */
export class MemberNotFoundError extends Error {
  constructor(readonly memberId: string) {
    super(`member ${memberId} not found`);
    this.name = 'MemberNotFoundError';
  }
}

const POSITIVE_ACTIONS: Partial<Record<SignalEventType, RecentAction>> = {
  save: 'saved',
  like: 'liked',
  book: 'booked',
};
/** The affinity a stated interest gets when signals say nothing of its category: half the strongest signal. */
export const STATED_AFFINITY = 0.5;
/** A category is usual for a member from this normalised affinity up. */
export const USUAL_AFFINITY = 0.3;
const MAX_USUAL_CATEGORIES = 6;
const PLACE_CATEGORY_SET: ReadonlySet<string> = new Set(PLACE_CATEGORIES);

export class TravelContextLoader {
  constructor(
    private readonly search: PlaceSearch,
    private readonly store: SignalStore,
    private readonly clock: () => number = Date.now,
    /** How the member's profile is read (the API's goes through a short-lived cache). */
    private readonly readProfile: (memberId: string) => Promise<TravelerProfile | undefined> = (id) =>
      search.travelerProfile(id),
  ) {}

  /**
   * @throws MemberNotFoundError; SearchEngineError when the engine fails. A signal store that does not answer gives
   * a context without real-time signals, marked `signalsUnavailable`.
   */
  async load(request: TravelRequest, params: TravelParameters): Promise<TravelContext> {
    const now = this.clock();
    let signalsUnavailable = false;
    const [member, signals] = await Promise.all([
      this.readProfile(request.memberId),
      this.store.readMember(request.memberId, now).catch(() => {
        signalsUnavailable = true;
        return noSignals(request.memberId, now);
      }),
    ]);
    if (!member) throw new MemberNotFoundError(request.memberId);
    const positives = recentPlacePositives(signals, params['travel.recent.count']);
    const places = positives.length > 0 ? await this.search.placesByIds(positives.map((p) => p.id)) : [];
    const context = buildTravelContext({
      request,
      member,
      signals,
      recentPlaces: places,
      positives,
      now,
      params,
    });
    return signalsUnavailable ? { ...context, signalsUnavailable } : context;
  }
}

/** What a member's signals are when the signal store cannot be read: nothing known. */
export function noSignals(memberId: string, now: number): MemberSignals {
  return { memberId, now, recentPositives: [], negatives: [], seen: [], affinities: [], likedBy: [] };
}

/** The newest distinct places the member saved, liked or booked (a place counts once, at its newest action). */
export function recentPlacePositives(
  signals: Pick<MemberSignals, 'recentPositives'>,
  count: number,
): { id: string; action: RecentAction }[] {
  const out: { id: string; action: RecentAction }[] = [];
  const seen = new Set<string>();
  for (const positive of signals.recentPositives) {
    const action = POSITIVE_ACTIONS[positive.type];
    if (positive.target.kind !== 'place' || !action || seen.has(positive.target.id)) continue;
    seen.add(positive.target.id);
    out.push({ id: positive.target.id, action });
    if (out.length === count) break;
  }
  return out;
}

export interface ContextInputs {
  readonly request: TravelRequest;
  readonly member: TravelerProfile;
  readonly signals: MemberSignals;
  /** The recent positives' places as the engine returned them (any order; missing ones are skipped). */
  readonly recentPlaces: readonly FeedPlace[];
  readonly positives: readonly { id: string; action: RecentAction }[];
  readonly now: number;
  readonly params: TravelParameters;
}

/** The context from what was read: pure, so every rule below is tested without I/O. */
export function buildTravelContext(inputs: ContextInputs): TravelContext {
  const { request, member, signals, now, params } = inputs;
  const byId = new Map(inputs.recentPlaces.map((p) => [p.id, p]));
  const recent: RecentPlace[] = inputs.positives.flatMap(({ id, action }) => {
    const place = byId.get(id);
    return place
      ? [{ id, name: place.name, action, priceLevel: place.priceLevel, embedding: place.embedding }]
      : [];
  });
  const recentVector = meanDirection(recent.map((r) => r.embedding));
  const stated = statedCategories(member.interests);
  const affinities = placeAffinities(signals, stated);
  const origin = originOf(request.area, member);
  const pricePreference = preferredPrice(request.priceLevels, recent);

  const excluded = new Set<string>();
  for (const negative of signals.negatives)
    if (negative.target.kind === 'place') excluded.add(negative.target.id);
  const seenCounts = new Map<string, number>();
  for (const seen of signals.seen)
    if (seen.target.kind === 'place') seenCounts.set(seen.target.id, seen.count);

  const filter: PlaceFilter = {
    ...(request.area.kind === 'point'
      ? { near: { origin: request.area.origin, radiusKm: request.area.radiusKm } }
      : { city: request.area.city }),
    categories: request.categories,
    priceLevels: request.priceLevels,
  };
  const taste = member.tasteEmbedding ?? recentVector;
  return {
    request,
    member,
    now,
    ...(origin && { origin }),
    filter,
    recent,
    ...(recentVector && { recentVector }),
    excluded,
    seenCounts,
    affinities,
    usualCategories: usualCategories(affinities, stated),
    statedCategories: stated,
    pricePreference,
    scoring: {
      // Cosine similarity refuses a zero vector: without any taste, a placeholder whose weight is 0.
      taste: taste ? [...taste] : placeholderTaste(member.tasteEmbedding?.length ?? 64),
      affinities,
      pricePreference,
      origin: `${(origin ?? member.location).lat},${(origin ?? member.location).lon}`,
      originScale: `${params['travel.score.originScaleKm']}km`,
      now: new Date(now).toISOString(),
      weights: {
        query: 0,
        taste: tasteWeight(member, recent, params),
        affinity: params['travel.score.affinity'],
        price: pricePreference > 0 ? params['travel.score.price'] : 0,
        distance: origin ? params['travel.score.distance'] : 0,
        quality: params['travel.score.quality'],
        freshness: params['travel.score.freshness'],
        curated: params['travel.score.curated'],
      },
    },
    explorationSeed: hashId(`${request.memberId}:${utcDay(now)}`),
    params,
  };
}

/**
 * The weight of the taste term: the parameter with a taste embedding; without one, the recent places stand in for it
 * with a confidence that grows with their number (one save is a hint, `travel.recent.count` of them a taste).
 */
export function tasteWeight(
  member: Pick<TravelerProfile, 'tasteEmbedding'>,
  recent: readonly unknown[],
  params: TravelParameters,
): number {
  const weight = params['travel.score.taste'];
  if (member.tasteEmbedding) return weight;
  return (weight * Math.min(recent.length, params['travel.recent.count'])) / params['travel.recent.count'];
}

/**
 * Affinities of place categories in [-1, 1]: the signal store's decayed affinities divided by the strongest (in
 * absolute value), so the member's favourite category is 1 whatever their activity; stated interests that signals say
 * nothing about get STATED_AFFINITY. Industries (from member events) are left out.
 */
export function placeAffinities(
  signals: Pick<MemberSignals, 'affinities'>,
  stated: readonly string[],
): Record<string, number> {
  const known = signals.affinities.filter((a) => PLACE_CATEGORY_SET.has(a.category) && a.score !== 0);
  const strongest = Math.max(0, ...known.map((a) => Math.abs(a.score)));
  const out: Record<string, number> = {};
  for (const a of known) out[a.category] = round4(a.score / strongest);
  for (const category of stated) if (!(category in out)) out[category] = STATED_AFFINITY;
  return out;
}

/** The strongest positive affinities (from USUAL_AFFINITY up, at most six), else the stated categories. */
export function usualCategories(
  affinities: Readonly<Record<string, number>>,
  stated: readonly string[],
): string[] {
  const strong = Object.entries(affinities)
    .filter(([, a]) => a >= USUAL_AFFINITY)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, MAX_USUAL_CATEGORIES)
    .map(([category]) => category);
  return strong.length > 0 ? strong : [...stated];
}

/** The mean of the asked price levels, else of the recent places' (to one decimal), else 0 (no preference). */
export function preferredPrice(asked: readonly number[], recent: readonly { priceLevel: number }[]): number {
  const levels = asked.length > 0 ? asked : recent.map((r) => r.priceLevel);
  if (levels.length === 0) return 0;
  return Math.round((levels.reduce((a, b) => a + b, 0) / levels.length) * 10) / 10;
}

/** The point of a point request; for a city, the member's home when it is in that city (nearby = near home). */
export function originOf(area: TravelArea, member: TravelerProfile): GeoLocation | undefined {
  if (area.kind === 'point') return area.origin;
  return area.city === member.city ? member.location : undefined;
}

/** The normalised mean of the unit vectors of these embeddings; undefined when there are none or they cancel out. */
export function meanDirection(embeddings: readonly (readonly number[])[]): number[] | undefined {
  const usable = embeddings.filter((e) => e.length > 0);
  if (usable.length === 0) return undefined;
  const dim = usable[0].length;
  const sum = new Float64Array(dim);
  for (const e of usable) {
    if (e.length !== dim) continue;
    const norm = Math.sqrt(e.reduce((s, x) => s + x * x, 0));
    if (!(norm > 0)) continue;
    for (let i = 0; i < dim; i++) sum[i] += e[i] / norm;
  }
  const norm = Math.sqrt(sum.reduce((s, x) => s + x * x, 0));
  if (!(norm > 1e-9)) return undefined;
  return Array.from(sum, (x) => round6(x / norm));
}

function placeholderTaste(dim: number): number[] {
  const out = new Array<number>(dim).fill(0);
  out[0] = 1;
  return out;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
