import { Command } from 'commander';
import { PassThrough } from 'node:stream';
import {
  evaluateNetworkingExperiment,
  evaluateTravelExperiment,
  registerEvaluateExperiment,
} from './evaluate-experiment.command';
import { registerEvaluateTravel } from './evaluate-travel.command';

const sink = () => new PassThrough().resume();

describe('evaluate networking --experiment (a tiny world)', () => {
  it('runs one column per variant on the same world; they differ only by parameters', async () => {
    const result = await evaluateNetworkingExperiment(
      { experiment: 'networking-popular-first', members: 20, network: 400, days: 1, rounds: 1 },
      {},
      sink(),
    );
    expect(result.columns.map((c) => c.name)).toEqual(['control', 'popular-first']);
    expect(result.table[0]).toBe('| measure | control | popular-first |');
    const row = (measure: string) => result.rows.find((r) => r.measure.startsWith(measure))!.values;
    const [control, popular] = row('matches; impressions').map((v) => v.split('; ').map(Number));
    // The same members ask for the same pages: the same impressions; the rankings differ.
    expect(control[1]).toBe(popular[1]);
    expect(row('matches per 1,000 impressions')).toEqual(
      [control, popular].map(([matches, impressions]) => ((1000 * matches) / impressions).toFixed(1)),
    );
    for (const r of result.rows) expect(r.values).toHaveLength(2);
  }, 25_000);

  it('refuses an unknown experiment or variant', async () => {
    await expect(evaluateNetworkingExperiment({ experiment: 'nope' }, {}, sink())).rejects.toThrow(
      'no experiment named "nope"',
    );
    await expect(
      evaluateNetworkingExperiment({ experiment: 'networking-popular-first', variant: ['x'] }, {}, sink()),
    ).rejects.toThrow('has no variant "x"');
  });
});

describe('evaluate travel --experiment (a tiny data set)', () => {
  it('evaluates both rankers of an interleaved variant side by side', async () => {
    const result = await evaluateTravelExperiment(
      { experiment: 'travel-interleave-taste', places: 400, members: 150, sample: 10, coldSample: 3 },
      {},
      sink(),
    );
    expect(result.columns.map((c) => c.name)).toEqual(['taste-4-vs-5 A', 'taste-4-vs-5 B']);
    expect(result.table[2]).toBe('| parameters | travel.score.taste=4 | travel.score.taste=5 |');
    for (const row of result.rows) expect(row.values).toHaveLength(2);
    const ndcg = result.rows[0].values.map(Number);
    for (const value of ndcg) expect(value).toBeGreaterThan(0);
  }, 25_000);
});

describe('registerEvaluateExperiment', () => {
  it('adds --experiment and --variant to evaluate travel, and evaluate networking', () => {
    const program = new Command();
    registerEvaluateTravel(program, {}, sink());
    registerEvaluateExperiment(program, {}, sink());
    const evaluate = program.commands.find((c) => c.name() === 'evaluate')!;
    const travel = evaluate.commands.find((c) => c.name() === 'travel')!;
    expect(travel.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(['--set', '--experiment', '--variant']),
    );
    expect(evaluate.commands.map((c) => c.name())).toEqual(['travel', 'networking']);
  });
});
