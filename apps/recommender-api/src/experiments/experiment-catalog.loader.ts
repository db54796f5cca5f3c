import { ExperimentCatalog, ExperimentDefinition, isInterleaved, Scenario } from '@app/experiments';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiConfig } from '../config/api-config';
import { networkingParameters } from '../networking/discovery-feed.pipeline';
import { travelParameters } from '../travel/travel-parameters';

/** Refused at boot: a variant whose stored script the feed cannot run, or scripts picked in two layers of a feed. */
export class ExperimentScriptError extends Error {}

/** The stored scripts of each feed's first-pass ranking, by the index their id names (`<index>-<purpose>-v<N>`). */
const SCRIPT_FAMILY: Record<Scenario, string> = { travel: 'places-', networking: 'members-' };

/**
 * The experiment files of EXPERIMENTS_DIR, checked against the feeds' parameters and stored scripts: a bad file stops
 * the boot with every problem named (ExperimentFileError). A variant may pick another stored script of its feed's
 * first-pass ranking (one of `painless/manifest.json`, `places-…` for travel, `members-…` for networking); only one
 * layer of a feed may pick scripts, so that two experiments never fight over it.
 * @throws ExperimentFileError, ExperimentScriptError
 */
export function loadExperimentCatalog(
  dir: string,
  painlessDir: string = new ApiConfig().painlessDir,
): ExperimentCatalog {
  const catalog = ExperimentCatalog.fromDirectory(dir, {
    registries: { travel: travelParameters, networking: networkingParameters },
    knownScripts: storedScripts(painlessDir),
  });
  const problems: string[] = [];
  const scriptLayers = new Map<Scenario, Set<string>>();
  for (const experiment of catalog.experiments) {
    for (const [variant, script] of scriptsOf(experiment)) {
      if (!script.startsWith(SCRIPT_FAMILY[experiment.scenario])) {
        problems.push(
          `${experiment.name}:${variant} picks ${script}, which does not rank the ${experiment.scenario} feed ` +
            `(its scripts are ${SCRIPT_FAMILY[experiment.scenario]}…)`,
        );
      }
      const layers = scriptLayers.get(experiment.scenario) ?? new Set<string>();
      layers.add(experiment.layer);
      scriptLayers.set(experiment.scenario, layers);
    }
  }
  for (const [scenario, layers] of scriptLayers) {
    if (layers.size > 1) {
      problems.push(
        `layers ${[...layers].sort().join(' and ')} both pick stored scripts of the ${scenario} feed`,
      );
    }
  }
  if (problems.length > 0) {
    throw new ExperimentScriptError(`experiments in ${dir} cannot run: ${problems.join('; ')}`);
  }
  return catalog;
}

/** The ids of `painless/manifest.json`; none without a manifest. */
function storedScripts(painlessDir: string): string[] {
  const manifest = join(painlessDir, 'manifest.json');
  if (!existsSync(manifest)) return [];
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: { id?: unknown }[] };
  return (parsed.scripts ?? []).map((s) => s.id).filter((id): id is string => typeof id === 'string');
}

/** Each variant (or interleaved ranker) that picks a script: [label, script]. */
function scriptsOf(experiment: ExperimentDefinition): [string, string][] {
  return experiment.variants.flatMap((variant) => {
    const rankers = isInterleaved(variant)
      ? [
          [`${variant.name}.A`, variant.interleave.A.script],
          [`${variant.name}.B`, variant.interleave.B.script],
        ]
      : [[variant.name, variant.script]];
    return rankers.filter((r): r is [string, string] => r[1] !== undefined);
  });
}
