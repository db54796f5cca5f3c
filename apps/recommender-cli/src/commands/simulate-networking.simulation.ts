import { Member, MemberEdge } from '@app/catalog';
import { gini } from '@app/ranking';
import {
  CatalogRepository,
  MemberSearch,
  SearchArtifactsInstaller,
  SearchNames,
  loadSearchArtifacts,
  openSearchClient,
} from '@app/search';
import { InMemorySignalStore, SignalEvent } from '@app/signals';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  DiscoveryFeedService,
  DiscoveryVariant,
} from '../../../recommender-api/src/networking/discovery-feed.service';
import { NO_EXPERIMENTS } from '../../../recommender-api/src/experiments/feed-experiments';
import { DemoData, HiddenMember, SeededRandom, generateDemoData, memberAffinity } from '../demo';

/**
 * The marketplace simulation of the networking feed (issue: "Marketplace health, measured"). A demo network with
 * hidden tastes is generated; some members are held back and join during the run. Each round, every member who is
 * not hidden asks for one page of their discovery feed (in a shuffled order) and answers each profile shown with a
 * like or a pass drawn from the hidden tastes, as the demo history draws them; a like of someone who liked them is a
 * match (and becomes a connection). Once a simulated day, members' 7-day stats in the engine are recomputed, as the
 * service's aggregation would. Each variant of the feed runs on its own copy of the world (its own in-memory engine
 * and signal store) with the same seed and the same random draw per pair, so the variants differ only by ranking.
 */

const DAY_MS = 86_400_000;

export interface SimulationOptions {
  /** About this many members take part: the demo network's largest cities, whole, until there are as many. */
  members: number;
  /** Members of the demo network they are taken from (default: the demo's own 10,000). */
  network?: number;
  /** When set: exactly this many of the largest cities, whole, whatever `members` says. */
  cities?: number;
  /**
   * When set: every member keeps to people within this many km (a hard distance preference, both ways), so that each
   * city is a closed market, as city-randomised experiments assume. Unset: the demo's own preferences.
   */
  localMarketKm?: number;
  /** Another stored script of the first-pass ranking for every viewer (an experiment's variant); default the feed's. */
  scoreScript?: string;
  /** Simulated days. */
  days: number;
  /** Feed requests per member per day. */
  roundsPerDay: number;
  /** Profiles per page. */
  pageSize: number;
  /** Share of the visible members held back to join during the run (spread over the days). */
  joinShare: number;
  seed: string;
  /** Parameter values over the feed's defaults (applied to the full pipeline only). */
  overrides: Record<string, number>;
  templatesDir: string;
  painlessDir: string;
  onProgress?: (message: string) => void;
}

export const DEFAULT_SIMULATION_OPTIONS = {
  // The demo network's five largest cities (779 members): both variants in about 90 s on 2 cores.
  members: 650,
  days: 3,
  roundsPerDay: 2,
  pageSize: 20,
  joinShare: 0.04,
  seed: 'demo-v1',
} as const;

export interface VariantMetrics {
  variant: DiscoveryVariant;
  requests: number;
  impressions: number;
  /** Gini of impressions per visible member, per day (members present that day), averaged over the days. */
  dailyGini: number;
  /** Gini of impressions per visible member over the whole run (members present from the start). */
  runGini: number;
  /** Share of visible members with at least one impression, per day, averaged over the days. */
  seenDailyShare: number;
  /** The lowest of the days' shares. */
  seenDailyMin: number;
  /** Members who joined during the run (visible ones). */
  joiners: number;
  /** Share of them with at least 20 impressions within their first day. */
  newMembersReaching20: number;
  matches: number;
  matchesPerThousandImpressions: number;
  /** Mean over shown pairs of p(viewer likes candidate) × p(candidate likes viewer), by the hidden tastes. */
  reciprocity: number;
  /** Share of impressions that went to the 1% most shown members. */
  topPercentShare: number;
  /** Median and 99th percentile of one feed request (ms). */
  latencyP50Ms: number;
  latencyP99Ms: number;
  seconds: number;
  /** What happened to each member who browsed (filled by `runVariant`; optional for reports built by hand). */
  outcomes?: MemberOutcome[];
}

/** One member's run: as a viewer (pages seen, likes given) and as a candidate (shown, liked); matches count for both. */
export interface MemberOutcome {
  id: string;
  city: string;
  /** Profiles shown to the member. */
  impressionsSeen: number;
  /** Of them, profiles of members of another city. */
  otherCitySeen: number;
  likesGiven: number;
  /** Times the member was shown to someone. */
  impressionsReceived: number;
  likesReceived: number;
  /** Matches the member is one side of. */
  matches: number;
  /** Days with at least one impression received, over the days the member was there. */
  daysSeen: number;
  daysPresent: number;
}

/** The feed parameters over the defaults for one viewer: the same for everyone, or chosen per viewer (experiments). */
export type ViewerOverrides = Record<string, number> | ((viewer: Member) => Record<string, number>);

export interface SimulationReport {
  options: Omit<SimulationOptions, 'onProgress' | 'templatesDir' | 'painlessDir' | 'network'>;
  networkSize: number;
  visibleMembers: number;
  cities: string[];
  full: VariantMetrics;
  relevanceOnly: VariantMetrics;
  seconds: number;
}

/** The probability that `viewer` likes `candidate`: the demo history's `sigmoid(-1 + 5 · interest)`. */
export function likeProbability(
  viewer: Member,
  hiddenViewer: HiddenMember,
  candidate: Member,
  hiddenCandidate: HiddenMember,
): number {
  const soft = candidate.industries.some((i) => viewer.preferences.industries.includes(i)) ? 0.1 : 0;
  const interest = memberAffinity(hiddenViewer, hiddenCandidate) + soft;
  return 1 / (1 + Math.exp(1 - 5 * interest));
}

/** A uniform draw in [0, 1) fixed for one ordered pair: both variants draw the same for the same pair. */
export function pairDraw(seed: string, viewer: string, candidate: string): number {
  return new SeededRandom(`${seed}|${viewer}|${candidate}`).next();
}

/** The demo world, split into the members present at the start and those who join on each day. */
export interface World {
  data: DemoData;
  cities: string[];
  start: number;
  initial: Member[];
  /** Day index (0-based) → members joining at the start of that day. */
  joining: Member[][];
  edges: MemberEdge[];
  history: SignalEvent[];
  hidden: Map<string, HiddenMember>;
  byId: Map<string, Member>;
}

/**
 * The demo network as `npm run cli -- demo` makes it (its members, history and hidden tastes; no places), cut down to
 * its largest cities: the demo's people only ever met people of their own city, so whole cities keep its density.
 */
export function buildWorld(options: SimulationOptions): World {
  const data = generateDemoData({
    seed: options.seed,
    placeCount: 0,
    ...(options.network !== undefined && { memberCount: options.network }),
  });
  const start = Date.parse(data.options.now);
  const random = new SeededRandom(`${options.seed}|simulation`);
  const cities =
    options.cities === undefined
      ? largestCities(data.members, options.members)
      : largestCities(data.members, Number.POSITIVE_INFINITY).slice(0, options.cities);
  const inCities = new Set(data.members.filter((m) => cities.includes(m.city)).map((m) => m.id));
  const visible = data.members.filter((m) => inCities.has(m.id) && m.visibility === 'visible');
  const joinerIds = new Set(
    random.sample(
      visible.map((m) => m.id),
      Math.round(options.joinShare * visible.length),
    ),
  );
  const joining: Member[][] = Array.from({ length: options.days }, () => []);
  let next = 0;
  const initial: Member[] = [];
  const localKm = options.localMarketKm;
  const local = (member: Member): Member =>
    localKm === undefined
      ? member
      : {
          ...member,
          preferences: {
            ...member.preferences,
            maxDistanceKm: localKm,
            hard: { ...member.preferences.hard, maxDistanceKm: true },
          },
        };
  for (const original of data.members) {
    if (!inCities.has(original.id)) continue;
    const member = local(original);
    if (!joinerIds.has(member.id)) {
      initial.push(member);
      continue;
    }
    const day = next++ % options.days;
    const joinedAt = new Date(start + day * DAY_MS).toISOString();
    // A new member: no history, so no taste embedding and no stats yet.
    const joiner: Member = {
      ...member,
      createdAt: joinedAt,
      lastActiveAt: joinedAt,
      stats: { impressions7d: 0, likesReceived7d: 0, passesReceived7d: 0, connectionCount: 0 },
    };
    delete joiner.tasteEmbedding;
    joining[day].push(joiner);
  }
  const touchesJoiner = (a: string, b: string) =>
    joinerIds.has(a) || joinerIds.has(b) || !inCities.has(a) || !inCities.has(b);
  const history: SignalEvent[] = [];
  for (const event of data.interactions) {
    if (event.target.kind !== 'member' || touchesJoiner(event.memberId, event.target.id)) continue;
    history.push({
      id: event.id,
      type: event.type,
      memberId: event.memberId,
      target: { kind: 'member', id: event.target.id },
      at: Date.parse(event.at),
    });
  }
  const hidden = new Map(data.members.map((m, i) => [m.id, data.hidden.members[i]]));
  return {
    data,
    cities,
    start,
    initial,
    joining,
    edges: data.edges.filter((e) => !touchesJoiner(e.a, e.b)),
    history,
    hidden,
    byId: new Map([...initial, ...joining.flat()].map((m) => [m.id, m])),
  };
}

/** Cities with the most members first (ties by name), until they hold at least `members`. */
export function largestCities(members: readonly Member[], count: number): string[] {
  const byCity = new Map<string, number>();
  for (const m of members) byCity.set(m.city, (byCity.get(m.city) ?? 0) + 1);
  const ordered = [...byCity].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const cities: string[] = [];
  let total = 0;
  for (const [city, n] of ordered) {
    if (total >= count) break;
    cities.push(city);
    total += n;
  }
  return cities;
}

/** Runs both variants on the same world; the full pipeline first. */
export async function simulateNetworking(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const world = buildWorld(options);
  const progress = options.onProgress ?? (() => undefined);
  progress(
    `${world.byId.size} members of the demo network's ${world.cities.length} largest cities ` +
      `(${world.joining.flat().length} join during the run), ` +
      `${options.days} days × ${options.roundsPerDay} rounds, pages of ${options.pageSize}`,
  );
  const full = await runVariant('full', world, options, options.overrides);
  const relevanceOnly = await runVariant('relevanceOnly', world, options, {});
  return {
    options: {
      members: options.members,
      days: options.days,
      roundsPerDay: options.roundsPerDay,
      pageSize: options.pageSize,
      joinShare: options.joinShare,
      seed: options.seed,
      overrides: options.overrides,
    },
    networkSize: world.byId.size,
    cities: world.cities,
    visibleMembers: [...world.byId.values()].filter((m) => m.visibility === 'visible').length,
    full,
    relevanceOnly,
    seconds: (performance.now() - started) / 1000,
  };
}

/** One variant on its own copy of the world (exported for tuning sweeps). */
export async function runVariant(
  variant: DiscoveryVariant,
  world: World,
  options: SimulationOptions,
  overrides: ViewerOverrides,
): Promise<VariantMetrics> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  let now = world.start;
  const clock = () => now;
  const handle = await openSearchClient({ engine: 'embedded', dataDir: undefined, requestTimeoutMs: 60_000 });
  try {
    const names = new SearchNames('');
    const artifacts = await loadSearchArtifacts(
      { templatesDir: options.templatesDir, painlessDir: options.painlessDir },
      names,
    );
    await new SearchArtifactsInstaller(handle.client, artifacts, { names }).install();
    const catalog = new CatalogRepository(handle.client, { names });
    const members = world.initial.map((m) => ({ ...m }));
    await catalog.putMembers(members, 'none');
    await catalog.putEdges(world.edges, 'none', true);
    await catalog.refresh(['members', 'member_edges']);
    const store = new InMemorySignalStore({ clock });
    for (let i = 0; i < world.history.length; i += 5_000)
      await store.record(world.history.slice(i, i + 5_000));

    const seeds = new SeededRandom(`${options.seed}|feed-seeds`);
    const feed = new DiscoveryFeedService(new MemberSearch(handle.client, { names }), store, {
      cursorSecret: randomBytes(32),
      clock,
      variant,
      newSeed: () => seeds.nextUint32(),
    });

    // Who liked whom (history and run), for matches; impressions by member and day, for the metrics.
    const liked = new Set<string>();
    for (const e of world.history) if (e.type === 'like') liked.add(`${e.memberId}>${e.target.id}`);
    const present = new Map(members.map((m) => [m.id, m]));
    const joinedOn = new Map<string, number>();
    const dailyImpressions: Map<string, number>[] = [];
    const dailyLikes: Map<string, number>[] = [];
    const latencies: number[] = [];
    const seenBy = new Map<string, number>();
    const otherCitySeenBy = new Map<string, number>();
    const likesBy = new Map<string, number>();
    const matchesOf = new Map<string, number>();
    const bump = (counts: Map<string, number>, id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
    let matches = 0;
    let reciprocitySum = 0;
    let impressions = 0;
    const order = new SeededRandom(`${options.seed}|order`);
    const stepMs = DAY_MS / options.roundsPerDay;

    for (let day = 0; day < options.days; day++) {
      now = world.start + day * DAY_MS;
      const joiners = world.joining[day].map((m) => ({ ...m }));
      if (joiners.length > 0) {
        await catalog.putMembers(joiners, 'immediate');
        for (const m of joiners) {
          present.set(m.id, m);
          joinedOn.set(m.id, day);
        }
      }
      const today = new Map<string, number>();
      const likesToday = new Map<string, number>();
      dailyImpressions.push(today);
      dailyLikes.push(likesToday);
      for (let round = 0; round < options.roundsPerDay; round++) {
        now = world.start + day * DAY_MS + round * stepMs;
        const browsing = order.sample(
          [...present.values()].filter((m) => m.visibility !== 'hidden').map((m) => m.id),
          present.size,
        );
        const newConnections: MemberEdge[] = [];
        const decisions: SignalEvent[] = [];
        for (const viewerId of browsing) {
          now += 1;
          const t0 = performance.now();
          const viewer = present.get(viewerId)!;
          const page = await feed.page(viewerId, {
            limit: options.pageSize,
            overrides: typeof overrides === 'function' ? overrides(viewer) : overrides,
            ...(options.scoreScript !== undefined && {
              plan: { ...NO_EXPERIMENTS, script: options.scoreScript },
            }),
          });
          latencies.push(performance.now() - t0);
          await page.afterServe();
          const hiddenViewer = world.hidden.get(viewerId)!;
          for (const item of page.body.items) {
            const candidate = present.get(item.id)!;
            const hiddenCandidate = world.hidden.get(item.id)!;
            impressions++;
            bump(seenBy, viewerId);
            if (candidate.city !== viewer.city) bump(otherCitySeenBy, viewerId);
            today.set(item.id, (today.get(item.id) ?? 0) + 1);
            const forward = likeProbability(viewer, hiddenViewer, candidate, hiddenCandidate);
            const backward = likeProbability(candidate, hiddenCandidate, viewer, hiddenViewer);
            reciprocitySum += forward * backward;
            const likes = pairDraw(options.seed, viewerId, item.id) < forward;
            decisions.push({
              id: `sim:${viewerId}:${item.id}`,
              type: likes ? 'like' : 'pass',
              memberId: viewerId,
              target: { kind: 'member', id: item.id },
              at: now,
            });
            if (!likes) continue;
            likesToday.set(item.id, (likesToday.get(item.id) ?? 0) + 1);
            bump(likesBy, viewerId);
            liked.add(`${viewerId}>${item.id}`);
            if (liked.has(`${item.id}>${viewerId}`)) {
              matches++;
              bump(matchesOf, viewerId);
              bump(matchesOf, item.id);
              const [a, b] = [viewerId, item.id].sort();
              newConnections.push({ kind: 'connection', a, b, createdAt: new Date(now).toISOString() });
            }
          }
          // The answers count before the next member asks (read-your-writes, as through the API).
          await store.record(decisions.splice(0));
        }
        if (newConnections.length > 0) await catalog.putEdges(newConnections, 'immediate', true);
        progress(
          `${variant}: day ${day + 1} round ${round + 1}: ${browsing.length} feeds, ${impressions} impressions, ` +
            `${matches} matches`,
        );
      }
      await refreshStats(catalog, present, { impressions: dailyImpressions, likes: dailyLikes }, world, day);
    }

    return variantMetrics(variant, {
      world,
      present,
      joinedOn,
      dailyImpressions,
      latencies,
      matches,
      impressions,
      reciprocitySum,
      seconds: (performance.now() - started) / 1000,
      seenBy,
      otherCitySeenBy,
      likesBy,
      matchesOf,
      dailyLikes,
    });
  } finally {
    await handle.close();
  }
}

/**
 * The 7-day stats the ranking script reads (impressions, likes received), recomputed at the end of a day: the
 * run's impressions so far plus the demo's own week, fading out as the run's days replace it.
 */
async function refreshStats(
  catalog: CatalogRepository,
  present: Map<string, Member>,
  daily: { impressions: Map<string, number>[]; likes: Map<string, number>[] },
  world: World,
  day: number,
): Promise<void> {
  const fade = Math.max(0, (7 - (day + 1)) / 7);
  const lastWeek = (days: Map<string, number>[], id: string) =>
    days.slice(-7).reduce((sum, today) => sum + (today.get(id) ?? 0), 0);
  const updated: Member[] = [];
  for (const member of present.values()) {
    const original = world.byId.get(member.id)!.stats;
    const stats = {
      impressions7d:
        Math.round((original?.impressions7d ?? 0) * fade) + lastWeek(daily.impressions, member.id),
      likesReceived7d: Math.round((original?.likesReceived7d ?? 0) * fade) + lastWeek(daily.likes, member.id),
      passesReceived7d: Math.round((original?.passesReceived7d ?? 0) * fade),
      connectionCount: original?.connectionCount ?? 0,
    };
    const next = { ...member, stats };
    present.set(member.id, next);
    updated.push(next);
  }
  await catalog.putMembers(updated, 'none');
  await catalog.refresh(['members']);
}

interface RunTotals {
  world: World;
  present: Map<string, Member>;
  joinedOn: Map<string, number>;
  dailyImpressions: Map<string, number>[];
  latencies: number[];
  matches: number;
  impressions: number;
  reciprocitySum: number;
  seconds: number;
  /** Per member: impressions seen and likes given as a viewer, matches on either side, likes received per day. */
  seenBy: Map<string, number>;
  otherCitySeenBy: Map<string, number>;
  likesBy: Map<string, number>;
  matchesOf: Map<string, number>;
  dailyLikes: Map<string, number>[];
}

function variantMetrics(variant: DiscoveryVariant, run: RunTotals): VariantMetrics {
  const visible = [...run.present.values()].filter((m) => m.visibility === 'visible');
  const ginis: number[] = [];
  const seenShares: number[] = [];
  run.dailyImpressions.forEach((today, day) => {
    const there = visible.filter((m) => (run.joinedOn.get(m.id) ?? -1) <= day);
    const counts = there.map((m) => today.get(m.id) ?? 0);
    ginis.push(gini(counts));
    seenShares.push(counts.filter((c) => c > 0).length / Math.max(1, counts.length));
  });
  const fromStart = visible.filter((m) => !run.joinedOn.has(m.id));
  const totals = fromStart.map((m) =>
    run.dailyImpressions.reduce((sum, today) => sum + (today.get(m.id) ?? 0), 0),
  );
  const joiners = visible.filter((m) => run.joinedOn.has(m.id));
  const reached = joiners.filter((m) => (run.dailyImpressions[run.joinedOn.get(m.id)!].get(m.id) ?? 0) >= 20);
  const everyone = visible.map((m) =>
    run.dailyImpressions.reduce((sum, today) => sum + (today.get(m.id) ?? 0), 0),
  );
  everyone.sort((a, b) => b - a);
  const top = everyone.slice(0, Math.max(1, Math.round(everyone.length / 100))).reduce((a, b) => a + b, 0);
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const percentile = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return {
    variant,
    requests: run.latencies.length,
    impressions: run.impressions,
    dailyGini: mean(ginis),
    runGini: gini(totals),
    seenDailyShare: mean(seenShares),
    seenDailyMin: Math.min(...seenShares),
    joiners: joiners.length,
    newMembersReaching20: joiners.length === 0 ? 0 : reached.length / joiners.length,
    matches: run.matches,
    matchesPerThousandImpressions: run.impressions === 0 ? 0 : (1000 * run.matches) / run.impressions,
    reciprocity: run.impressions === 0 ? 0 : run.reciprocitySum / run.impressions,
    topPercentShare: run.impressions === 0 ? 0 : top / run.impressions,
    latencyP50Ms: percentile(0.5),
    latencyP99Ms: percentile(0.99),
    seconds: run.seconds,
    outcomes: memberOutcomes(run),
  };
}

/** Every member who browsed (not hidden), in the order they are present. */
function memberOutcomes(run: RunTotals): MemberOutcome[] {
  const browsers = [...run.present.values()].filter((m) => m.visibility !== 'hidden');
  return browsers.map((m) => {
    const firstDay = run.joinedOn.get(m.id) ?? 0;
    const days = run.dailyImpressions.slice(firstDay);
    return {
      id: m.id,
      city: m.city,
      impressionsSeen: run.seenBy.get(m.id) ?? 0,
      otherCitySeen: run.otherCitySeenBy.get(m.id) ?? 0,
      likesGiven: run.likesBy.get(m.id) ?? 0,
      impressionsReceived: days.reduce((sum, today) => sum + (today.get(m.id) ?? 0), 0),
      likesReceived: run.dailyLikes.reduce((sum, today) => sum + (today.get(m.id) ?? 0), 0),
      matches: run.matchesOf.get(m.id) ?? 0,
      daysSeen: days.filter((today) => (today.get(m.id) ?? 0) > 0).length,
      daysPresent: days.length,
    };
  });
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
