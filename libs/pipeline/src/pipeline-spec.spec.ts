import { PipelineSpecError } from './errors';
import { definePipeline } from './pipeline-spec';
import { FakeSource, TestContext, TestItem, sourceSpec, testSpec } from './pipeline.spec-helpers';
import { Filter, Reranker, SideEffect, partition } from './stages';

const filter = (name: string): Filter<TestContext, TestItem> => ({
  name,
  split: (_q, cs) => partition(cs, () => true),
});
const reranker = (name: string): Reranker<TestContext, TestItem> => ({ name, rerank: (_q, cs) => cs });
const effect = (name: string): SideEffect<TestContext, TestItem> => ({
  name,
  afterServe: async () => undefined,
});
const source = (name: string) => sourceSpec(new FakeSource(name, () => []));

function problems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PipelineSpecError) return error.problems;
    throw error;
  }
  throw new Error('expected a PipelineSpecError');
}

describe('definePipeline', () => {
  it('returns a valid spec frozen', () => {
    const spec = definePipeline(
      testSpec({
        sources: [source('KnnTaste'), source('SecondDegree')],
        filters: [filter('Blocked'), filter('SeenItems')],
        rerankers: [reranker('MmrDiversity')],
        sideEffects: [effect('RecordImpressions')],
      }),
    );
    expect(spec.name).toBe('TestFeed');
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.sources)).toBe(true);
    expect(Object.isFrozen(spec.sources[0])).toBe(true);
  });

  it('refuses stage names that are not PascalCase, carry a kind suffix, repeat, or are reserved', () => {
    expect(
      problems(() =>
        definePipeline(
          testSpec({
            name: 'test-feed',
            sources: [source('knnTaste'), source('SecondDegreeSource')],
            filters: [filter('Seen'), filter('AlreadyServed')],
            rerankers: [reranker('Seen'), reranker('Mmr Diversity')],
          }),
        ),
      ),
    ).toEqual([
      "the pipeline name 'test-feed' is not PascalCase",
      "source name 'knnTaste' is not PascalCase",
      "source name 'SecondDegreeSource' ends with a kind suffix (name it 'SecondDegree')",
      "filter name 'AlreadyServed' is reserved for the runner",
      "stage name 'Seen' is used twice",
      "reranker name 'Mmr Diversity' is not PascalCase",
    ]);
  });

  it('refuses bad quotas, timeouts, page limits and an empty source list, all reported at once', () => {
    const spec = testSpec({
      sources: [
        sourceSpec(new FakeSource('Taste', () => []), { quota: -1, timeoutMs: 0 }),
        sourceSpec(new FakeSource('Fresh', () => []), { quota: 2.5, timeoutMs: Number.NaN }),
      ],
      page: { defaultSize: 20, maxSize: 10 },
    });
    expect(problems(() => definePipeline(spec))).toEqual([
      "source 'Taste' quota must be a whole number >= 0 or a function",
      "source 'Taste' timeoutMs must be a positive number",
      "source 'Fresh' quota must be a whole number >= 0 or a function",
      "source 'Fresh' timeoutMs must be a positive number",
      'page.maxSize must be a whole number >= page.defaultSize',
    ]);
    expect(() => definePipeline(testSpec({ sources: [] }))).toThrow(
      "pipeline 'TestFeed' is invalid: it has no sources",
    );
  });
});
