import { PipelineRunner, SourceFailedError, definePipeline } from '@app/pipeline';
import { FeedPlace, PlaceHit, PlaceSearch } from '@app/search';
import { SignalStore } from '@app/signals';
import { TravelContext } from './travel-context';
import { travelFeedPipeline, travelFeedStages } from './travel-feed.pipeline';
import { context, hit, profile } from './travel.spec-helpers';

const SECRET = 'a travel test secret of at least 32 bytes';

/** The real stages over a search answering by source and a store that records. */
function runner(answers: Record<string, PlaceHit[] | Error>) {
  const search = {
    search: jest.fn(async (action: string, _query: unknown, size: number) => {
      const answer = answers[action] ?? [];
      if (answer instanceof Error) throw answer;
      return answer.slice(0, size);
    }),
  } as unknown as PlaceSearch;
  const record = jest.fn(async () => ({ recorded: 0, duplicates: [] }));
  const store = {
    record,
    exposure: async (_kind: string, ids: string[]) =>
      new Map(ids.map((id) => [id, { impressions: 0, likes: 0 }])),
  } as unknown as SignalStore;
  const spec = travelFeedPipeline(travelFeedStages(search, store));
  return {
    spec,
    record,
    runner: new PipelineRunner<TravelContext, FeedPlace>(spec, { cursorSecret: SECRET }),
  };
}

describe('the travel feed pipeline', () => {
  it('is a valid declaration: six sources, only trending may not fail open, pages of 20 up to 100', () => {
    const { spec } = runner({});
    expect(() => definePipeline(spec)).not.toThrow();
    expect(spec.name).toBe('TravelFeed');
    expect(spec.sources.map((s) => [s.source.name, s.failOpen])).toEqual([
      ['Taste', true],
      ['RecentSaves', true],
      ['CuratedNearby', true],
      ['TrendingNearby', false],
      ['FreshPlaces', true],
      ['Text', true],
    ]);
    expect(spec.sideEffects.map((e) => e.name)).toEqual(['RecordImpressions']);
    expect(spec.page).toEqual({ defaultSize: 20, maxSize: 100 });
  });

  it('merges the sources, keeping every source that found a place and the best score', async () => {
    const { runner: r, record } = runner({
      'taste source': [hit('a', 3), hit('b', 2)],
      'curated nearby source': [hit('a', 3.4, { curated: true }), hit('c', 1)],
      'trending nearby source': [hit('b', 2.1), hit('d', 0.5)],
    });
    const result = await r.run({ memberId: 'ana', context: context(), limit: 3, explain: true });
    expect(result.items.map((c) => [c.id, c.sources, c.engineScore])).toEqual([
      ['a', ['Taste', 'CuratedNearby'], 3.4],
      ['b', ['Taste', 'TrendingNearby'], 2.1],
      ['c', ['CuratedNearby'], 1],
    ]);
    expect(result.items[0].explanation.reasons).toEqual(['Picked for your taste', "Editor's pick"]);
    expect(result.nextCursor).toEqual(expect.any(String));
    expect(result.trace.sources.map((s) => [s.name, s.status])).toEqual([
      ['Taste', 'ok'],
      ['RecentSaves', 'skipped'],
      ['CuratedNearby', 'ok'],
      ['TrendingNearby', 'ok'],
      ['FreshPlaces', 'ok'],
      ['Text', 'skipped'],
    ]);
    await result.afterServe();
    expect(record).toHaveBeenCalledTimes(1);
  });

  it('fails open when a source may, and fails the request when trending fails', async () => {
    const down = new Error('engine down');
    const open = await runner({
      'curated nearby source': down,
      'trending nearby source': [hit('d', 1)],
    }).runner.run({
      memberId: 'ana',
      context: context({ member: profile({ tasteEmbedding: undefined }) }),
    });
    expect(open.items.map((c) => c.id)).toEqual(['d']);
    expect(open.trace.failedSources).toEqual(['CuratedNearby']);
    await expect(
      runner({ 'trending nearby source': down }).runner.run({ memberId: 'ana', context: context() }),
    ).rejects.toBeInstanceOf(SourceFailedError);
  });
});
