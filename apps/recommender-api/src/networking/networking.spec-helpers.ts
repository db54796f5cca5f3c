import { Member } from '@app/catalog';
import { Candidate, Query } from '@app/pipeline';
import { MemberCandidate } from '@app/search';
import { MemberSignals } from '@app/signals';
import { sampleMember } from '../../../../libs/catalog/src/catalog-fixtures.spec-helpers';
import { DiscoveryContext, buildDiscoveryContext } from './discovery-context';
import { networkingParameters } from './discovery-feed.pipeline';

/** Shared fixtures of the networking specs. */

export const NOW = Date.parse('2025-06-01T12:00:00Z');
export const DAY_MS = 86_400_000;
const SOFT = { industries: false, languages: false, maxDistanceKm: false };

/** A member in Lisbon with soft preferences only (override anything). */
export function member(id: string, overrides: Partial<Member> = {}): Member {
  return sampleMember({
    id,
    displayName: `Member ${id}`,
    industries: ['film'],
    interests: ['surfing', 'jazz'],
    languages: ['pt', 'en'],
    location: { lat: 38.7169, lon: -9.1399 },
    createdAt: '2024-01-01T00:00:00Z',
    lastActiveAt: '2025-05-30T00:00:00Z',
    preferences: { industries: [], languages: [], hard: { ...SOFT } },
    ...overrides,
  });
}

export function emptySignals(memberId: string, overrides: Partial<MemberSignals> = {}): MemberSignals {
  return {
    memberId,
    now: NOW,
    recentPositives: [],
    negatives: [],
    seen: [],
    affinities: [],
    likedBy: [],
    ...overrides,
  };
}

export interface ContextOptions {
  viewer?: Member;
  params?: Record<string, number>;
  blocked?: string[];
  connected?: string[];
  signals?: Partial<MemberSignals>;
  mutual?: [string, string][];
  now?: number;
}

/** A context built the way the loader builds it; `mutual` lists connection edges among the viewer's circle. */
export function context(options: ContextOptions = {}): DiscoveryContext {
  const viewer = options.viewer ?? member('viewer');
  return buildDiscoveryContext({
    viewer,
    now: options.now ?? NOW,
    params: networkingParameters.resolve(options.params ?? {}),
    blocked: options.blocked ?? [],
    connected: options.connected ?? [],
    signals: emptySignals(viewer.id, options.signals),
    connectionsOfConnections: (options.mutual ?? []).map(([a, b]) => ({
      kind: 'connection',
      a,
      b,
      createdAt: '2025-01-01T00:00:00Z',
    })),
  });
}

export function query(
  ctx: DiscoveryContext,
  overrides: Partial<Query<DiscoveryContext>> = {},
): Query<DiscoveryContext> {
  return {
    requestId: 'request-1',
    memberId: ctx.viewer.id,
    context: ctx,
    limit: 20,
    page: 1,
    seed: 7,
    servedCount: 0,
    explain: false,
    ...overrides,
  };
}

/** A member as a feed candidate holds it (the fields MemberSearch fetches). */
export function asCandidate(m: Member): MemberCandidate {
  const { id, displayName, headline, professions, industries, interests, city, country, languages } = m;
  const { createdAt, location, visibility, preferences } = m;
  return {
    id,
    displayName,
    headline,
    professions,
    industries,
    interests,
    city,
    country,
    languages,
    createdAt,
    location,
    visibility,
    preferences,
  };
}

export function candidate(
  m: Member,
  score: number,
  features: Record<string, number> = {},
  reasons: string[] = [],
): Candidate<MemberCandidate> {
  return {
    id: m.id,
    item: asCandidate(m),
    sources: ['KnnTaste'],
    engineScore: score,
    score,
    features,
    explanation: { reasons, adjustments: [] },
  };
}

export const ids = (cs: readonly { id: string }[]): string[] => cs.map((c) => c.id);
