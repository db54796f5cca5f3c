import { member } from '../networking/networking.spec-helpers';
import { feedPlace, LISBON } from '../travel/travel.spec-helpers';
import { FallbackMember, FeedFallbackStore } from './feed-fallback.store';

const PORTO = { lat: 41.1579, lon: -8.6291 };

function fallbackMember(id: string, blockedWith: string[] = [], visibility = 'visible'): FallbackMember {
  return {
    member: member(id, { visibility: visibility as 'visible', city: 'Lisbon' }),
    blockedWith: new Set(blockedWith),
  };
}

describe('FeedFallbackStore', () => {
  it('keeps the most recently asked cities only, and items per city up to the bound', () => {
    const store = new FeedFallbackStore({ maxCities: 2, itemsPerCity: 2, maxViewers: 10 });
    store.noteCity('Lisbon');
    store.noteCity('Porto');
    store.noteCity('Lisbon');
    store.noteCity('Faro');
    expect(store.knownCities()).toEqual(['Faro', 'Lisbon']);
    store.putPlaces('Lisbon', [feedPlace('a'), feedPlace('b'), feedPlace('c')]);
    expect(store.placesIn('Lisbon').map((p) => p.id)).toEqual(['a', 'b']);
    // A city that is not kept gets nothing stored.
    store.putPlaces('Porto', [feedPlace('p')]);
    expect(store.placesIn('Porto')).toEqual([]);
  });

  it('finds places of every kept city within a radius, the best rated first', () => {
    const store = new FeedFallbackStore({ maxCities: 5, itemsPerCity: 5, maxViewers: 10 });
    store.noteCity('Lisbon');
    store.noteCity('Porto');
    store.putPlaces('Lisbon', [feedPlace('l1', { rating: 4 }), feedPlace('l2', { rating: 4.8 })]);
    store.putPlaces('Porto', [feedPlace('p1', { city: 'Porto', location: PORTO })]);
    expect(store.placesNear(LISBON, 10).map((p) => p.id)).toEqual(['l2', 'l1']);
    expect(store.placesNear(PORTO, 10).map((p) => p.id)).toEqual(['p1']);
  });

  it('never returns the viewer, members blocked either way, hidden or paused members, or excluded ones', () => {
    const store = new FeedFallbackStore({ maxCities: 5, itemsPerCity: 10, maxViewers: 10 });
    store.noteCity('Lisbon');
    store.putMembers(
      'Lisbon',
      [
        fallbackMember('viewer'),
        fallbackMember('ok'),
        fallbackMember('blocked-by-viewer', ['viewer']),
        fallbackMember('hidden', [], 'hidden'),
        fallbackMember('paused', [], 'paused'),
        fallbackMember('passed'),
      ],
      0,
    );
    expect(store.membersFor('viewer', 'Lisbon', new Set(['passed'])).map((m) => m.id)).toEqual(['ok']);
  });

  it('honours blocks noted since the last read, both ways, until a refresh that started after them', () => {
    let now = 1_000;
    const store = new FeedFallbackStore({ maxCities: 5, itemsPerCity: 10, maxViewers: 10 }, () => now);
    store.noteCity('Lisbon');
    store.putMembers('Lisbon', [fallbackMember('x'), fallbackMember('y')], 0);
    store.noteBlock('x', 'viewer');
    store.noteBlock('viewer', 'y');
    expect(store.membersFor('viewer', 'Lisbon', new Set())).toEqual([]);
    // A refresh that started before the blocks keeps them noted.
    store.putMembers('Lisbon', [fallbackMember('x'), fallbackMember('y')], 999);
    expect(store.membersFor('viewer', 'Lisbon', new Set())).toEqual([]);
    now = 2_000;
    // One that started after read them from the engine.
    store.putMembers('Lisbon', [fallbackMember('x', ['viewer']), fallbackMember('y')], 1_500);
    expect(store.membersFor('viewer', 'Lisbon', new Set()).map((m) => m.id)).toEqual(['y']);
  });

  it('remembers a bounded number of viewers and their cities', () => {
    const store = new FeedFallbackStore({ maxCities: 5, itemsPerCity: 10, maxViewers: 1 });
    const viewer = (id: string, city: string) => ({
      ...member(id, { city }),
      blocked: new Set<string>(),
      connected: new Set<string>(),
    });
    store.noteViewer(viewer('a', 'Lisbon'));
    store.noteViewer(viewer('b', 'Porto'));
    expect(store.viewer('a')).toBeUndefined();
    expect(store.viewer('b')?.city).toBe('Porto');
    expect(store.knownCities()).toEqual(['Porto', 'Lisbon']);
  });
});
