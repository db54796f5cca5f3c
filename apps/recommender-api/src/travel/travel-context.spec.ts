import { PlaceSearch } from '@app/search';
import { SignalStore, TargetInteraction } from '@app/signals';
import {
  MemberNotFoundError,
  STATED_AFFINITY,
  TravelContextLoader,
  meanDirection,
  originOf,
  placeAffinities,
  preferredPrice,
  recentPlacePositives,
  tasteWeight,
  usualCategories,
} from './travel-context';
import {
  LISBON,
  NOW,
  context,
  feedPlace,
  params,
  profile,
  request,
  signals,
  vector,
} from './travel.spec-helpers';

const positive = (
  type: TargetInteraction['type'],
  id: string,
  at: number,
  kind: 'place' | 'member' = 'place',
) => ({
  type,
  target: { kind, id },
  at,
});

describe('travel context', () => {
  describe('recentPlacePositives', () => {
    it('keeps the newest saves, likes and bookings of places, each place once, at most count', () => {
      const s = signals({
        recentPositives: [
          positive('save', 'p1', 9),
          positive('connect', 'm1', 8, 'member'),
          positive('like', 'm2', 7, 'member'),
          positive('like', 'p1', 6),
          positive('book', 'p2', 5),
          positive('like', 'p3', 4),
        ],
      });
      expect(recentPlacePositives(s, 5)).toEqual([
        { id: 'p1', action: 'saved' },
        { id: 'p2', action: 'booked' },
        { id: 'p3', action: 'liked' },
      ]);
      expect(recentPlacePositives(s, 2)).toEqual([
        { id: 'p1', action: 'saved' },
        { id: 'p2', action: 'booked' },
      ]);
    });
  });

  describe('placeAffinities', () => {
    it('divides by the strongest affinity, fills stated interests and leaves industries out', () => {
      const s = signals({
        affinities: [
          { category: 'museum', score: 4 },
          { category: 'film', score: 3 }, // an industry: member events
          { category: 'cafe', score: 1 },
          { category: 'bar', score: -2 },
        ],
      });
      expect(placeAffinities(s, ['cafe', 'park'])).toEqual({
        museum: 1,
        cafe: 0.25,
        bar: -0.5,
        park: STATED_AFFINITY,
      });
    });

    it('gives the stated interests alone when there are no signals', () => {
      expect(placeAffinities(signals(), ['cafe'])).toEqual({ cafe: 0.5 });
      expect(placeAffinities(signals(), [])).toEqual({});
    });
  });

  describe('usualCategories', () => {
    it('takes affinities from 0.3 up, strongest first, else the stated categories', () => {
      expect(usualCategories({ museum: 1, cafe: 0.3, bar: 0.29, park: -1 }, ['beach'])).toEqual([
        'museum',
        'cafe',
      ]);
      expect(usualCategories({ bar: 0.1 }, ['beach'])).toEqual(['beach']);
    });

    it('keeps at most six', () => {
      const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((c, i) => [c, 1 - i / 10]));
      expect(usualCategories(many, [])).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    });
  });

  describe('preferredPrice', () => {
    it('is the mean of the asked levels, else of the recent places, to one decimal, else 0', () => {
      expect(preferredPrice([1, 2], [{ priceLevel: 4 }])).toBe(1.5);
      expect(preferredPrice([], [{ priceLevel: 1 }, { priceLevel: 2 }, { priceLevel: 2 }])).toBe(1.7);
      expect(preferredPrice([], [])).toBe(0);
    });
  });

  describe('originOf', () => {
    it('is the point, or the member home for their own city, else none', () => {
      const member = profile();
      expect(originOf({ kind: 'point', origin: LISBON, radiusKm: 3 }, member)).toBe(LISBON);
      expect(originOf({ kind: 'city', city: 'Lisbon' }, member)).toBe(member.location);
      expect(originOf({ kind: 'city', city: 'Porto' }, member)).toBeUndefined();
    });
  });

  describe('meanDirection', () => {
    it('averages unit vectors and normalises the sum', () => {
      // (1, 0) and (0, 2) → units (1, 0) and (0, 1) → sum (1, 1) → (0.707107, 0.707107)
      expect(meanDirection([vector(1, 0), vector(0, 2)])?.slice(0, 3)).toEqual([0.707107, 0.707107, 0]);
      expect(meanDirection([vector(3, 4)])?.slice(0, 2)).toEqual([0.6, 0.8]);
    });

    it('is undefined without vectors or when they cancel out', () => {
      expect(meanDirection([])).toBeUndefined();
      expect(meanDirection([vector(1), vector(-1)])).toBeUndefined();
    });
  });

  describe('tasteWeight', () => {
    it('is the parameter with an embedding, and grows with the recent places without one', () => {
      const p = params({ 'travel.score.taste': 4, 'travel.recent.count': 5 });
      expect(tasteWeight({ tasteEmbedding: vector(1) }, [], p)).toBe(4);
      expect(tasteWeight({}, [1, 2], p)).toBeCloseTo(1.6, 10); // 4 × 2 / 5
      expect(tasteWeight({}, [1, 2, 3, 4, 5, 6], p)).toBe(4);
      expect(tasteWeight({}, [], p)).toBe(0);
    });
  });

  describe('buildTravelContext', () => {
    it('shares one filter, excludes negatives, counts seen places and builds the script params', () => {
      const c = context({
        request: request({ categories: ['museum'], priceLevels: [2] }),
        signals: signals({
          negatives: [
            positive('hide', 'h1', 1),
            positive('pass', 'h2', 1),
            positive('block', 'm9', 1, 'member'),
          ],
          seen: [
            { target: { kind: 'place', id: 's1' }, count: 4, lastAt: 1 },
            { target: { kind: 'member', id: 'm1' }, count: 9, lastAt: 1 },
          ],
          affinities: [{ category: 'museum', score: 2 }],
        }),
      });
      expect(c.filter).toEqual({
        near: { origin: LISBON, radiusKm: 10 },
        categories: ['museum'],
        priceLevels: [2],
      });
      expect([...c.excluded]).toEqual(['h1', 'h2']);
      expect([...c.seenCounts]).toEqual([['s1', 4]]);
      expect(c.origin).toBe(LISBON);
      expect(c.pricePreference).toBe(2);
      expect(c.usualCategories).toEqual(['museum']);
      const p = c.params;
      expect(c.scoring).toEqual({
        taste: vector(1, 1),
        affinities: { museum: 1 },
        pricePreference: 2,
        origin: `${LISBON.lat},${LISBON.lon}`,
        originScale: `${p['travel.score.originScaleKm']}km`,
        now: new Date(NOW).toISOString(),
        weights: {
          query: 0,
          taste: p['travel.score.taste'],
          affinity: p['travel.score.affinity'],
          price: p['travel.score.price'],
          distance: p['travel.score.distance'],
          quality: p['travel.score.quality'],
          freshness: p['travel.score.freshness'],
          curated: p['travel.score.curated'],
        },
      });
    });

    it('turns off the terms it has nothing for: taste, price, distance', () => {
      const c = context({
        request: request({ area: { kind: 'city', city: 'Porto' } }),
        member: profile({ tasteEmbedding: undefined }),
      });
      expect(c.filter).toEqual({ city: 'Porto', categories: [], priceLevels: [] });
      expect(c.origin).toBeUndefined();
      expect(c.scoring.weights).toMatchObject({ taste: 0, price: 0, distance: 0 });
      // A placeholder the script can take (cosine refuses a zero vector), weighted 0.
      expect(c.scoring.taste).toEqual(vector(1));
      // Distances need an origin even at weight 0: the member's home.
      expect(c.scoring.origin).toBe('38.7169,-9.1399');
    });

    it('reads the recent places in the order of the positives, their mean direction standing in for a taste', () => {
      const c = context({
        member: profile({ tasteEmbedding: undefined }),
        positives: [
          { id: 'p2', action: 'saved' },
          { id: 'gone', action: 'liked' },
          { id: 'p1', action: 'booked' },
        ],
        recentPlaces: [
          feedPlace('p1', { embedding: vector(0, 1), priceLevel: 1 }),
          feedPlace('p2', { priceLevel: 4 }),
        ],
      });
      expect(c.recent.map((r) => [r.id, r.action, r.name])).toEqual([
        ['p2', 'saved', 'Place p2'],
        ['p1', 'booked', 'Place p1'],
      ]);
      expect(c.recentVector?.slice(0, 2)).toEqual([0.707107, 0.707107]);
      expect(c.scoring.taste.slice(0, 2)).toEqual([0.707107, 0.707107]);
      expect(c.pricePreference).toBe(2.5);
      expect(c.scoring.weights.taste).toBeCloseTo((c.params['travel.score.taste'] * 2) / 5, 10);
    });

    it('seeds exploration by member and UTC day', () => {
      const seed = (memberId: string, now: number) =>
        context({ request: request({ memberId }), now }).explorationSeed;
      expect(seed('ana', NOW)).toBe(seed('ana', NOW + 3_600_000));
      expect(seed('ana', NOW)).not.toBe(seed('ana', NOW + 86_400_000));
      expect(seed('ana', NOW)).not.toBe(seed('bruno', NOW));
    });
  });

  describe('TravelContextLoader', () => {
    const store = (answer: Promise<unknown>) =>
      ({ readMember: jest.fn(() => answer) }) as unknown as SignalStore;
    const search = (member = profile()) =>
      ({
        travelerProfile: jest.fn(async () => member),
        placesByIds: jest.fn(async (ids: string[]) => ids.map((id) => feedPlace(id))),
      }) as unknown as PlaceSearch & { placesByIds: jest.Mock; travelerProfile: jest.Mock };

    it('reads the profile and the signals at once, then the recent places', async () => {
      const s = search();
      const loaded = await new TravelContextLoader(
        s,
        store(Promise.resolve(signals({ recentPositives: [positive('save', 'p9', NOW - 1000)] }))),
        () => NOW,
      ).load(request(), params());
      expect(s.travelerProfile).toHaveBeenCalledWith('ana');
      expect(s.placesByIds).toHaveBeenCalledWith(['p9']);
      expect(loaded.recent.map((r) => r.id)).toEqual(['p9']);
      expect(loaded.now).toBe(NOW);
    });

    it('does not look places up without recent positives', async () => {
      const s = search();
      await new TravelContextLoader(s, store(Promise.resolve(signals())), () => NOW).load(
        request(),
        params(),
      );
      expect(s.placesByIds).not.toHaveBeenCalled();
    });

    it('fails for an unknown member; without signals when the signal store does not answer', async () => {
      const unknown = search(undefined as never);
      (unknown.travelerProfile as jest.Mock).mockResolvedValue(undefined);
      await expect(
        new TravelContextLoader(unknown, store(Promise.resolve(signals())), () => NOW).load(
          request(),
          params(),
        ),
      ).rejects.toBeInstanceOf(MemberNotFoundError);
      const withoutSignals = await new TravelContextLoader(
        search(),
        store(Promise.reject(new Error('Connection is closed.'))),
        () => NOW,
      ).load(request(), params());
      expect(withoutSignals.signalsUnavailable).toBe(true);
      expect(withoutSignals.recent).toEqual([]);
      expect(withoutSignals.excluded.size).toBe(0);
    });
  });
});
