import {
  ParameterRegistry,
  ParameterValues,
  PipelineRunner,
  Retrieved,
  Source,
  definePipeline,
} from '@app/pipeline';
import {
  ExcludedIdsFilter,
  ExposureBalanceReranker,
  FreshnessExposureReranker,
  MmrDiversityReranker,
  SeenItemsFilter,
  SerendipityReranker,
} from '@app/ranking';

/** The stages as a scenario wires them: a typed context whose parameters come from the scenario's registry. */

interface Member {
  readonly industries: readonly string[];
  readonly city: string;
  readonly createdAt: string;
  readonly embedding?: readonly number[];
}

const NOW = Date.parse('2025-06-15T00:00:00Z');
const categoriesOf = (m: Member) => [...m.industries, `city:${m.city}`];

const stages = {
  seen: new SeenItemsFilter<DiscoveryContext, Member, 'discovery'>({
    scenario: 'discovery',
    seenCountsOf: (c) => c.seen,
  }),
  blocked: new ExcludedIdsFilter<DiscoveryContext, Member>({ name: 'Blocked', excludedOf: (c) => c.blocked }),
  freshness: new FreshnessExposureReranker<DiscoveryContext, Member, 'discovery'>({
    scenario: 'discovery',
    createdAtOf: (m) => m.createdAt,
    nowOf: (c) => c.now,
    reason: 'New here',
  }),
  exposure: new ExposureBalanceReranker<DiscoveryContext, Member, 'discovery'>({
    scenario: 'discovery',
    impressionsTodayOf: (candidate, c) => c.impressionsToday.get(candidate.id) ?? 0,
  }),
  mmr: new MmrDiversityReranker<DiscoveryContext, Member, 'discovery'>({
    scenario: 'discovery',
    embeddingOf: (m) => m.embedding,
    categoriesOf,
    cappedCategoriesOf: (m) => m.industries,
  }),
  serendipity: new SerendipityReranker<DiscoveryContext, Member, 'discovery'>({
    scenario: 'discovery',
    categoriesOf: (m) => m.industries,
    usualCategoriesOf: (c) => c.usualIndustries,
  }),
};

const registry = new ParameterRegistry([
  ...stages.seen.parameters,
  ...stages.freshness.parameters,
  ...stages.exposure.parameters,
  ...stages.mmr.parameters,
  ...stages.serendipity.parameters,
]);
type DiscoveryParameter = (typeof registry)['definitions'][number]['name'];

interface DiscoveryContext {
  readonly params: ParameterValues<DiscoveryParameter>;
  readonly now: number;
  readonly seen: ReadonlyMap<string, number>;
  readonly blocked: ReadonlySet<string>;
  readonly impressionsToday: ReadonlyMap<string, number>;
  readonly usualIndustries: readonly string[];
}

const industries = ['film', 'tech', 'music', 'design'];
const hits: Retrieved<Member>[] = Array.from({ length: 30 }, (_, i) => ({
  id: `m${i}`,
  score: 3 - i * 0.05,
  item: {
    // Mostly film people, as a taste source would find them for a film lover.
    industries: [i % 2 === 0 ? industries[(i / 2) % 4] : 'film'],
    city: i % 2 === 0 ? 'Porto' : 'Lisboa',
    createdAt: i % 7 === 0 ? '2025-06-14T00:00:00Z' : '2024-01-01T00:00:00Z',
    embedding: [Math.cos(i), Math.sin(i), 1],
  },
}));
const source: Source<DiscoveryContext, Member> = { name: 'Taste', fetch: async () => hits };

describe('@app/ranking in a pipeline', () => {
  it('fits the pipeline rules and adds up in the explanation', async () => {
    const spec = definePipeline<DiscoveryContext, Member>({
      name: 'DiscoveryFeed',
      sources: [{ source, quota: 100, timeoutMs: 1000, failOpen: false }],
      filters: [stages.blocked, stages.seen],
      rerankers: [stages.freshness, stages.exposure, stages.mmr, stages.serendipity],
      sideEffects: [],
      page: { defaultSize: 10, maxSize: 50 },
    });
    const runner = new PipelineRunner(spec, { cursorSecret: 'a test secret that is at least 32 bytes long' });
    const context: DiscoveryContext = {
      params: registry.resolve({ 'discovery.exposure.dailyCap': 50, 'discovery.mmr.lambda': 0.6 }),
      now: NOW,
      seen: new Map([['m1', 9]]),
      blocked: new Set(['m2']),
      impressionsToday: new Map([['m3', 50]]),
      usualIndustries: ['film'],
    };
    const result = await runner.run({ memberId: 'viewer', context, limit: 10, explain: true });

    const served = result.items.map((c) => c.id);
    expect(served).toHaveLength(10);
    expect(served).not.toEqual(expect.arrayContaining(['m1']));
    expect(served).not.toEqual(expect.arrayContaining(['m2']));
    expect(served).not.toEqual(expect.arrayContaining(['m3']));
    const steps = Object.fromEntries(result.trace.steps.map((s) => [s.name, s.removedIds]));
    expect(steps).toMatchObject({ Blocked: ['m2'], SeenItems: ['m1'], ExposureBalance: ['m3'] });
    // No more than 3 of an industry in the first 10 (the MMR cap), although most candidates are in film.
    const film = result.items.filter((c) => c.item.industries.includes('film')).length;
    expect(film).toBeLessThanOrEqual(3);
    for (const item of result.explanation!.items) {
      const total = item.adjustments.reduce((sum, a) => sum + a.scoreDelta, item.engineScore);
      expect(total).toBeCloseTo(item.score, 10);
    }
    expect(result.items.some((c) => c.explanation.reasons.includes('New here'))).toBe(true);
  });
});
