import {
  Filter,
  ParameterRegistry,
  ParameterValues,
  PipelineRunner,
  PipelineSpec,
  Reranker,
  SideEffect,
  Source,
  parameter,
  partition,
  withReason,
  withScore,
} from '@app/pipeline';

// A scenario declared through the public entry, as STYLE.md sketches it, with its parameters in the context.
const parameters = new ParameterRegistry([
  parameter({
    name: 'demo.fresh.quota',
    default: 2,
    min: 0,
    max: 10,
    integer: true,
    description: 'New places kept.',
  }),
  parameter({
    name: 'demo.freshBoost.weight',
    default: 0.25,
    min: 0,
    max: 1,
    description: 'Boost of new places.',
  }),
]);
interface Place {
  readonly name: string;
  readonly isNew: boolean;
}
interface DemoContext {
  readonly hidden: ReadonlySet<string>;
  readonly params: ParameterValues<'demo.fresh.quota' | 'demo.freshBoost.weight'>;
}

const place = (id: string, score: number, isNew = false) => ({ id, item: { name: id, isNew }, score });
const taste: Source<DemoContext, Place> = {
  name: 'Taste',
  fetch: async () => [place('museum', 0.9), place('cafe', 0.8), place('park', 0.7), place('bar', 0.6)],
};
const fresh: Source<DemoContext, Place> = {
  name: 'Fresh',
  fetch: async (_q, { quota }) =>
    [place('gallery', 0.5, true), place('bakery', 0.4, true), place('market', 0.3, true)].slice(0, quota),
};
const hidden: Filter<DemoContext, Place> = {
  name: 'Hidden',
  split: (q, cs) => partition(cs, (c) => !q.context.hidden.has(c.id)),
};
const freshBoost: Reranker<DemoContext, Place> = {
  name: 'FreshBoost',
  rerank: (q, cs) =>
    cs
      .map((c) =>
        c.item.isNew
          ? withReason(withScore(c, c.score + q.context.params['demo.freshBoost.weight']), 'New in town')
          : c,
      )
      .sort((a, b) => b.score - a.score),
};
const impressions: string[] = [];
const recordImpressions: SideEffect<DemoContext, Place> = {
  name: 'RecordImpressions',
  afterServe: async (_q, served) => void impressions.push(...served.map((c) => c.id)),
};
const demoFeed: PipelineSpec<DemoContext, Place> = {
  name: 'DemoFeed',
  sources: [
    { source: taste, quota: 300, timeoutMs: 200, failOpen: false },
    { source: fresh, quota: (q) => q.context.params['demo.fresh.quota'], timeoutMs: 200, failOpen: true },
  ],
  filters: [hidden],
  rerankers: [freshBoost],
  sideEffects: [recordImpressions],
  page: { defaultSize: 3, maxSize: 10 },
};

describe('@app/pipeline', () => {
  it('serves a declared scenario page by page, with parameters, explanations and side effects', async () => {
    const runner = new PipelineRunner(demoFeed, { cursorSecret: 'x'.repeat(32) });
    const context = {
      hidden: new Set(['cafe']),
      params: parameters.resolve({ 'demo.freshBoost.weight': 0.5 }),
    };

    const first = await runner.run({ memberId: 'm1', context, explain: true });
    // museum 0.9, gallery 0.5 + 0.5 = 1.0, bakery 0.4 + 0.5 = 0.9 (after museum: ties keep their order), park 0.7.
    expect(first.items.map((c) => [c.id, c.score])).toEqual([
      ['gallery', 1],
      ['museum', 0.9],
      ['bakery', 0.9],
    ]);
    expect(first.explanation!.items[0]).toMatchObject({
      sources: ['Fresh'],
      engineScore: 0.5,
      reasons: ['New in town'],
    });
    expect(first.trace.steps.find((s) => s.name === 'Hidden')).toMatchObject({
      removed: 1,
      removedIds: ['cafe'],
    });
    expect(impressions).toEqual([]);
    await first.afterServe();
    expect(impressions).toEqual(['gallery', 'museum', 'bakery']);

    const second = await runner.run({ memberId: 'm1', context, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.id)).toEqual(['park', 'bar']);
    expect(second.nextCursor).toBeNull();
  });
});
