import { CursorError, PipelineRequestError, SourceFailedError } from '@app/pipeline';
import { FeedPlace, PlaceSearch } from '@app/search';
import { InMemorySignalStore } from '@app/signals';
import { HttpException, Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
import { sampleValue } from '../observability/metrics.spec-helpers';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { MemberNotFoundError } from './travel-context';
import { TravelFeedService, toTravelRequest } from './travel-feed.service';
import { LISBON, feedPlace, profile, vector } from './travel.spec-helpers';

const SECRET = 'a travel test secret of at least 32 bytes';

/** The service over a search that finds the same three places for every source. */
function service(options: { member?: boolean; fail?: Error } = {}) {
  const places: FeedPlace[] = ['a', 'b', 'c'].map((id, i) => feedPlace(id, { embedding: vector(1, i) }));
  const search = {
    travelerProfile: async () => (options.member === false ? undefined : profile()),
    placesByIds: async () => [],
    search: async (_action: string, _query: unknown, size: number) => {
      if (options.fail) throw options.fail;
      return places.slice(0, size).map((place, i) => ({ id: place.id, score: 3 - i, place }));
    },
  } as unknown as PlaceSearch;
  const store = new InMemorySignalStore();
  const registry = new Registry();
  return {
    store,
    registry,
    feed: new TravelFeedService(search, store, SECRET, new PipelineMetrics(registry)),
  };
}

describe('TravelFeedService', () => {
  // Each page logs a debug line.
  beforeAll(() => Logger.overrideLogger(false));

  it('answers a page and leaves the impressions to afterServe', async () => {
    const { feed, store } = service();
    const page = await feed.page('ana', { city: 'Lisbon', limit: 2 });
    expect(page.answer.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(page.answer.nextCursor).toEqual(expect.any(String));
    expect((await store.readMember('ana')).seen).toEqual([]);
    await page.afterServe();
    expect((await store.readMember('ana')).seen.map((s) => s.target.id).sort()).toEqual(['a', 'b']);
    const next = await feed.page('ana', { city: 'Lisbon', limit: 2, cursor: page.answer.nextCursor! });
    expect(next.answer.items.map((i) => i.id)).toEqual(['c']);
    expect(next.answer.nextCursor).toBeNull();
  });

  it('runs with parameter overrides, refusing unknown ones', async () => {
    const { feed } = service();
    const page = await feed.page('ana', { city: 'Lisbon', explain: true }, { 'travel.mmr.lambda': 1 });
    expect(page.answer.explanation?.request.parameters['travel.mmr.lambda']).toBe(1);
    await expect(feed.page('ana', { city: 'Lisbon' }, { 'travel.nope.knob': 1 })).rejects.toThrow(
      'is unknown',
    );
  });

  it('answers 404 for an unknown member, 400 for a bad cursor, 503 when the backbone source fails', async () => {
    const notFound = await service({ member: false })
      .feed.page('ghost', { city: 'Lisbon' })
      .catch((e) => e);
    expect(notFound).toBeInstanceOf(HttpException);
    expect((notFound as HttpException).getStatus()).toBe(404);
    const badCursor = await service()
      .feed.page('ana', { city: 'Lisbon', cursor: 'x.y' })
      .catch((e) => e);
    expect(badCursor).toBeInstanceOf(InvalidInputException);
    expect((badCursor as InvalidInputException).getResponse()).toMatchObject({
      errors: [{ field: 'cursor' }],
    });
    const down = await service({ fail: new Error('engine down') })
      .feed.page('ana', { city: 'Lisbon' })
      .catch((e) => e);
    expect(down).toBeInstanceOf(DependencyUnavailableException);
  });

  it("takes the caller's request id, and records every page's stages and sources in the metrics", async () => {
    const { feed, registry } = service();
    const first = await feed.page('ana', { city: 'Lisbon', limit: 2 }, {}, 'req-1');
    const second = await feed.page('ana', { city: 'Lisbon', limit: 2, cursor: first.answer.nextCursor! });
    expect(first.answer.requestId).toBe('req-1');
    expect(first.trace.requestId).toBe('req-1');
    expect(second.answer.requestId).not.toBe('req-1');

    const stageCount = (stage: string) =>
      sampleValue(registry, 'pipeline_stage_duration_seconds_count', { scenario: 'travel', stage });
    expect(await stageCount('Context')).toBe(2);
    for (const step of first.trace.steps) expect(await stageCount(step.name)).toBe(2);
    for (const source of first.trace.sources.filter((s) => s.status === 'ok')) {
      const fetched = first.trace.sources.find((s) => s.name === source.name)!.fetched;
      const again = second.trace.sources.find((s) => s.name === source.name)!.fetched;
      expect(
        await sampleValue(registry, 'pipeline_source_candidates_sum', {
          scenario: 'travel',
          source: source.name,
        }),
      ).toBe(fetched + again);
    }
    expect(await sampleValue(registry, 'feed_degraded_responses_total')).toBe(0);
  });

  it('toTravelRequest: a city or a point, lists defaulting to empty, text trimmed', () => {
    expect(toTravelRequest('ana', { lat: LISBON.lat, lon: LISBON.lon, radiusKm: 3, q: '  tiles ' })).toEqual({
      memberId: 'ana',
      area: { kind: 'point', origin: LISBON, radiusKm: 3 },
      categories: [],
      priceLevels: [],
      text: 'tiles',
    });
    expect(toTravelRequest('ana', { city: 'Porto', categories: ['bar'], priceLevels: [1], q: ' ' })).toEqual({
      memberId: 'ana',
      area: { kind: 'city', city: 'Porto' },
      categories: ['bar'],
      priceLevels: [1],
    });
  });

  it('keeps the error types the API maps', () => {
    // The mapping itself is exercised above and end to end; these are the library errors it knows.
    expect(new CursorError('malformed', 'cursor is malformed')).toBeInstanceOf(PipelineRequestError);
    expect(new SourceFailedError('TrendingNearby', 'failed', 'x')).toBeInstanceOf(Error);
    expect(new MemberNotFoundError('x').message).toBe('member x not found');
  });
});
