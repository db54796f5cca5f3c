import { PipelineResult } from '@app/pipeline';
import { FeedPlace } from '@app/search';
import { distanceKm, shortReasons, toFeedAnswer, toFeedItem } from './travel-response';
import { LISBON, candidate, context } from './travel.spec-helpers';

describe('travel response', () => {
  it('distanceKm: haversine on the mean Earth radius', () => {
    // One degree of latitude: 6371.0088 × π / 180 = 111.195 km.
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111.195, 3);
    // Lisbon → Porto: 273.6 km as the crow flies.
    expect(distanceKm(LISBON, { lat: 41.1496, lon: -8.611 })).toBeCloseTo(273.63, 2);
    expect(distanceKm(LISBON, LISBON)).toBe(0);
  });

  it('shortReasons: at most three, the most specific first', () => {
    expect(
      shortReasons([
        'Picked for your taste',
        'Popular nearby this week',
        "Editor's pick",
        'Because you saved Museu X',
        'New',
      ]),
    ).toEqual(['Because you saved Museu X', "Editor's pick", 'New']);
    expect(shortReasons(['Picked for your taste', 'Something different'])).toEqual([
      'Something different',
      'Picked for your taste',
    ]);
  });

  it('an item carries public fields, a distance in km to 0.01 and the score', () => {
    const item = toFeedItem(
      candidate('a', 2.5, { location: { lat: LISBON.lat + 1, lon: LISBON.lon }, curated: true }),
      LISBON,
    );
    expect(item).toEqual({
      id: 'a',
      name: 'Place a',
      city: 'Lisbon',
      categories: ['museum'],
      distanceKm: 111.2,
      rating: 4.5,
      priceLevel: 2,
      curated: true,
      reasons: [],
      score: 2.5,
    });
    expect(toFeedItem(candidate('a', 1), undefined).distanceKm).toBeNull();
  });

  it('the answer has the explanation only when the request asked for one', () => {
    const c = context();
    const result = {
      requestId: 'r1',
      page: 1,
      items: [candidate('a', 1)],
      nextCursor: null,
      trace: {
        pipeline: 'TravelFeed',
        requestId: 'r1',
        page: 1,
        totalMs: 3,
        sources: [],
        steps: [],
        failedSources: [],
      },
      afterServe: async () => ({ ms: 0, outcomes: [] }),
    } satisfies PipelineResult<FeedPlace>;
    expect(toFeedAnswer(result, c, 1.5)).toEqual({
      requestId: 'r1',
      items: [expect.objectContaining({ id: 'a' })],
      nextCursor: null,
      degraded: false,
      experiments: [],
    });
    // The experiment variants that shaped the page are named.
    expect(toFeedAnswer(result, c, 1.5, ['travel-taste-weight:taste-5']).experiments).toEqual([
      'travel-taste-weight:taste-5',
    ]);
    // Without real-time signals the page says it is degraded.
    expect(toFeedAnswer(result, { ...c, signalsUnavailable: true }, 1.5).degraded).toBe(true);
    const explained = toFeedAnswer(
      {
        ...result,
        explanation: {
          items: [
            {
              id: 'a',
              position: 1,
              sources: ['Test'],
              engineScore: 1,
              score: 1,
              adjustments: [],
              reasons: [],
            },
          ],
          request: result.trace,
        },
      },
      c,
      1.5,
    );
    expect(explained.explanation?.request).toMatchObject({
      pipeline: 'TravelFeed',
      contextMs: 1.5,
      pipelineMs: 3,
      parameters: expect.objectContaining({ 'travel.score.taste': c.params['travel.score.taste'] }),
    });
  });
});
