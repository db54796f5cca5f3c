import { explain, recordAdjustments, roundMs } from './explanation';
import type { PipelineTrace } from './explanation';
import { candidate } from './pipeline.spec-helpers';
import { withScore } from './stages';

describe('recordAdjustments', () => {
  it("adds each item's score and rank before and after the re-ranker", () => {
    const before = [candidate('a', 1), candidate('b', 0.5), candidate('c', 0.25)];
    // The re-ranker halves a's score and moves it last.
    const after = [before[1], before[2], withScore(before[0], 0.5)];
    const recorded = recordAdjustments('Demote', before, after);
    expect(recorded.map((c) => c.explanation.adjustments)).toEqual([
      [{ reranker: 'Demote', scoreBefore: 0.5, scoreAfter: 0.5, scoreDelta: 0, rankBefore: 2, rankAfter: 1 }],
      [
        {
          reranker: 'Demote',
          scoreBefore: 0.25,
          scoreAfter: 0.25,
          scoreDelta: 0,
          rankBefore: 3,
          rankAfter: 2,
        },
      ],
      [
        {
          reranker: 'Demote',
          scoreBefore: 1,
          scoreAfter: 0.5,
          scoreDelta: -0.5,
          rankBefore: 1,
          rankAfter: 3,
        },
      ],
    ]);
    // The inputs are left alone.
    expect(before[0].explanation.adjustments).toEqual([]);
  });
});

describe('explain', () => {
  it('numbers items across the feed and carries the request trace', () => {
    const trace: PipelineTrace = {
      pipeline: 'TestFeed',
      requestId: 'r1',
      page: 3,
      totalMs: 1.5,
      sources: [],
      steps: [],
      failedSources: [],
    };
    const items = [candidate('x', 0.9, { sources: ['Taste', 'Trending'], features: { trend: 2 } })];
    expect(explain(items, 40, trace)).toEqual({
      items: [
        {
          id: 'x',
          position: 41,
          sources: ['Taste', 'Trending'],
          engineScore: 0.9,
          score: 0.9,
          adjustments: [],
          reasons: [],
        },
      ],
      request: trace,
    });
  });

  it('rounds stage times to the microsecond', () => {
    expect(roundMs(1.23456789)).toBe(1.235);
  });
});
