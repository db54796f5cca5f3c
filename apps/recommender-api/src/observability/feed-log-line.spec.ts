import type { PipelineTrace } from '@app/pipeline';
import { feedLogLine } from './feed-log-line';

describe('feedLogLine', () => {
  it('sums the context and the pipeline, and lists each stage and source in order', () => {
    const trace: PipelineTrace = {
      pipeline: 'TravelFeed',
      requestId: 'req-7',
      page: 2,
      totalMs: 10.25,
      sources: [
        { name: 'Taste', status: 'ok', failOpen: false, quota: 200, fetched: 150, kept: 150, ms: 6.5 },
        { name: 'Trending', status: 'timedOut', failOpen: true, quota: 50, fetched: 0, kept: 0, ms: 300 },
      ],
      steps: [
        { kind: 'fetch', name: 'Fetch', ms: 7, countIn: 150, countOut: 150, removed: 0 },
        { kind: 'page', name: 'Page', ms: 0.01, countIn: 150, countOut: 20, removed: 130 },
      ],
      failedSources: ['Trending'],
    };
    const line = feedLogLine('travel', trace, 1.2345678, 20);
    expect(line).toEqual({
      msg: 'feed served',
      scenario: 'travel',
      pipeline: 'TravelFeed',
      requestId: 'req-7',
      page: 2,
      served: 20,
      totalMs: 11.485,
      stagesMs: { Context: 1.235, Fetch: 7, Page: 0.01 },
      sources: { Taste: 'ok 150 in 6.5 ms', Trending: 'timedOut 0 in 300 ms' },
      failedSources: ['Trending'],
    });
    expect(Object.keys(line.stagesMs)).toEqual(['Context', 'Fetch', 'Page']);
  });
});
