import { clusterLevelDifference } from './cluster-level-difference';
import { meanDifference } from './mean-difference';

describe('clusterLevelDifference', () => {
  it('compares one rate per cluster, summing rows and dropping clusters without exposures', () => {
    const result = clusterLevelDifference(
      [
        { cluster: 'paris', variant: 'boost', exposures: 100, events: 10 },
        { cluster: 'paris', variant: 'boost', exposures: 100, events: 30 }, // paris: 40 / 200 = 0.2
        { cluster: 'lyon', variant: 'boost', exposures: 50, events: 15 }, // 0.3
        { cluster: 'nice', variant: 'boost', exposures: 0, events: 0 }, // dropped
        { cluster: 'oslo', variant: 'control', exposures: 1000, events: 100 }, // 0.1
        { cluster: 'bergen', variant: 'control', exposures: 10, events: 2 }, // 0.2
        { cluster: 'rome', variant: 'other', exposures: 10, events: 10 }, // another variant: ignored
      ],
      'boost',
      'control',
    );
    // Cluster means: (0.2 + 0.3) / 2 = 0.25 against (0.1 + 0.2) / 2 = 0.15, whatever the clusters' sizes.
    expect(result.meanT).toBeCloseTo(0.25, 14);
    expect(result.meanC).toBeCloseTo(0.15, 14);
    expect(result.treatmentClusters).toBe(2);
    expect(result.controlClusters).toBe(2);
    expect(result).toEqual({
      ...meanDifference([0.2, 0.3], [0.1, 0.2]),
      treatmentClusters: 2,
      controlClusters: 2,
    });
    // s² = 0.005 in each group: se = √(0.0025 + 0.0025) = 0.070711, df = 2.
    expect(result.standardError).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(result.degreesOfFreedom).toBeCloseTo(2, 10);
  });
});
