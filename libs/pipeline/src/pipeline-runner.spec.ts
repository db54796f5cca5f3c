import { CursorError, PipelineRequestError, SourceFailedError, StageContractError } from './errors';
import { Interleaver, PipelineRequest, PipelineRunner, SideEffectFailure, Team } from './pipeline-runner';
import type { PipelineSpec } from './pipeline-spec';
import {
  FakeSource,
  SECRET,
  TestContext,
  TestItem,
  hit,
  hits,
  slowSource,
  sourceSpec,
  testSpec,
} from './pipeline.spec-helpers';
import { Candidate, Filter, Reranker, SideEffect, partition, withReason, withScore } from './stages';

const runner = (spec: PipelineSpec<TestContext, TestItem>, options = {}) =>
  new PipelineRunner(spec, { cursorSecret: SECRET, newSeed: () => 42, ...options });
const ids = (items: readonly Candidate<TestItem>[]) => items.map((c) => c.id);
const request = (extra: Partial<PipelineRequest<TestContext>> = {}): PipelineRequest<TestContext> => ({
  memberId: 'm1',
  context: {},
  ...extra,
});

function filter(name: string, drop: string[]): Filter<TestContext, TestItem> {
  return { name, split: (_q, cs) => partition(cs, (c) => !drop.includes(c.id)) };
}

describe('PipelineRunner: sources', () => {
  it('runs the sources in parallel: every fetch starts before any finishes', async () => {
    const events: string[] = [];
    const timed = (name: string, ms: number, answer: ReturnType<typeof hits>) =>
      new FakeSource(name, async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`end ${name}`);
        return answer;
      });
    const result = await runner(
      testSpec({
        sources: [
          sourceSpec(timed('First', 30, hits('a', 0.5))),
          sourceSpec(timed('Second', 10, hits('b', 0.7))),
        ],
      }),
    ).run(request());
    expect(events).toEqual(['start First', 'start Second', 'end Second', 'end First']);
    expect(ids(result.items)).toEqual(['b', 'a']);
  });

  it('drops a slow source that fails open when its time is up, aborts it and records it', async () => {
    const slow = slowSource('Slow', 5000, hits('s', 1));
    const started = Date.now();
    const result = await runner(
      testSpec({
        sources: [
          sourceSpec(new FakeSource('Fast', () => hits('a', 0.9, 'b', 0.8))),
          sourceSpec(slow, { timeoutMs: 30, failOpen: true }),
        ],
      }),
    ).run(request());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ids(result.items)).toEqual(['a', 'b']);
    expect(slow.calls[0].options.signal.aborted).toBe(true);
    expect(result.trace.failedSources).toEqual(['Slow']);
    expect(result.trace.sources[1]).toMatchObject({
      name: 'Slow',
      status: 'timedOut',
      failOpen: true,
      fetched: 0,
      kept: 0,
      error: "source 'Slow' timed out after 30 ms",
    });
    expect(result.trace.sources[0]).toMatchObject({ name: 'Fast', status: 'ok', fetched: 2, kept: 2 });
  });

  it('does not wait for a source that ignores its abort signal', async () => {
    const deaf = new FakeSource('Deaf', () => new Promise(() => undefined));
    const started = Date.now();
    const result = await runner(
      testSpec({
        sources: [
          sourceSpec(new FakeSource('Fast', () => hits('a', 1))),
          sourceSpec(deaf, { timeoutMs: 20, failOpen: true }),
        ],
      }),
    ).run(request());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.trace.sources[1].status).toBe('timedOut');
    expect(ids(result.items)).toEqual(['a']);
  });

  it('fails the request with a typed error when a slow source may not fail open, and aborts the others', async () => {
    const other = slowSource('Other', 5000, hits('o', 1));
    const run = runner(
      testSpec({
        sources: [
          sourceSpec(slowSource('Slow', 5000), { timeoutMs: 20, failOpen: false }),
          sourceSpec(other),
        ],
      }),
    ).run(request());
    await expect(run).rejects.toThrow(SourceFailedError);
    await expect(run).rejects.toMatchObject({
      source: 'Slow',
      reason: 'timedOut',
      message: "source 'Slow' timed out after 20 ms",
    });
    expect(other.calls[0].options.signal.aborted).toBe(true);
  });

  it('records a failing source that fails open, and fails the request for one that may not', async () => {
    const broken = () =>
      new FakeSource('Broken', () => {
        throw new Error('engine unavailable');
      });
    const good = sourceSpec(new FakeSource('Good', () => hits('a', 1)));

    const open = await runner(testSpec({ sources: [good, sourceSpec(broken(), { failOpen: true })] })).run(
      request(),
    );
    expect(open.trace.sources[1]).toMatchObject({ status: 'failed', error: 'engine unavailable' });
    expect(open.trace.failedSources).toEqual(['Broken']);
    expect(ids(open.items)).toEqual(['a']);

    const closed = runner(testSpec({ sources: [good, sourceSpec(broken())] })).run(request());
    await expect(closed).rejects.toMatchObject({
      name: 'SourceFailedError',
      source: 'Broken',
      reason: 'failed',
      message: "source 'Broken' failed: engine unavailable",
    });
  });

  it('treats a hit without a finite score as a failure of its source', async () => {
    const bad = new FakeSource('Bad', () => [hit('x', Number.NaN)]);
    const result = await runner(
      testSpec({
        sources: [
          sourceSpec(new FakeSource('Good', () => hits('a', 1))),
          sourceSpec(bad, { failOpen: true }),
        ],
      }),
    ).run(request());
    expect(result.trace.sources[1]).toMatchObject({
      status: 'failed',
      error: "returned hit 'x' with score NaN",
    });
  });
});

describe('PipelineRunner: quotas', () => {
  it("keeps a source's best `quota` hits by score, even from an unsorted answer", async () => {
    const source = new FakeSource('Main', () => hits('a', 0.1, 'b', 0.9, 'c', 0.5, 'd', 0.7, 'e', 0.3));
    const result = await runner(testSpec({ sources: [sourceSpec(source, { quota: 2 })] })).run(request());
    expect(ids(result.items)).toEqual(['b', 'd']);
    expect(source.calls[0].options.quota).toBe(2);
    expect(result.trace.sources[0]).toMatchObject({ quota: 2, fetched: 5, kept: 2 });
    expect(result.trace.steps[0]).toMatchObject({ kind: 'fetch', countIn: 5, countOut: 2, removed: 3 });
  });

  it('reads a quota from the request (a bounded parameter), and skips a source whose quota is 0', async () => {
    const main = new FakeSource('Main', () => hits('a', 0.9, 'b', 0.8, 'c', 0.7));
    const extra = new FakeSource('Extra', () => hits('x', 1));
    const spec = testSpec({
      sources: [
        sourceSpec(main, { quota: (q) => q.context.quotas?.main ?? 1 }),
        sourceSpec(extra, { quota: (q) => q.context.quotas?.extra ?? 0 }),
      ],
    });
    const result = await runner(spec).run(request({ context: { quotas: { main: 2 } } }));
    expect(ids(result.items)).toEqual(['a', 'b']);
    expect(extra.calls).toHaveLength(0);
    expect(result.trace.sources[1]).toMatchObject({ name: 'Extra', status: 'skipped', kept: 0 });
    expect(result.trace.failedSources).toEqual([]);

    await expect(runner(spec).run(request({ context: { quotas: { main: 1.5 } } }))).rejects.toThrow(
      StageContractError,
    );
  });
});

describe('PipelineRunner: merge', () => {
  it('merges by id, keeping every source that found an item, the best score, and all features and reasons', async () => {
    const taste = new FakeSource('Taste', () => [
      hit('x', 0.5, { features: { taste: 0.5, distanceKm: 2 }, reasons: ['Because you saved Museu X'] }),
      hit('y', 0.6),
    ]);
    const trending = new FakeSource('Trending', () => [
      hit('x', 0.9, { features: { trend: 3, distanceKm: 2.5 }, reasons: ['Popular nearby this week'] }),
      hit('z', 0.4),
    ]);
    const result = await runner(testSpec({ sources: [sourceSpec(taste), sourceSpec(trending)] })).run(
      request(),
    );
    expect(ids(result.items)).toEqual(['x', 'y', 'z']);
    const [x, y] = result.items;
    expect(x.sources).toEqual(['Taste', 'Trending']);
    expect(x.engineScore).toBe(0.9);
    expect(x.score).toBe(0.9);
    // Features from the best hit (Trending), plus those only Taste had.
    expect(x.features).toEqual({ taste: 0.5, trend: 3, distanceKm: 2.5 });
    expect(x.explanation.reasons).toEqual(['Because you saved Museu X', 'Popular nearby this week']);
    expect(y.sources).toEqual(['Taste']);
    expect(result.trace.steps[1]).toMatchObject({ kind: 'merge', countIn: 4, countOut: 3, removed: 1 });
  });
});

describe('PipelineRunner: filters', () => {
  it('applies filters in order and records how many each removed, and which ones with explain', async () => {
    const spec = testSpec({
      sources: [sourceSpec(new FakeSource('Main', () => hits('a', 5, 'b', 4, 'c', 3, 'd', 2, 'e', 1)))],
      filters: [filter('Blocked', ['b']), filter('Seen', ['a', 'd', 'b'])],
    });
    const plain = await runner(spec).run(request());
    expect(ids(plain.items)).toEqual(['c', 'e']);
    const steps = plain.trace.steps.filter((s) => s.kind === 'filter');
    expect(steps.map((s) => [s.name, s.countIn, s.removed, s.countOut])).toEqual([
      ['AlreadyServed', 5, 0, 5],
      ['Blocked', 5, 1, 4],
      ['Seen', 4, 2, 2],
    ]);
    expect(steps[1].removedIds).toBeUndefined();

    const explained = await runner(spec).run(request({ explain: true }));
    const removed = explained.trace.steps.filter((s) => s.kind === 'filter').map((s) => s.removedIds);
    expect(removed).toEqual([[], ['b'], ['a', 'd']]);
  });

  it('refuses a filter that loses candidates', async () => {
    const lossy: Filter<TestContext, TestItem> = {
      name: 'Lossy',
      split: (_q, cs) => ({ kept: cs.slice(1), removed: [] }),
    };
    await expect(runner(testSpec({ filters: [lossy] })).run(request())).rejects.toThrow(
      "stage 'Lossy' broke its contract: split 2 candidates into 1 kept and 0 removed",
    );
  });
});

describe('PipelineRunner: re-rankers and explanations', () => {
  // c gets +0.5 and moves from 3rd to 1st; then the list is reversed.
  const boost: Reranker<TestContext, TestItem> = {
    name: 'FreshBoost',
    rerank: (_q, cs) =>
      cs
        .map((c) => (c.id === 'c' ? withReason(withScore(c, c.score + 0.5), 'New here') : c))
        .sort((x, y) => y.score - x.score),
  };
  const reverse: Reranker<TestContext, TestItem> = { name: 'Reverse', rerank: (_q, cs) => [...cs].reverse() };
  const spec = testSpec({
    sources: [sourceSpec(new FakeSource('Main', () => hits('a', 0.5, 'b', 0.4, 'c', 0.3)))],
    rerankers: [boost, reverse],
  });

  it("records each re-ranker's score and rank change per item, adding up to the final score", async () => {
    const result = await runner(spec).run(request({ explain: true }));
    expect(ids(result.items)).toEqual(['b', 'a', 'c']);
    const c = result.explanation!.items.find((i) => i.id === 'c')!;
    expect(c).toMatchObject({
      position: 3,
      sources: ['Main'],
      engineScore: 0.3,
      score: 0.8,
      reasons: ['New here'],
    });
    expect(c.adjustments).toEqual([
      {
        reranker: 'FreshBoost',
        scoreBefore: 0.3,
        scoreAfter: 0.8,
        scoreDelta: 0.5,
        rankBefore: 3,
        rankAfter: 1,
      },
      { reranker: 'Reverse', scoreBefore: 0.8, scoreAfter: 0.8, scoreDelta: 0, rankBefore: 1, rankAfter: 3 },
    ]);
    const a = result.explanation!.items.find((i) => i.id === 'a')!;
    expect(a.adjustments.map((x) => [x.rankBefore, x.rankAfter])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    for (const item of result.explanation!.items) {
      const total = item.adjustments.reduce((s, x) => s + x.scoreDelta, item.engineScore);
      expect(total).toBeCloseTo(item.score, 12);
    }
    const steps = result.explanation!.request.steps;
    expect(steps.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'fetch:Fetch',
      'merge:Merge',
      'filter:AlreadyServed',
      'reranker:FreshBoost',
      'reranker:Reverse',
      'page:Page',
    ]);
    for (const s of steps) expect(s.ms).toBeGreaterThanOrEqual(0);
    expect(result.explanation!.request.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('builds nothing of the explanation without explain, but keeps the reasons and the counters', async () => {
    const result = await runner(spec).run(request());
    expect(result.explanation).toBeUndefined();
    expect(result.items.every((c) => c.explanation.adjustments.length === 0)).toBe(true);
    expect(result.items.find((c) => c.id === 'c')!.explanation.reasons).toEqual(['New here']);
    expect(result.trace.steps.every((s) => s.removedIds === undefined)).toBe(true);
    expect(result.trace.steps.find((s) => s.name === 'Reverse')).toMatchObject({ countIn: 3, countOut: 3 });
  });

  it('records what a re-ranker drops, and refuses one that invents or repeats a candidate', async () => {
    const cap: Reranker<TestContext, TestItem> = { name: 'Cap', rerank: (_q, cs) => cs.slice(0, 2) };
    const result = await runner(testSpec({ ...spec, rerankers: [cap] })).run(request({ explain: true }));
    expect(result.trace.steps.find((s) => s.name === 'Cap')).toMatchObject({ removed: 1, removedIds: ['c'] });

    const twice: Reranker<TestContext, TestItem> = { name: 'Twice', rerank: (_q, cs) => [cs[0], cs[0]] };
    await expect(runner(testSpec({ ...spec, rerankers: [twice] })).run(request())).rejects.toThrow(
      "stage 'Twice' broke its contract: it returned 'a', which it was not given or returned twice",
    );
  });
});

describe('PipelineRunner: paging', () => {
  const twelve = Array.from({ length: 12 }, (_, i) => `p${i + 1}`);

  it('never repeats an item across 3 pages, even when the ranking changes between calls', async () => {
    let call = 0;
    // Each call ranks the same 12 items differently (a rotation plus a reversal on odd calls).
    const moving = new FakeSource('Moving', () => {
      const shift = (call * 5) % 12;
      const order = [...twelve.slice(shift), ...twelve.slice(0, shift)];
      if (call++ % 2 === 1) order.reverse();
      return order.map((id, rank) => hit(id, 12 - rank));
    });
    const feed = runner(testSpec({ sources: [sourceSpec(moving)] }));

    const pages = [];
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) {
      const page = await feed.run(request({ limit: 4, cursor }));
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    }
    const served = pages.flatMap((p) => ids(p.items));
    expect(served).toHaveLength(12);
    expect(new Set(served).size).toBe(12);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[1].trace.steps.find((s) => s.name === 'AlreadyServed')).toMatchObject({
      countIn: 12,
      removed: 4,
    });
    expect(pages[2].trace.steps.find((s) => s.name === 'AlreadyServed')).toMatchObject({
      countIn: 12,
      removed: 8,
    });
    // Nothing is left after the third page: the feed ends.
    expect(pages[2].nextCursor).toBeNull();
    const queries = moving.calls.map((c) => c.q);
    expect(queries.map((q) => [q.page, q.seed, q.servedCount])).toEqual([
      [1, 42, 0],
      [2, 42, 4],
      [3, 42, 8],
    ]);
  });

  it('numbers explained positions across the whole feed', async () => {
    const feed = runner(
      testSpec({ sources: [sourceSpec(new FakeSource('Main', () => hits('a', 3, 'b', 2, 'c', 1)))] }),
    );
    const first = await feed.run(request({ limit: 2 }));
    const second = await feed.run(request({ limit: 2, cursor: first.nextCursor!, explain: true }));
    expect(second.explanation!.items.map((i) => [i.id, i.position])).toEqual([['c', 3]]);
  });

  it('ends a feed whose served ids would no longer fit in a cursor', async () => {
    const feed = runner(
      testSpec({ sources: [sourceSpec(new FakeSource('Main', () => hits('a', 3, 'b', 2, 'c', 1)))] }),
      {
        maxServedIds: 2,
      },
    );
    const first = await feed.run(request({ limit: 2 }));
    expect(first.nextCursor).not.toBeNull();
    const second = await feed.run(request({ limit: 1, cursor: first.nextCursor! }));
    expect(ids(second.items)).toEqual(['c']);
    expect(second.nextCursor).toBeNull();
  });

  it('uses the default page size and refuses one outside the limits', async () => {
    const many = new FakeSource('Main', () => Array.from({ length: 60 }, (_, i) => hit(`i${i}`, 60 - i)));
    const feed = runner(testSpec({ sources: [sourceSpec(many)] }));
    expect((await feed.run(request())).items).toHaveLength(10);
    await expect(feed.run(request({ limit: 0 }))).rejects.toThrow(PipelineRequestError);
    await expect(feed.run(request({ limit: 51 }))).rejects.toThrow(
      'limit must be a whole number from 1 to 50',
    );
  });

  it("refuses another member's cursor, a modified one and an expired one, as bad requests", async () => {
    let now = 1_700_000_000_000;
    const feed = runner(
      testSpec({ sources: [sourceSpec(new FakeSource('Main', () => hits('a', 2, 'b', 1)))] }),
      {
        clock: () => now,
      },
    );
    const { nextCursor } = await feed.run(request({ limit: 1 }));
    const cursor = nextCursor!;

    const stolen = feed.run(request({ memberId: 'm2', cursor }));
    await expect(stolen).rejects.toThrow(CursorError);
    await expect(stolen).rejects.toMatchObject({ problem: 'member' });

    const tampered = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    await expect(feed.run(request({ cursor: tampered }))).rejects.toMatchObject({ problem: 'signature' });

    now += 60 * 60 * 1000;
    const expired = feed.run(request({ cursor }));
    await expect(expired).rejects.toBeInstanceOf(PipelineRequestError);
    await expect(expired).rejects.toMatchObject({ problem: 'expired' });
  });
});

describe('PipelineRunner: side effects', () => {
  it('runs side effects only when asked, after the response, once, with the served page', async () => {
    const seen: string[][] = [];
    const impressions: SideEffect<TestContext, TestItem> = {
      name: 'Impressions',
      afterServe: async (_q, served) => {
        seen.push(ids(served));
      },
    };
    const result = await runner(testSpec({ sideEffects: [impressions] })).run(request({ limit: 1 }));
    expect(seen).toEqual([]);
    const report = await result.afterServe();
    await result.afterServe();
    expect(seen).toEqual([['a']]);
    expect(report.outcomes).toEqual([{ name: 'Impressions', ok: true, ms: expect.any(Number) }]);
  });

  it('captures side-effect errors, sync or async, and reports them without throwing', async () => {
    const failures: SideEffectFailure[] = [];
    const ok = jest.fn(async () => undefined);
    const effects: SideEffect<TestContext, TestItem>[] = [
      {
        name: 'Rejects',
        afterServe: async () => {
          throw new Error('redis down');
        },
      },
      {
        name: 'Throws',
        afterServe: () => {
          throw new Error('bug');
        },
      },
      { name: 'Works', afterServe: ok },
    ];
    const result = await runner(testSpec({ sideEffects: effects }), {
      onSideEffectError: (f: SideEffectFailure) => failures.push(f),
    }).run(request({ requestId: 'r1' }));
    const report = await result.afterServe();
    expect(report.outcomes.map((o) => [o.name, o.ok, o.error])).toEqual([
      ['Rejects', false, 'redis down'],
      ['Throws', false, 'bug'],
      ['Works', true, undefined],
    ]);
    expect(ok).toHaveBeenCalledTimes(1);
    // Reported as they fail: the sync throw comes first.
    expect(failures.map((f) => [f.pipeline, f.sideEffect, f.requestId]).sort()).toEqual([
      ['TestFeed', 'Rejects', 'r1'],
      ['TestFeed', 'Throws', 'r1'],
    ]);
  });
});

describe('PipelineRunner: interleaved runs', () => {
  /** Ranks by the context's ranking: the two rankers of the feed. */
  const byContext = new FakeSource('ByContext', (q) =>
    (q.context.ranking ?? []).map((id, rank) => hit(id, 100 - rank)),
  );
  /** A then B, each its best item not yet taken (team draft without its coin flips). */
  const alternate: Interleaver = (a, b) => {
    const ids: string[] = [];
    const teams: Team[] = [];
    const lists = { A: [...a], B: [...b] };
    for (let turn = 0; lists.A.length + lists.B.length > 0; turn++) {
      const team: Team = turn % 2 === 0 ? 'A' : 'B';
      const next = lists[team].find((id) => !ids.includes(id));
      lists[team] = lists[team].filter((id) => !ids.includes(id) && id !== next);
      if (next !== undefined) {
        ids.push(next);
        teams.push(team);
      }
    }
    return { ids, teams };
  };
  const A = { ranking: ['a', 'b', 'c', 'd', 'e', 'f'] };
  const B = { ranking: ['c', 'd', 'a', 'f', 'b', 'e'] };

  it('serves the merged ranking with each position credited to its ranker, and pages on without repeats', async () => {
    const recorded: string[][] = [];
    const effect: SideEffect<TestContext, TestItem> = {
      name: 'Record',
      afterServe: async (_q, items) => void recorded.push(ids(items)),
    };
    const feed = runner(testSpec({ sources: [sourceSpec(byContext)], sideEffects: [effect] }));
    const first = await feed.runInterleaved(
      request({ context: A, limit: 4, requestId: 'r1' }),
      request({ context: B, limit: 4, requestId: 'r1' }),
      alternate,
    );
    expect(ids(first.items)).toEqual(['a', 'c', 'b', 'd']);
    expect(first.teams).toEqual(['A', 'B', 'A', 'B']);
    expect(first.trace.sources.map((s) => s.name)).toEqual(['ByContext', 'ByContext']);
    expect(first.trace.steps.find((s) => s.name === 'Interleave')).toMatchObject({ countIn: 6, countOut: 6 });
    await first.afterServe();
    expect(recorded).toEqual([['a', 'c', 'b', 'd']]);

    const second = await feed.runInterleaved(
      request({ context: A, limit: 4, cursor: first.nextCursor!, requestId: 'r2' }),
      request({ context: B, limit: 4, cursor: first.nextCursor!, requestId: 'r2' }),
      alternate,
    );
    expect(second.page).toBe(2);
    expect(ids(second.items)).toEqual(['e', 'f']);
    expect(second.teams).toEqual(['A', 'B']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses two requests that differ in more than their context', async () => {
    const feed = runner(testSpec({ sources: [sourceSpec(byContext)] }));
    await expect(
      feed.runInterleaved(request({ context: A, limit: 4 }), request({ context: B, limit: 5 }), alternate),
    ).rejects.toThrow(new PipelineRequestError('interleaved requests differ in limit'));
  });

  it('refuses an interleaver that invents an item', async () => {
    const feed = runner(testSpec({ sources: [sourceSpec(byContext)] }));
    const inventing: Interleaver = () => ({ ids: ['zz'], teams: ['A'] });
    await expect(
      feed.runInterleaved(request({ context: A }), request({ context: B }), inventing),
    ).rejects.toThrow(StageContractError);
  });
});
