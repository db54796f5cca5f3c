import { resolve } from 'node:path';
import {
  SECTION_BEGIN,
  SECTION_END,
  checkTargets,
  renderNetworkingSection,
  withNetworkingSection,
} from './simulate-networking.report';
import {
  SimulationReport,
  VariantMetrics,
  largestCities,
  likeProbability,
  pairDraw,
  simulateNetworking,
} from './simulate-networking.simulation';
import { generateDemoData } from '../demo';

const metrics = (overrides: Partial<VariantMetrics>): VariantMetrics => ({
  variant: 'full',
  requests: 100,
  impressions: 2000,
  dailyGini: 0.3,
  runGini: 0.2,
  seenDailyShare: 0.97,
  seenDailyMin: 0.95,
  joiners: 10,
  newMembersReaching20: 0.9,
  matches: 180,
  matchesPerThousandImpressions: 90,
  reciprocity: 0.2,
  topPercentShare: 0.02,
  latencyP50Ms: 5,
  latencyP99Ms: 20,
  seconds: 10,
  ...overrides,
});

const report = (full: Partial<VariantMetrics>, base: Partial<VariantMetrics>): SimulationReport => ({
  options: {
    members: 100,
    days: 1,
    roundsPerDay: 1,
    pageSize: 20,
    joinShare: 0.04,
    seed: 's',
    overrides: {},
  },
  networkSize: 120,
  visibleMembers: 110,
  cities: ['Lisbon'],
  full: metrics(full),
  relevanceOnly: metrics({ variant: 'relevanceOnly', ...base }),
  seconds: 20,
});

describe('checkTargets', () => {
  it("applies the issue's targets: Gini ≤ 0.35, ≥ 95% seen daily, ≥ 90% of the baseline's matches", () => {
    expect(checkTargets(report({}, { matchesPerThousandImpressions: 100 }))).toEqual({
      gini: true,
      seenDaily: true,
      matches: true,
    });
    expect(
      checkTargets(
        report({ dailyGini: 0.36, seenDailyShare: 0.94 }, { matchesPerThousandImpressions: 100.1 }),
      ),
    ).toEqual({
      gini: false,
      seenDaily: false,
      matches: false,
    });
  });
});

describe('the networking section of EVALUATION.md', () => {
  const section = renderNetworkingSection(report({}, {}), 'npm run cli -- simulate networking', ['a note']);

  it('is a table between markers, with the verdicts', () => {
    expect(section.startsWith(SECTION_BEGIN)).toBe(true);
    expect(section.endsWith(SECTION_END)).toBe(true);
    expect(section).toContain('| impression Gini, per day (mean over days) | 0.30 | 0.30 | ≤ 0.35: met |');
    expect(section).toContain('- a note');
  });

  it('replaces its own section and leaves the rest of the file alone', () => {
    expect(withNetworkingSection(undefined, section)).toBe(`# Evaluation\n\n${section}\n`);
    const travel = '# Evaluation\n\n## Travel\n\ntravel numbers\n';
    const once = withNetworkingSection(travel, section);
    expect(once).toBe(`${travel.trimEnd()}\n\n${section}\n`);
    const again = withNetworkingSection(`${once}\n## Later\n`, section.replace('a note', 'another note'));
    expect(again).toContain('## Travel\n\ntravel numbers');
    expect(again).toContain('another note');
    expect(again).not.toContain('- a note');
    expect(again).toContain('## Later');
  });
});

describe('the behaviour model', () => {
  it('likes as the demo history does: sigmoid(−1 + 5 · interest), interest = taste · profile (+0.1 for a wanted industry)', () => {
    const unit = (i: number) => Float64Array.from({ length: 16 }, (_, k) => (k === i ? 1 : 0));
    const data = generateDemoData({ memberCount: 2, placeCount: 0 });
    const [a, b] = data.members;
    const hiddenA = { ...data.hidden.members[0], taste: unit(0) };
    const hiddenB = { ...data.hidden.members[1], profile: unit(0) };
    const plain = { ...a, preferences: { ...a.preferences, industries: [] } };
    // interest 1: sigmoid(4) = 0.98201
    expect(likeProbability(plain, hiddenA, b, hiddenB)).toBeCloseTo(0.98201, 5);
    const orthogonal = { ...hiddenB, profile: unit(1) };
    // interest 0: sigmoid(−1) = 0.26894
    expect(likeProbability(plain, hiddenA, b, orthogonal)).toBeCloseTo(0.26894, 5);
  });

  it('draws the same number for a pair in every variant', () => {
    expect(pairDraw('s', 'a', 'b')).toBe(pairDraw('s', 'a', 'b'));
    expect(pairDraw('s', 'a', 'b')).not.toBe(pairDraw('s', 'b', 'a'));
  });

  it('takes whole cities, largest first', () => {
    const members = ['A', 'A', 'A', 'B', 'C', 'C'].map((city, i) => ({ id: `m${i}`, city }) as never);
    expect(largestCities(members, 3)).toEqual(['A']);
    expect(largestCities(members, 4)).toEqual(['A', 'C']);
  });
});

describe('simulateNetworking', () => {
  it('runs both variants on a small world and reports consistent counts', async () => {
    const result = await simulateNetworking({
      members: 60,
      network: 1_500,
      days: 1,
      roundsPerDay: 1,
      pageSize: 5,
      joinShare: 0.05,
      seed: 'demo-v1',
      overrides: {},
      templatesDir: resolve(__dirname, '../../../../index-templates'),
      painlessDir: resolve(__dirname, '../../../../painless'),
    });
    for (const m of [result.full, result.relevanceOnly]) {
      expect(m.requests).toBeGreaterThan(50);
      expect(m.impressions).toBeGreaterThan(0);
      expect(m.impressions).toBeLessThanOrEqual(m.requests * 5);
      expect(m.dailyGini).toBeGreaterThanOrEqual(0);
      expect(m.dailyGini).toBeLessThan(1);
      expect(m.seenDailyShare).toBeGreaterThan(0);
      expect(m.matches).toBeLessThanOrEqual(m.impressions);
    }
    expect(result.full.joiners).toBe(result.relevanceOnly.joiners);
  });
});
