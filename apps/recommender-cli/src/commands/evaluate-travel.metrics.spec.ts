import {
  TRAVEL_SECTION_END,
  TRAVEL_SECTION_START,
  formatFigures,
  gradesOf,
  randomSample,
  systemFigures,
  topBy,
  withTravelSection,
} from './evaluate-travel.metrics';

describe('travel evaluation metrics', () => {
  const embeddings: Record<string, number[]> = { a: [1, 0], b: [0, 1], c: [1, 1] };
  const list = {
    ids: ['a', 'b'],
    utility: new Map([
      ['a', 0.5],
      ['b', 0.2],
      ['c', 1],
      ['d', -0.4],
    ]),
    embeddingOf: (id: string) => embeddings[id],
    isNew: (id: string) => id === 'b',
  };

  it('grades are the positive utilities', () => {
    expect([...gradesOf(list.utility)]).toEqual([
      ['a', 0.5],
      ['b', 0.2],
      ['c', 1],
    ]);
  });

  it('computes nDCG@20, precision@20, ILD, coverage and the share of new places by hand', () => {
    const f = systemFigures('full', [list], 4);
    // DCG = 0.5 / log2 2 + 0.2 / log2 3 = 0.626186; ideal = 1 + 0.5 / log2 3 + 0.2 / log2 4 = 1.415465.
    expect(f.ndcg).toBeCloseTo(0.626186 / 1.415465, 5);
    // Only a reaches utility 0.3: 1 of 20 positions.
    expect(f.precision).toBeCloseTo(0.05, 10);
    // a and b are orthogonal: 1 − 0.
    expect(f.ild).toBe(1);
    expect(f.coverage).toBe(0.5);
    expect(f.newShare).toBe(0.5);
    expect(f.length).toBe(2);
    expect(formatFigures(f)).toBe('| full | 1 | 0.442 | 0.050 | 1.000 | 50.0% | 50.0% |');
  });

  it('averages over lists', () => {
    const best = { ...list, ids: ['c', 'a', 'b'] };
    const f = systemFigures('x', [list, best], 4);
    expect(f.ndcg).toBeCloseTo((0.626186 / 1.415465 + 1) / 2, 5);
    expect(f.lists).toBe(2);
  });

  it('topBy breaks ties by id; randomSample is a seeded permutation', () => {
    expect(topBy(['b', 'a', 'c'], (id) => (id === 'c' ? 2 : 1), 2)).toEqual(['c', 'a']);
    const ids = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const sample = randomSample(ids, 42, 50);
    expect([...sample].sort()).toEqual([...ids].sort());
    expect(sample).not.toEqual(ids);
    expect(randomSample(ids, 42, 5)).toEqual(sample.slice(0, 5));
    expect(randomSample(ids, 43, 5)).not.toEqual(sample.slice(0, 5));
  });

  it('rewrites only the travel section of EVALUATION.md', () => {
    expect(withTravelSection(undefined, '## Travel\nv1')).toBe(
      `# Offline evaluation\n\n${TRAVEL_SECTION_START}\n## Travel\nv1\n${TRAVEL_SECTION_END}\n`,
    );
    const other = '# Offline evaluation\n\n## Networking\nkept\n';
    const first = withTravelSection(other, '## Travel\nv1');
    expect(first).toBe(`${other}\n${TRAVEL_SECTION_START}\n## Travel\nv1\n${TRAVEL_SECTION_END}\n`);
    const second = withTravelSection(`${first}\n## Later\nalso kept\n`, '## Travel\nv2');
    expect(second).toContain('## Networking\nkept');
    expect(second).toContain(`${TRAVEL_SECTION_START}\n## Travel\nv2\n${TRAVEL_SECTION_END}`);
    expect(second).not.toContain('v1');
    expect(second).toContain('## Later\nalso kept');
  });
});
