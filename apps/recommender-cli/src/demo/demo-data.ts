import { Member, MemberEdge, Place } from '@app/catalog';
import { DemoCity, loadDemoCities } from './demo-cities';
import { AFFINITY_FORMULAS, HiddenMember, HiddenPlace, HiddenTastes } from './hidden-world';
import { DemoInteraction, generateHistory } from './interactions.generator';
import { LATENT_DIMENSION, LatentSpace, createLatentSpace } from './latent-space';
import { GeneratedMember, generateMember } from './members.generator';
import { GeneratedPlace, generatePlace } from './places.generator';
import { SeededRandom } from './seeded-random';

const DAY_MS = 86_400_000;

export interface DemoDataOptions {
  /** same seed (and the same other options), same data */
  seed?: string;
  placeCount?: number;
  memberCount?: number;
  /** the moment the history ends; creation times and "recent" windows count back from it */
  now?: string;
  /** days of interaction history */
  historyDays?: number;
}

export const DEFAULT_DEMO_OPTIONS: Required<DemoDataOptions> = {
  seed: 'demo-v1',
  placeCount: 20_000,
  memberCount: 10_000,
  now: '2025-06-01T00:00:00.000Z',
  historyDays: 60,
};

/** The demo data set: catalog documents, the history, and the hidden world they were drawn from. */
export interface DemoData {
  options: Required<DemoDataOptions>;
  cities: DemoCity[];
  places: Place[];
  members: Member[];
  /** connections and blocks, as the engine stores them durably */
  edges: MemberEdge[];
  /** in time order */
  interactions: DemoInteraction[];
  /** hidden traits, position for position with places and members; see hiddenTastes() for the JSON form */
  hidden: { space: LatentSpace; places: HiddenPlace[]; members: HiddenMember[] };
}

/**
 * Generates the whole demo data set, deterministically: pure computation, no I/O. Each part draws from its own
 * random stream (forked from the seed), so changing the number of members does not change the places.
 */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const resolved: Required<DemoDataOptions> = { ...DEFAULT_DEMO_OPTIONS, ...options };
  const nowMs = Date.parse(resolved.now);
  if (Number.isNaN(nowMs)) throw new Error(`demo option now must be an ISO date-time, got ${resolved.now}`);
  const historyStartMs = nowMs - resolved.historyDays * DAY_MS;
  const random = new SeededRandom(resolved.seed);
  const cities = loadDemoCities();
  // Bigger cities get more places and members, but less than in proportion: every city gets a useful share.
  const cityWeights = cities.map((c) => Math.sqrt(c.population));
  const space = createLatentSpace(random.fork('latent-space'));

  const placeRandom = random.fork('places');
  const places: GeneratedPlace[] = apportion(resolved.placeCount, cityWeights).map((cityIndex, i) =>
    generatePlace(i, cityIndex, cities[cityIndex], space, nowMs, placeRandom),
  );
  const memberRandom = random.fork('members');
  const members: GeneratedMember[] = apportion(resolved.memberCount, cityWeights).map((cityIndex, i) =>
    generateMember(i, cityIndex, cities, cityWeights, space, nowMs, memberRandom),
  );
  const history = generateHistory(
    places,
    members,
    cities.length,
    nowMs,
    historyStartMs,
    random.fork('history'),
  );
  const memberDocuments = members.map((m) => m.member);
  applyHistoryToMembers(memberDocuments, history.interactions, history.edges, nowMs);

  return {
    options: resolved,
    cities,
    places: places.map((p) => p.place),
    members: memberDocuments,
    edges: history.edges,
    interactions: history.interactions,
    hidden: { space, places: places.map((p) => p.hidden), members: members.map((m) => m.hidden) },
  };
}

/** The hidden tastes and traits as a JSON-ready document, for offline evaluation (vectors rounded to 5 decimals). */
export function hiddenTastes(data: DemoData): HiddenTastes {
  const rounded = (v: ArrayLike<number>) => Array.from(v, (x) => Math.round(x * 1e5) / 1e5);
  return {
    seed: data.options.seed,
    latentDimension: LATENT_DIMENSION,
    affinity: AFFINITY_FORMULAS,
    members: data.members.map((member, i) => {
      const hidden = data.hidden.members[i];
      return {
        id: member.id,
        taste: rounded(hidden.taste),
        profile: rounded(hidden.profile),
        preferredPriceLevel: hidden.preferredPriceLevel,
        activity: Math.round(hidden.activity * 1e4) / 1e4,
      };
    }),
    places: data.places.map((place, i) => {
      const hidden = data.hidden.places[i];
      return {
        id: place.id,
        vector: rounded(hidden.vector),
        quality: Math.round(hidden.quality * 1e4) / 1e4,
        priceLevel: hidden.priceLevel,
      };
    }),
  };
}

/**
 * Which city each of `total` items belongs to: counts in proportion to the weights (largest remainders, so they add
 * up exactly), items of one city next to each other.
 */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of byRemainder) {
    if (missing === 0) break;
    counts[i]++;
    missing--;
  }
  return counts.flatMap((count, cityIndex) => new Array<number>(count).fill(cityIndex));
}

/** Stats over the last 7 days, connection counts and last activity, as the service would have aggregated them. */
function applyHistoryToMembers(
  members: Member[],
  interactions: DemoInteraction[],
  edges: MemberEdge[],
  nowMs: number,
): void {
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const member of members) {
    member.stats = { impressions7d: 0, likesReceived7d: 0, passesReceived7d: 0, connectionCount: 0 };
  }
  // ISO strings of one format (toISOString) compare as the times they write.
  const weekAgo = new Date(nowMs - 7 * DAY_MS).toISOString();
  for (const event of interactions) {
    const actor = byId.get(event.memberId)!;
    if (event.at > actor.lastActiveAt) actor.lastActiveAt = event.at;
    if (event.target.kind !== 'member' || event.at < weekAgo) continue;
    const stats = byId.get(event.target.id)!.stats!;
    // Every like or pass follows the profile being shown: together they count its impressions.
    if (event.type === 'like' || event.type === 'pass') stats.impressions7d++;
    if (event.type === 'like') stats.likesReceived7d++;
    if (event.type === 'pass') stats.passesReceived7d++;
  }
  for (const edge of edges) {
    if (edge.kind !== 'connection') continue;
    byId.get(edge.a)!.stats!.connectionCount++;
    byId.get(edge.b)!.stats!.connectionCount++;
  }
}
