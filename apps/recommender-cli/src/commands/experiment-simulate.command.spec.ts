import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliFailure } from '../cli-context';
import { EXPERIMENT_SECTION_BEGIN, EXPERIMENT_SECTION_END } from './experiment-simulate.report';
import { experimentSimulateCommand } from './experiment-simulate.command';
import { RUNS } from './experiment-simulate.simulation';

describe('experiment simulate (a tiny world)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'experiment-simulate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the four ways, splits members and cities consistently, and writes its section', async () => {
    const file = join(dir, 'EVALUATION.md');
    writeFileSync(file, '# Evaluation\n\nkept\n');
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    // 3 cities of a 400-member network: about 20 members, 1 day of 1 round.
    const result = await experimentSimulateCommand(
      'networking-popular-first',
      { cities: 3, network: 400, days: 1, rounds: 1, output: file },
      {},
      out,
    );
    expect(result.cities).toHaveLength(3);
    expect(result.members).toBeGreaterThan(10);
    const matches = result.rows.find((r) => r.measure.name === 'matches')!;
    expect(matches.memberLevel.treatedMembers).toBe(result.treatedMembers);
    expect(matches.memberLevel.treatedMembers + matches.memberLevel.controlMembers).toBe(result.members);
    expect(matches.cityLevel.treatmentClusters).toBe(result.treatedCities.length);
    expect(matches.cityLevel.treatmentClusters + matches.cityLevel.controlClusters).toBe(3);
    // The same members browse the same rounds in every run; only the parameters differ.
    expect(new Set(RUNS.map((run) => result.runs[run].requests))).toEqual(new Set([result.members]));
    const impressionsReceived = result.rows.find((r) => r.measure.name === 'impressionsReceived')!;
    expect(impressionsReceived.allControlMean * result.members).toBeCloseTo(
      result.runs.allControl.impressions,
      6,
    );
    expect(matches.allControlMean * result.members).toBeCloseTo(2 * result.runs.allControl.matches, 6);
    // Every like is given by one member who browsed and received by another.
    const mean = (name: string) => result.rows.find((r) => r.measure.name === name)!.allTreatmentMean;
    expect(mean('likesGiven')).toBeCloseTo(mean('likesReceived'), 10);
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith('# Evaluation\n\nkept\n\n' + EXPERIMENT_SECTION_BEGIN)).toBe(true);
    expect(written).toContain(EXPERIMENT_SECTION_END);
    expect(written).toContain(
      '`npm run cli -- experiment simulate networking-popular-first --cities 3 --network 400 --days 1 --rounds 1`',
    );
    expect(printed).toContain('[city-randomised] day 1 round 1');
  }, 25_000);

  it('refuses an experiment of another scenario before simulating anything', async () => {
    await expect(
      experimentSimulateCommand('travel-taste-weight', { output: '-' }, {}, new PassThrough()),
    ).rejects.toThrow(CliFailure);
  });
});
