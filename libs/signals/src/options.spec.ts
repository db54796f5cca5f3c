import { DEFAULT_AFFINITY_WEIGHTS, resolveSignalStoreOptions } from './options';

describe('resolveSignalStoreOptions', () => {
  it('fills the defaults', () => {
    const options = resolveSignalStoreOptions();
    expect(options).toMatchObject({
      keyPrefix: '',
      recentPositivesCap: 200,
      negativeWindowMs: 30 * 86_400_000,
      affinityHalfLifeMs: 14 * 86_400_000,
      eventIdTtlMs: 7 * 86_400_000,
    });
    expect(options.affinityWeights).toEqual(DEFAULT_AFFINITY_WEIGHTS);
    expect(options.clock).toBe(Date.now);
  });

  it('overrides single weights and keeps the rest', () => {
    const weights = resolveSignalStoreOptions({ affinityWeights: { view: 0.5 } }).affinityWeights;
    expect(weights).toEqual({ ...DEFAULT_AFFINITY_WEIGHTS, view: 0.5 });
  });

  it('refuses numbers out of range, naming the option', () => {
    expect(() => resolveSignalStoreOptions({ recentPositivesCap: 0 })).toThrow(
      'signal store option recentPositivesCap must be an integer in [1, 10000], got 0',
    );
    expect(() => resolveSignalStoreOptions({ seenCap: 2.5 })).toThrow(RangeError);
    expect(() => resolveSignalStoreOptions({ affinityWeights: { like: Number.NaN } })).toThrow(
      'affinity weight of like must be finite',
    );
  });
});
