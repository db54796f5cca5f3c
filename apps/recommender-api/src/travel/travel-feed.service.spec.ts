import { CursorError, PipelineRequestError, SourceFailedError } from '@app/pipeline';
import { FeedPlace, PlaceSearch } from '@app/search';
import { InMemorySignalStore } from '@app/signals';
import { HttpException } from '@nestjs/common';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
import { MemberNotFoundError, SignalsUnavailableError } from './travel-context';
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
  return { store, feed: new TravelFeedService(search, store, SECRET) };
}

describe('TravelFeedService', () => {
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
    expect(new SignalsUnavailableError(new Error('down')).message).toBe(
      'the signal store is unavailable: down',
    );
  });
});
