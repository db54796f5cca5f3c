import { Registry } from 'prom-client';

/**
 * The value of one sample of a registry: `name` is the sample's name (`events_ingested_total`, or a histogram's
 * `..._count`, `..._sum`), summed over the series whose labels include `labels`. 0 when there is none.
 */
export async function sampleValue(
  registry: Registry,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  let total = 0;
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const value of metric.values) {
      const sampleName = (value as { metricName?: string }).metricName ?? metric.name;
      if (sampleName !== name) continue;
      const own = value.labels as Record<string, string | number>;
      if (Object.entries(labels).every(([key, expected]) => String(own[key]) === expected))
        total += value.value;
    }
  }
  return total;
}
