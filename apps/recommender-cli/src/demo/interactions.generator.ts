import { GeoLocation, Member, MemberEdge } from '@app/catalog';
import { distanceKm } from './geo';
import { memberAffinity, placeAffinity, placeUtility } from './hidden-world';
import { GeneratedMember } from './members.generator';
import { GeneratedPlace } from './places.generator';
import { SeededRandom } from './seeded-random';

// Jest runs modules in a vm sandbox where each lookup of a global such as Math is slow: hot code binds them once.
const { cos, exp, floor, min, sqrt, PI } = Math;
const DateTime = Date;

export type PlaceInteractionType = 'view' | 'save' | 'like' | 'pass' | 'book';
export type MemberInteractionType = 'like' | 'pass' | 'connect' | 'block';

/** One event of the demo history, shaped like the events the API takes (acting member, target, time). */
export type DemoInteraction =
  | {
      id: string;
      memberId: string;
      type: PlaceInteractionType;
      target: { kind: 'place'; id: string };
      at: string;
    }
  | {
      id: string;
      memberId: string;
      type: MemberInteractionType;
      target: { kind: 'member'; id: string };
      at: string;
    };

export interface GeneratedHistory {
  /** in time order; ids `evt-0000001`… follow that order */
  interactions: DemoInteraction[];
  /** the connections (mutual likes) and blocks the history made */
  edges: MemberEdge[];
}

/** Views per member over the whole history, at activity 1 (before the activity and membership-time factors). */
const PLACE_VIEWS_PER_MEMBER = 12;
/** Profiles shown per member over the whole history, at activity 1. */
const PROFILES_SHOWN_PER_MEMBER = 10;
/** Share of a member's place views in their home city; the rest are in the cities they travel to. */
const HOME_CITY_SHARE = 0.75;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const sigmoid = (x: number): number => 1 / (1 + exp(-x));

/** The events of one history, in columns, gathered before they are sorted and named. */
class HistoryBuilder {
  readonly atMs: number[] = [];
  readonly actor: number[] = [];
  readonly type: string[] = [];
  readonly targetIsPlace: boolean[] = [];
  readonly target: number[] = [];

  constructor(private readonly nowMs: number) {}

  add(atMs: number, actor: number, type: string, targetIsPlace: boolean, target: number): number {
    const at = min(this.nowMs, floor(atMs));
    this.atMs.push(at);
    this.actor.push(actor);
    this.type.push(type);
    this.targetIsPlace.push(targetIsPlace);
    this.target.push(target);
    return at;
  }
}

/** Everything the history is drawn from and written to, shared by the steps below. */
interface HistoryWorld {
  places: GeneratedPlace[];
  members: GeneratedMember[];
  /** per city, positions of its active places (the only ones members can visit) */
  activePlacesByCity: number[][];
  /** per city, positions of its visible members (the only ones feeds show) */
  visibleMembersByCity: number[][];
  placeCreatedMs: number[];
  memberCreatedMs: number[];
  historyStartMs: number;
  nowMs: number;
  history: HistoryBuilder;
  connections: Map<string, MemberEdge>;
  blocks: MemberEdge[];
  /** pairKey of every blocked pair: neither is shown the other again */
  blockedPairs: Set<string>;
  /** directedPair of every member who liked or passed another: never shown them again */
  decided: Set<number>;
}

/**
 * The interaction history: what members viewed, liked, saved, booked and passed among places, and whom they liked,
 * passed, connected with and blocked. Every choice is drawn from the hidden affinities (plus place quality and
 * distance), so interactions reveal tastes the catalog's embeddings only approximate.
 */
export function generateHistory(
  places: GeneratedPlace[],
  members: GeneratedMember[],
  cityCount: number,
  nowMs: number,
  historyStartMs: number,
  random: SeededRandom,
): GeneratedHistory {
  const world: HistoryWorld = {
    places,
    members,
    activePlacesByCity: groupByCity(cityCount, places, (p) => p.place.status === 'active'),
    visibleMembersByCity: groupByCity(cityCount, members, (m) => m.member.visibility === 'visible'),
    placeCreatedMs: places.map((p) => Date.parse(p.place.createdAt)),
    memberCreatedMs: members.map((m) => Date.parse(m.member.createdAt)),
    historyStartMs,
    nowMs,
    history: new HistoryBuilder(nowMs),
    connections: new Map(),
    blocks: [],
    blockedPairs: new Set(),
    decided: new Set(),
  };
  const placeRandom = random.fork('places');
  for (let m = 0; m < members.length; m++) addPlaceInteractions(world, m, placeRandom);
  const memberRandom = random.fork('members');
  for (let m = 0; m < members.length; m++) {
    // Hidden members do not browse people.
    if (members[m].member.visibility !== 'hidden') addMemberInteractions(world, m, memberRandom);
  }
  return {
    interactions: materialize(world.history, places, members),
    edges: [...world.connections.values(), ...world.blocks],
  };
}

/** The part of the history a member can have: from their joining (or the history's start) to now. */
function shareOfHistory(world: HistoryWorld, m: number): { startMs: number; share: number } {
  const startMs = Math.max(world.historyStartMs, world.memberCreatedMs[m]);
  return { startMs, share: (world.nowMs - startMs) / (world.nowMs - world.historyStartMs) };
}

function addPlaceInteractions(world: HistoryWorld, m: number, random: SeededRandom): void {
  const { places, history, nowMs } = world;
  const { hidden, member, cityIndex } = world.members[m];
  const { startMs, share } = shareOfHistory(world, m);
  const viewCount = Math.min(80, Math.max(1, Math.round(PLACE_VIEWS_PER_MEMBER * hidden.activity * share)));

  const viewsByCity = new Map<number, number>();
  for (let v = 0; v < viewCount; v++) {
    const atHome = hidden.tripCities.length === 0 || random.chance(HOME_CITY_SHARE);
    const city = atHome ? cityIndex : random.pick(hidden.tripCities);
    viewsByCity.set(city, (viewsByCity.get(city) ?? 0) + 1);
  }

  for (const [city, count] of viewsByCity) {
    const candidates = world.activePlacesByCity[city];
    const isHome = city === cityIndex;
    // Which places a member comes across: drawn without replacement (Gumbel top-k) with weights
    // exp(2·affinity + 0.35·quality − distance/6 km at home): people find what they like, good places, nearby places.
    const keys = new Float64Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const place = places[candidates[i]];
      const distancePenalty = isHome ? localDistanceKm(member.location, place.place.location) / 6 : 0;
      keys[i] =
        2 * placeAffinity(hidden, place.hidden) +
        0.35 * place.hidden.quality -
        distancePenalty +
        random.gumbel();
    }
    const seen = topIndices(keys, count).map((i) => candidates[i]);

    for (const p of seen) {
      const earliest = Math.max(startMs, world.placeCreatedMs[p]);
      const viewedAt = history.add(earliest + random.next() * (nowMs - earliest), m, 'view', true, p);
      // What they do after looking: the better the match (and the place), the likelier a like, a save, a booking.
      const utility = placeUtility(hidden, places[p].hidden);
      const liked = random.chance(sigmoid(-1.5 + 5 * utility));
      const saved = random.chance(sigmoid(-2.5 + 6 * utility));
      if (liked) history.add(viewedAt + random.between(0.5, 5) * MINUTE_MS, m, 'like', true, p);
      if (saved) {
        const savedAt = history.add(viewedAt + random.between(1, 10) * MINUTE_MS, m, 'save', true, p);
        if (random.chance(sigmoid(-2.5 + 4 * utility))) {
          history.add(savedAt + random.between(1, 48) * HOUR_MS, m, 'book', true, p);
        }
      }
      if (!liked && !saved && random.chance(sigmoid(-0.8 - 4 * utility))) {
        history.add(viewedAt + random.between(5, 60) * 1000, m, 'pass', true, p);
      }
    }
  }
}

function addMemberInteractions(world: HistoryWorld, m: number, random: SeededRandom): void {
  const { members, history, nowMs, decided, connections } = world;
  const viewer = members[m];
  const { startMs, share } = shareOfHistory(world, m);
  const shownCount = Math.min(
    60,
    Math.max(1, Math.round(PROFILES_SHOWN_PER_MEMBER * viewer.hidden.activity * share)),
  );

  // The old feed's hard filters: not themselves, not seen before, not blocked, hard preferences both ways.
  const candidates = world.visibleMembersByCity[viewer.cityIndex].filter(
    (c) =>
      c !== m &&
      !decided.has(directedPair(m, c, members.length)) &&
      !world.blockedPairs.has(pairKey(viewer.member.id, members[c].member.id)) &&
      meetsHardPreferences(viewer.member, members[c].member) &&
      meetsHardPreferences(members[c].member, viewer.member),
  );
  // Whom the old feed showed: drawn without replacement with weights exp(2·affinity).
  const keys = new Float64Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    keys[i] = 2 * memberAffinity(viewer.hidden, members[candidates[i]].hidden) + random.gumbel();
  }
  const shown = topIndices(keys, shownCount).map((i) => candidates[i]);

  for (const c of shown) {
    const candidate = members[c];
    const earliest = Math.max(startMs, world.memberCreatedMs[c]);
    const shownAt = earliest + random.next() * (nowMs - earliest);
    const interest =
      memberAffinity(viewer.hidden, candidate.hidden) + softPreferenceBonus(viewer.member, candidate.member);
    decided.add(directedPair(m, c, members.length));
    const key = pairKey(viewer.member.id, candidate.member.id);
    if (random.chance(sigmoid(-1 + 5 * interest))) {
      const likedAt = history.add(shownAt, m, 'like', false, c);
      // The candidate sees the like and answers by their own taste: a mutual like is a connection.
      const answer =
        memberAffinity(candidate.hidden, viewer.hidden) +
        softPreferenceBonus(candidate.member, viewer.member);
      if (!connections.has(key) && random.chance(sigmoid(-1 + 5 * answer))) {
        const likedBackAt = history.add(likedAt + random.between(0.1, 48) * HOUR_MS, c, 'like', false, m);
        decided.add(directedPair(c, m, members.length));
        const connectedAt = history.add(likedBackAt + MINUTE_MS, c, 'connect', false, m);
        const [a, b] = [viewer.member.id, candidate.member.id].sort();
        connections.set(key, { kind: 'connection', a, b, createdAt: new Date(connectedAt).toISOString() });
      }
    } else {
      const passedAt = history.add(shownAt, m, 'pass', false, c);
      // Rarely, someone blocks a profile they pass on; more often when it is far from what they like.
      if (random.chance(interest < -0.2 ? 0.05 : 0.01)) {
        const blockedAt = history.add(passedAt + 5000, m, 'block', false, c);
        world.blocks.push({
          kind: 'block',
          a: viewer.member.id,
          b: candidate.member.id,
          createdAt: new Date(blockedAt).toISOString(),
        });
        world.blockedPairs.add(key);
      }
    }
  }
}

/** A directed pair of member positions as one number (memberCount² stays far below 2^53). */
function directedPair(actor: number, target: number, memberCount: number): number {
  return actor * memberCount + target;
}

/** Whether `candidate` passes the hard preferences of `member` (soft ones only rank). */
export function meetsHardPreferences(member: Member, candidate: Member): boolean {
  const { preferences } = member;
  if (preferences.hard.industries && !candidate.industries.some((i) => preferences.industries.includes(i)))
    return false;
  if (preferences.hard.languages && !candidate.languages.some((l) => preferences.languages.includes(l)))
    return false;
  if (
    preferences.hard.maxDistanceKm &&
    preferences.maxDistanceKm !== undefined &&
    distanceKm(member.location, candidate.location) > preferences.maxDistanceKm
  ) {
    return false;
  }
  return true;
}

/** Soft preferences nudge interest a little: +0.1 when the candidate works in an industry the member asked for. */
function softPreferenceBonus(member: Member, candidate: Member): number {
  return candidate.industries.some((i) => member.preferences.industries.includes(i)) ? 0.1 : 0;
}

function pairKey(x: string, y: string): string {
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

function groupByCity<T extends { cityIndex: number }>(
  cityCount: number,
  items: T[],
  keep: (item: T) => boolean,
): number[][] {
  const byCity: number[][] = Array.from({ length: cityCount }, () => []);
  items.forEach((item, i) => {
    if (keep(item)) byCity[item.cityIndex].push(i);
  });
  return byCity;
}

/** Positions of the `count` largest keys, largest first (a running top list: count is small, keys are many). */
export function topIndices(keys: Float64Array, count: number): number[] {
  const top: number[] = [];
  if (count <= 0) return top;
  for (let i = 0; i < keys.length; i++) {
    if (top.length === count && keys[i] <= keys[top[count - 1]]) continue;
    let position = top.length === count ? count - 1 : top.length;
    while (position > 0 && keys[top[position - 1]] < keys[i]) {
      top[position] = top[position - 1];
      position--;
    }
    top[position] = i;
  }
  return top.slice(0, count);
}

/** Distance on a local flat approximation: within a city it differs from the great circle by well under 1%. */
function localDistanceKm(a: GeoLocation, b: GeoLocation): number {
  const dy = (b.lat - a.lat) * 111.32;
  const dx = (b.lon - a.lon) * 111.32 * cos((a.lat * PI) / 180);
  return sqrt(dx * dx + dy * dy);
}

/** Sorts the events by time (ties by the order they were made) and gives them ids in that order. */
function materialize(
  history: HistoryBuilder,
  places: GeneratedPlace[],
  members: GeneratedMember[],
): DemoInteraction[] {
  const times = Float64Array.from(history.atMs);
  const order = new Uint32Array(times.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((x, y) => times[x] - times[y] || x - y);
  const interactions: DemoInteraction[] = [];
  for (const i of order) {
    const memberId = members[history.actor[i]].member.id;
    const at = new DateTime(history.atMs[i]).toISOString();
    const id = `evt-${`${interactions.length + 1}`.padStart(7, '0')}`;
    if (history.targetIsPlace[i]) {
      const type = history.type[i] as PlaceInteractionType;
      interactions.push({
        id,
        memberId,
        type,
        target: { kind: 'place', id: places[history.target[i]].place.id },
        at,
      });
    } else {
      const type = history.type[i] as MemberInteractionType;
      interactions.push({
        id,
        memberId,
        type,
        target: { kind: 'member', id: members[history.target[i]].member.id },
        at,
      });
    }
  }
  return interactions;
}
