import { MeanDifference, meanDifference } from './mean-difference';

/** Exposures and events of one cluster (a city, or a city during one switchback window) under one variant. */
export interface ClusterRow {
  readonly cluster: string;
  readonly variant: string;
  readonly exposures: number;
  readonly events: number;
}

export interface ClusterLevelDifference extends MeanDifference {
  readonly treatmentClusters: number;
  readonly controlClusters: number;
}

/**
 * The difference in event rate between two variants with the cluster as the unit of analysis: rows are summed per
 * (variant, cluster), each cluster gives one rate events / exposures (clusters without exposures are dropped), and
 * Welch's test runs over those rates. When a whole city is randomised, its members are not independent: testing them
 * one by one would count each city many times over (pseudo-replication) and give intervals far too narrow.
 */
export function clusterLevelDifference(
  rows: readonly ClusterRow[],
  treatment: string,
  control: string,
): ClusterLevelDifference {
  const totals = new Map<string, Map<string, { exposures: number; events: number }>>([
    [treatment, new Map()],
    [control, new Map()],
  ]);
  for (const row of rows) {
    const clusters = totals.get(row.variant);
    if (!clusters) continue;
    const total = clusters.get(row.cluster) ?? { exposures: 0, events: 0 };
    total.exposures += row.exposures;
    total.events += row.events;
    clusters.set(row.cluster, total);
  }
  const rates = (variant: string) =>
    [...totals.get(variant)!.values()].filter((t) => t.exposures > 0).map((t) => t.events / t.exposures);
  const ratesT = rates(treatment);
  const ratesC = rates(control);
  return {
    ...meanDifference(ratesT, ratesC),
    treatmentClusters: ratesT.length,
    controlClusters: ratesC.length,
  };
}
