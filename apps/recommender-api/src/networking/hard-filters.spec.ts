import { distanceKm, hardFiltersOf, ineligibilityOf, meetsHardPreferences } from './hard-filters';
import { asCandidate, context, member } from './networking.spec-helpers';

const LISBON = { lat: 38.7169, lon: -9.1399 };
const PORTO = { lat: 41.1496, lon: -8.611 };
const hard = (h: Partial<{ industries: boolean; languages: boolean; maxDistanceKm: boolean }>) => ({
  industries: false,
  languages: false,
  maxDistanceKm: false,
  ...h,
});

describe('distanceKm', () => {
  it('is the haversine distance on the mean Earth radius', () => {
    // Hand computation: Δφ = 2.4327°, Δλ = 0.5289°, h = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)
    // = 4.5064e-4 + 0.77952 × 0.75308 × 2.1302e-5 = 4.6315e-4; d = 2 R asin(√h) = 2 × 6371.0088 × 0.021522 = 274.24 km.
    expect(distanceKm(LISBON, PORTO)).toBeCloseTo(274.24, 1);
    expect(distanceKm(LISBON, LISBON)).toBe(0);
  });
});

describe('meetsHardPreferences', () => {
  const subject = { industries: ['film' as const], languages: ['pt'] };
  it('passes soft preferences, and hard ones the subject meets', () => {
    const holder = member('h', {
      preferences: { industries: ['music'], languages: ['de'], maxDistanceKm: 10, hard: hard({}) },
    });
    expect(meetsHardPreferences(holder, subject, 500)).toBe(true);
    const strict = member('s', {
      preferences: {
        industries: ['film'],
        languages: ['pt'],
        maxDistanceKm: 10,
        hard: hard({ industries: true, languages: true, maxDistanceKm: true }),
      },
    });
    expect(meetsHardPreferences(strict, subject, 10)).toBe(true);
  });

  it.each([
    ['industries', { industries: ['music'], languages: [], hard: hard({ industries: true }) }, 1],
    ['languages', { industries: [], languages: ['de'], hard: hard({ languages: true }) }, 1],
    [
      'distance',
      { industries: [], languages: [], maxDistanceKm: 10, hard: hard({ maxDistanceKm: true }) },
      10.01,
    ],
  ] as const)('refuses a subject outside a hard %s preference', (_, preferences, distance) => {
    const holder = member('h', {
      preferences: {
        ...preferences,
        industries: [...preferences.industries],
        languages: [...preferences.languages],
      },
    });
    expect(meetsHardPreferences(holder, subject, distance)).toBe(false);
  });

  it('reads a hard distance without a number as no limit', () => {
    const holder = member('h', {
      preferences: { industries: [], languages: [], hard: hard({ maxDistanceKm: true }) },
    });
    expect(meetsHardPreferences(holder, subject, 10_000)).toBe(true);
  });
});

describe('ineligibilityOf', () => {
  const ctx = context({
    blocked: ['blocked'],
    connected: ['friend'],
    signals: {
      recentPositives: [
        { type: 'like', target: { kind: 'member', id: 'liked' }, at: Date.parse('2025-05-31T00:00:00Z') },
      ],
    },
  });
  it.each([
    ['viewer', member('viewer')],
    ['notVisible', member('x', { visibility: 'hidden' })],
    ['notVisible', member('x', { visibility: 'paused' })],
    ['blocked', member('blocked')],
    ['connected', member('friend')],
    ['decided', member('liked')],
    ['viewerPreferences', member('x', { location: PORTO })],
    [
      'candidatePreferences',
      member('x', {
        preferences: { industries: ['music'], languages: [], hard: hard({ industries: true }) },
      }),
    ],
  ])('says %s', (reason, candidate) => {
    const viewer = member('viewer', {
      preferences: { industries: [], languages: [], maxDistanceKm: 100, hard: hard({ maxDistanceKm: true }) },
    });
    const c = { ...ctx, viewer };
    expect(ineligibilityOf(c, asCandidate(candidate))).toBe(reason);
  });

  it('accepts everyone else', () => {
    expect(ineligibilityOf(ctx, asCandidate(member('someone')))).toBeUndefined();
  });
});

describe('hardFiltersOf', () => {
  it('hands the engine the viewer and every excluded id', () => {
    const ctx = context({ blocked: ['b'], connected: ['c'] });
    expect(hardFiltersOf(ctx)).toEqual({ viewer: ctx.viewer, excludedIds: ['viewer', 'b', 'c'] });
  });
});
