import { MEMBER_MEASURES, InterferenceRow } from './experiment-simulate.interference';
import {
  EXPERIMENT_SECTION_BEGIN,
  EXPERIMENT_SECTION_END,
  interferenceTable,
  spilloverTable,
  withExperimentSection,
  withInterval,
} from './experiment-simulate.report';

describe('withInterval', () => {
  it('writes the estimate and the half-width of its interval', () => {
    expect(withInterval(1.5, [1.2, 1.8], 2)).toBe('+1.50 ± 0.30');
    expect(withInterval(-2, [NaN, NaN], 1)).toBe('-2.0 (no interval)');
  });
});

describe('interferenceTable', () => {
  it('has one row per measure: A → B, the truth, and both estimates', () => {
    const row = {
      measure: MEMBER_MEASURES[0],
      allControlMean: 10,
      allTreatmentMean: 10.5,
      trueEffect: 0.5,
      memberLevel: { difference: 1.5, ci95: [1.2, 1.8] },
      cityLevel: { difference: 0.6, ci95: [0.1, 1.1] },
      memberLevelCuped: { difference: 1.4, ci95: [1.3, 1.5] },
      cityLevelCuped: { difference: 0.5, ci95: [NaN, NaN] },
      memberSpillover: { treated: -0.25, control: 0.75 },
      citySpillover: { treated: 0, control: 0.125 },
    } as unknown as InterferenceRow;
    const table = interferenceTable([row]);
    expect(table).toHaveLength(3);
    expect(table[2]).toBe(
      '| matches per member | 10.000 → 10.500 | +0.500 | +1.500 ± 0.300 | +0.600 ± 0.500 | +1.400 ± 0.100 | ' +
        '+0.500 (no interval) |',
    );
    expect(spilloverTable([row])[2]).toBe('| matches per member | -0.250 | +0.750 | +0.000 | +0.125 |');
  });
});

describe('withExperimentSection', () => {
  const section = `${EXPERIMENT_SECTION_BEGIN}\nnew\n${EXPERIMENT_SECTION_END}`;

  it('replaces its own section and leaves the rest alone', () => {
    const file = `# Evaluation\n\nbefore\n\n${EXPERIMENT_SECTION_BEGIN}\nold\n${EXPERIMENT_SECTION_END}\n\nafter\n`;
    expect(withExperimentSection(file, section)).toBe(`# Evaluation\n\nbefore\n\n${section}\n\nafter\n`);
  });

  it('appends the section to a file without it, and gives a new file a title', () => {
    expect(withExperimentSection('# Evaluation\n\nother\n\n', section)).toBe(
      `# Evaluation\n\nother\n\n${section}\n`,
    );
    expect(withExperimentSection(undefined, section)).toBe(`# Evaluation\n\n${section}\n`);
  });
});
