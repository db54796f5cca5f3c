import { FetchOptions, PipelineRunner, Query, Retrieved, Source, definePipeline } from '@app/pipeline';
import { MemberCandidate } from '@app/search';
import { InMemorySignalStore } from '@app/signals';
import { DiscoveryContext } from './discovery-context';
import {
  DISCOVERY_DEFAULTS,
  DiscoveryFeedStages,
  discoveryFeed,
  networkingParameters,
  relevanceOnlyFeed,
} from './discovery-feed.pipeline';
import { NOW, asCandidate, context, ids, member } from './networking.spec-helpers';
import { RecordImpressionsSideEffect } from './record-impressions.side-effect';

class FixedSource implements Source<DiscoveryContext, MemberCandidate> {
  constructor(
    readonly name: string,
    private readonly hits: Retrieved<MemberCandidate>[] = [],
  ) {}

  async fetch(_q: Query<DiscoveryContext>, { quota }: FetchOptions): Promise<Retrieved<MemberCandidate>[]> {
    return this.hits.slice(0, quota);
  }
}

function stages(taste: Retrieved<MemberCandidate>[], store = new InMemorySignalStore({ clock: () => NOW })) {
  return {
    knnTaste: new FixedSource('KnnTaste', taste),
    knnReciprocal: new FixedSource('KnnReciprocal'),
    secondDegree: new FixedSource('SecondDegree'),
    likedYou: new FixedSource('LikedYou'),
    newMembers: new FixedSource('NewMembers'),
    recordImpressions: new RecordImpressionsSideEffect(store),
  } as unknown as DiscoveryFeedStages;
}

const hit = (id: string, score: number, impressionsToday: number, industry: string, city: string) => ({
  id,
  item: asCandidate(member(id, { industries: [industry as 'film'], city })),
  score,
  features: { impressionsToday, isNew: 0 },
});

describe('discoveryFeed', () => {
  it('declares the sources, filters (cheapest first), re-rankers in the order @app/ranking requires', () => {
    const spec = definePipeline(discoveryFeed(stages([])));
    expect(spec.sources.map((s) => [s.source.name, s.failOpen])).toEqual([
      ['KnnTaste', false],
      ['KnnReciprocal', true],
      ['SecondDegree', true],
      ['LikedYou', true],
      ['NewMembers', true],
    ]);
    expect(spec.filters.map((f) => f.name)).toEqual(['Eligibility', 'SeenItems']);
    expect(spec.rerankers.map((r) => r.name)).toEqual([
      'ExposureBalance',
      'MmrDiversity',
      'NewMemberSlots',
      'Serendipity',
    ]);
    expect(spec.sideEffects.map((e) => e.name)).toEqual(['RecordImpressions']);
    expect(spec.page).toEqual({ defaultSize: 20, maxSize: 50 });
  });

  it('deepens the main sources by what earlier pages served, and keeps the others bounded', () => {
    const spec = discoveryFeed(stages([]));
    const q = { context: context(), servedCount: 40 } as Query<DiscoveryContext>;
    const quotas = spec.sources.map((s) => (typeof s.quota === 'function' ? s.quota(q) : s.quota));
    expect(quotas).toEqual([90, 90, 65, 5, 10]);
  });

  it('has a relevance-only variant: no new members, no re-rankers', () => {
    const spec = definePipeline(relevanceOnlyFeed(stages([])));
    expect(spec.sources.map((s) => s.source.name)).toEqual([
      'KnnTaste',
      'KnnReciprocal',
      'SecondDegree',
      'LikedYou',
    ]);
    expect(spec.rerankers).toEqual([]);
  });

  it('names every parameter networking.<stage>.<knob>, and its tuned defaults are within bounds', () => {
    const names = networkingParameters.definitions.map((d) => d.name);
    expect(names.every((n) => n.startsWith('networking.'))).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining([
        'networking.taste.quota',
        'networking.newMembers.quota',
        'networking.likedYou.quota',
        'networking.exposure.dailyCap',
        'networking.mmr.lambda',
        'networking.serendipity.maxShare',
        'networking.newMemberSlots.slots',
        'networking.decided.windowDays',
      ]),
    );
    expect(() => networkingParameters.resolve(DISCOVERY_DEFAULTS)).not.toThrow();
  });

  it('caps, boosts the under-exposed in proportion to relevance, diversifies, and records impressions', async () => {
    const store = new InMemorySignalStore({ clock: () => NOW });
    const runner = new PipelineRunner(
      discoveryFeed(
        stages(
          [
            hit('popular', 1.0, 40, 'film', 'Lisbon'),
            hit('capped', 0.95, 60, 'music', 'Porto'),
            hit('unseen', 0.7, 0, 'design', 'Faro'),
            hit('some', 0.8, 20, 'media', 'Braga'),
          ],
          store,
        ),
      ),
      { cursorSecret: 'a test secret that is at least 32 bytes long' },
    );
    const ctx = context({ params: networkingParameters.resolve(DISCOVERY_DEFAULTS) });
    const result = await runner.run({ memberId: 'viewer', context: ctx, limit: 3 });
    // target 40, maxBoost 0.6, dailyCap 60: popular 1.0 (at the target: no boost); capped dropped (60 today);
    // unseen 0.7 × (1 + 0.6 × 40/40) = 1.12; some 0.8 × (1 + 0.6 × 20/40) = 1.04. Different industries and cities,
    // so MMR keeps the relevance order.
    expect(ids(result.items)).toEqual(['unseen', 'some', 'popular']);
    expect(result.items.map((c) => Math.round(c.score * 1000) / 1000)).toEqual([1.12, 1.04, 1]);
    expect(result.nextCursor).toBeNull();
    await result.afterServe();
    const exposure = await store.exposure('member', ['unseen', 'capped'], 1, NOW);
    expect(exposure.get('unseen')!.impressions).toBe(1);
    expect(exposure.get('capped')!.impressions).toBe(0);
  });
});
