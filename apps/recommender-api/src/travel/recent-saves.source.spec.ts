import { RecentSavesSource, mostSimilar } from './recent-saves.source';
import { RecentPlace } from './travel-context';
import { FakePlaceSearch, context, feedPlace, fetchOptions, hit, query, vector } from './travel.spec-helpers';

const recentPlaces = [
  feedPlace('saved-museum', { name: 'Museu X', embedding: vector(1, 0) }),
  feedPlace('liked-bar', { name: 'Bar Y', embedding: vector(0, 1) }),
];
const withRecent = () =>
  context({
    positives: [
      { id: 'saved-museum', action: 'saved' },
      { id: 'liked-bar', action: 'liked' },
    ],
    recentPlaces,
  });

describe('RecentSavesSource', () => {
  it('asks knn on the mean direction of the recent places, leaving them out, scored by the stored script', async () => {
    const search = new FakePlaceSearch([hit('near-museum', 2, { embedding: vector(0.9, 0.1) })]);
    const source = new RecentSavesSource(search.asPlaceSearch());
    const c = withRecent();
    expect(source.quota(query(c))).toBe(c.params['travel.recent.quota']);
    await source.fetch(query(c), fetchOptions(30));
    const { inner, params } = search.last;
    const knn = (
      inner.knn as { embedding: { vector: number[]; k: number; filter: { bool: { must_not: unknown } } } }
    ).embedding;
    expect(knn.vector.slice(0, 3)).toEqual([0.707107, 0.707107, 0]);
    expect(knn.k).toBe(30);
    expect(knn.filter.bool.must_not).toEqual([{ ids: { values: ['saved-museum', 'liked-bar'] } }]);
    expect((params.weights as { query: number }).query).toBe(c.params['travel.recent.queryWeight']);
  });

  it('says which recent place each hit is most like', async () => {
    const search = new FakePlaceSearch([
      hit('near-museum', 2, { embedding: vector(0.9, 0.1) }),
      hit('near-bar', 1.5, { embedding: vector(0.2, 0.8) }),
    ]);
    const found = await new RecentSavesSource(search.asPlaceSearch()).fetch(
      query(withRecent()),
      fetchOptions(30),
    );
    expect(found.map((r) => [r.id, r.reasons])).toEqual([
      ['near-museum', ['Because you saved Museu X']],
      ['near-bar', ['Because you liked Bar Y']],
    ]);
  });

  it('is skipped without recent places', async () => {
    const search = new FakePlaceSearch([hit('a', 1)]);
    const source = new RecentSavesSource(search.asPlaceSearch());
    expect(source.quota(query(context()))).toBe(0);
    expect(await source.fetch(query(context()), fetchOptions(10))).toEqual([]);
    expect(search.searches).toEqual([]);
  });

  it('mostSimilar: the highest cosine, the newest on a tie', () => {
    const recent: RecentPlace[] = [
      { id: 'new', name: 'N', action: 'saved', priceLevel: 2, embedding: vector(1, 0) },
      { id: 'old', name: 'O', action: 'saved', priceLevel: 2, embedding: vector(2, 0) },
      { id: 'other', name: 'T', action: 'saved', priceLevel: 2, embedding: vector(0, 1) },
    ];
    // cosine to (3, 1): new and old 0.9487 (a tie), other 0.3162.
    expect(mostSimilar(recent, vector(3, 1))?.id).toBe('new');
    expect(mostSimilar(recent, vector(0, 5))?.id).toBe('other');
    expect(mostSimilar([], vector(1))).toBeUndefined();
  });
});
