import { Member, MemberEdge } from '@app/catalog';
import { KnobDefinition, ParameterLookup, StageParameters } from '@app/ranking';
import { MemberSearch } from '@app/search';
import { MemberSignals, SignalStore } from '@app/signals';

const DAY_MS = 86_400_000;

/** The scenario prefix of every networking parameter (`networking.<stage>.<knob>`). */
export const NETWORKING = 'networking';

export const DECIDED_KNOBS = {
  windowDays: {
    default: 30,
    min: 1,
    max: 90,
    integer: true,
    description:
      'Members the viewer liked or passed within this many days are not shown again. 30: the signal store keeps ' +
      'passes that long; longer asks for likes only (kept 90 days).',
  },
} as const satisfies Record<string, KnobDefinition>;

export const MUTUAL_CONNECTIONS_KNOBS = {
  maxEdges: {
    default: 5_000,
    min: 0,
    max: 100_000,
    integer: true,
    description:
      "Connections of the viewer's connections read to count mutual connections (one engine page per 1,000). " +
      '5,000 covers a viewer with 500 connections of 10 each; past it counts are a lower bound.',
  },
} as const satisfies Record<string, KnobDefinition>;

export const decidedKnobs = new StageParameters(NETWORKING, 'decided', DECIDED_KNOBS);
export const mutualConnectionsKnobs = new StageParameters(NETWORKING, 'mutual', MUTUAL_CONNECTIONS_KNOBS);

/** Interactions with a member that take them out of the viewer's feed for the window. */
const DECIDING_TYPES = new Set(['like', 'pass', 'hide', 'report', 'block', 'connect']);

/**
 * Everything the stages of one discovery request know, loaded once before the pipeline runs. The viewer's document
 * holds their own private fields (location, preferences, embeddings): they feed the engine query and stay inside.
 */
export interface DiscoveryContext {
  readonly viewer: Member;
  /** The stored script of the first-pass ranking when an experiment picks one; the feed's own otherwise. */
  readonly scoreScript?: string;
  /** Epoch milliseconds of the request: windows, "new here", today's exposure and the script's activity decay. */
  readonly now: number;
  /** The request's parameter values (defaults with overrides), for every stage. */
  readonly params: ParameterLookup;
  /** Blocked by the viewer or blocking them (durable, from the engine). */
  readonly blocked: ReadonlySet<string>;
  readonly connected: ReadonlySet<string>;
  /** Liked, passed, hidden, reported or blocked by the viewer within the window (real-time, from the signal store). */
  readonly decided: ReadonlySet<string>;
  /** Members who liked the viewer, the newest first. */
  readonly likedBy: readonly string[];
  /** Members two steps away, with the number of the viewer's connections they are connected to. */
  readonly mutualConnections: ReadonlyMap<string, number>;
  /** How often the viewer was shown each member within the signal store's seen window. */
  readonly seenCounts: ReadonlyMap<string, number>;
  /** Industries the viewer works in or has shown interest in: what serendipity steps away from. */
  readonly usualIndustries: readonly string[];
  /** What every engine query leaves out: the viewer, blocks either way, connections, recent decisions. */
  readonly excludedIds: readonly string[];
  /** The signal store did not answer: no recent decisions, likes or seen counts (the page says it is degraded). */
  readonly signalsUnavailable?: boolean;
}

/** The viewer is not in the catalog. */
export class UnknownViewerError extends Error {
  constructor(readonly memberId: string) {
    super(`member ${memberId} not found`);
    this.name = 'UnknownViewerError';
  }
}

/**
 * Loads a request's context: the viewer's document and relations from the engine and their signals from the signal
 * store at once, then (when they have connections) the connections of their connections for mutual counts.
 */
export class DiscoveryContextLoader {
  constructor(
    private readonly search: MemberSearch,
    private readonly signals: SignalStore,
    /** How the viewer's document is read (the API's goes through a short-lived cache). */
    private readonly readViewer: (memberId: string) => Promise<Member | undefined> = (id) =>
      search.getMember(id),
  ) {}

  /**
   * @throws UnknownViewerError; SearchEngineError when the engine fails. A signal store that does not answer gives a
   * context without real-time signals, marked `signalsUnavailable` (blocks are durable, read from the engine).
   */
  async load(memberId: string, params: ParameterLookup, now: number): Promise<DiscoveryContext> {
    let signalsUnavailable = false;
    const [viewer, relations, signals] = await Promise.all([
      this.readViewer(memberId),
      this.search.relationsOf(memberId),
      this.signals.readMember(memberId, now).catch((): MemberSignals => {
        signalsUnavailable = true;
        return { memberId, now, recentPositives: [], negatives: [], seen: [], affinities: [], likedBy: [] };
      }),
    ]);
    if (!viewer) throw new UnknownViewerError(memberId);
    const { maxEdges } = mutualConnectionsKnobs.read(params);
    const edges = await this.search.connectionsOf(relations.connected, maxEdges);
    const context = buildDiscoveryContext({
      viewer,
      now,
      params,
      blocked: relations.blocked,
      connected: relations.connected,
      signals,
      connectionsOfConnections: edges,
    });
    return signalsUnavailable ? { ...context, signalsUnavailable } : context;
  }
}

export interface DiscoveryContextParts {
  viewer: Member;
  now: number;
  params: ParameterLookup;
  blocked: readonly string[];
  connected: readonly string[];
  signals: MemberSignals;
  connectionsOfConnections: readonly MemberEdge[];
}

/** The context from what was loaded (pure: the unit tests build contexts with it). */
export function buildDiscoveryContext(parts: DiscoveryContextParts): DiscoveryContext {
  const { viewer, now, params, signals } = parts;
  const blocked = new Set(parts.blocked);
  const connected = new Set(parts.connected);
  const decided = decidedWithin(signals, now - decidedKnobs.read(params).windowDays * DAY_MS);
  const mutualConnections = countMutualConnections(viewer.id, connected, parts.connectionsOfConnections);
  const seenCounts = new Map<string, number>();
  for (const seen of signals.seen) {
    if (seen.target.kind === 'member') seenCounts.set(seen.target.id, seen.count);
  }
  const usualIndustries = [
    ...new Set([
      ...viewer.industries,
      ...signals.affinities.filter((a) => a.score > 0).map((a) => a.category),
    ]),
  ];
  const excluded = new Set([viewer.id, ...blocked, ...connected, ...decided]);
  return {
    viewer,
    now,
    params,
    blocked,
    connected,
    decided,
    likedBy: signals.likedBy.map((l) => l.memberId).filter((id) => !excluded.has(id)),
    mutualConnections,
    seenCounts,
    usualIndustries,
    excludedIds: [...excluded],
  };
}

/** Members the viewer acted on since `since` (a like, a pass, a hide, a report, a block, a connection). */
export function decidedWithin(signals: MemberSignals, since: number): Set<string> {
  const decided = new Set<string>();
  for (const interaction of [...signals.recentPositives, ...signals.negatives]) {
    if (interaction.target.kind !== 'member' || interaction.at < since) continue;
    if (DECIDING_TYPES.has(interaction.type)) decided.add(interaction.target.id);
  }
  return decided;
}

/**
 * For each member two steps away (not the viewer, not a connection), how many of the viewer's connections they are
 * connected to. Each connection edge is stored once per pair, so an edge counts once.
 */
export function countMutualConnections(
  viewerId: string,
  connected: ReadonlySet<string>,
  edges: readonly MemberEdge[],
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (via: string, other: string): void => {
    if (!connected.has(via) || other === viewerId || connected.has(other)) return;
    counts.set(other, (counts.get(other) ?? 0) + 1);
  };
  for (const edge of edges) {
    if (edge.kind !== 'connection') continue;
    add(edge.a, edge.b);
    add(edge.b, edge.a);
  }
  return counts;
}
