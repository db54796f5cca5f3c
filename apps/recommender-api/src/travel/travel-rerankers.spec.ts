import { travelRerankers } from './travel-rerankers';
import { DAY_MS, NOW, candidate, context, params, query, signals, vector } from './travel.spec-helpers';

const fresh = new Date(NOW - 3 * DAY_MS).toISOString();
const ids = (cs: readonly { id: string }[]) => cs.map((c) => c.id);

describe('travel re-rankers', () => {
  it('run in the order @app/ranking requires: the score re-ranker, then MMR, then serendipity', () => {
    expect(travelRerankers().map((r) => r.name)).toEqual([
      'FreshnessExposure',
      'MmrDiversity',
      'Serendipity',
    ]);
  });

  it('FreshnessExposure boosts new places whose few impressions are known, by a share of the score range', () => {
    const [freshness] = travelRerankers();
    const out = freshness.rerank(query(context()), [
      candidate('old-top', 3),
      candidate('new-unseen', 2, { createdAt: fresh }, { impressions7d: 0 }),
      candidate('new-unknown', 1.95, { createdAt: fresh }),
      candidate('new-half', 1.9, { createdAt: fresh }, { impressions7d: 50 }),
      candidate('old-bottom', 1),
    ]);
    // range 3 − 1 = 2, boost 0.1: unseen + 0.1 × 2 × (1 − 0/100) = 2.2; half-seen + 0.1 × 2 × (1 − 50/100) = 2.0;
    // impressions unknown: no boost.
    expect(out.map((c) => [c.id, Math.round(c.score * 1e9) / 1e9])).toEqual([
      ['old-top', 3],
      ['new-unseen', 2.2],
      ['new-half', 2],
      ['new-unknown', 1.95],
      ['old-bottom', 1],
    ]);
    expect(out[1].explanation.reasons).toEqual(['New']);
    expect(out[3].explanation.reasons).toEqual([]);
  });

  it('MmrDiversity keeps at most three of a category on the first screen', () => {
    const [, mmr] = travelRerankers();
    const museums = [5, 4.9, 4.8, 4.7, 4.6].map((s, i) =>
      candidate(`m${i}`, s, { embedding: vector(1, i / 100) }),
    );
    const cafe = candidate('cafe', 1, { categories: ['cafe'], embedding: vector(0, 1) });
    // lambda 1: relevance only, but the cap still holds.
    const c = context({ params: params({ 'travel.mmr.lambda': 1 }) });
    expect(ids(mmr.rerank(query(c), [...museums, cafe]))).toEqual(['m0', 'm1', 'm2', 'cafe', 'm3', 'm4']);
  });

  it('Serendipity gives a slot in five to a good place outside the usual categories, saying so', () => {
    const [, , serendipity] = travelRerankers();
    const c = context({ signals: signals({ affinities: [{ category: 'museum', score: 3 }] }) });
    expect(c.usualCategories).toEqual(['museum']);
    const museums = Array.from({ length: 10 }, (_, i) => candidate(`m${i}`, 10 - i));
    // Scores 10 … 1 and the park's 5.5: normalised (5.5 − 1) / 9 = 0.5, just good enough (minRelevance 0.5).
    const park = candidate('park', 5.5, { categories: ['park'] });
    const out = serendipity.rerank(query(c, { limit: 10 }), [
      ...museums.slice(0, 5),
      park,
      ...museums.slice(5),
    ]);
    expect(ids(out).slice(0, 6)).toEqual(['m0', 'm1', 'm2', 'm3', 'park', 'm4']);
    expect(out[4].explanation.reasons).toEqual(['Something different']);
  });
});
