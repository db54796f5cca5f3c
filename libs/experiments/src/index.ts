/**
 * `@app/experiments`: online experiments for the feeds. Experiment files (`experiments/` at the repository root) are
 * loaded and checked once at boot (`ExperimentCatalog.fromDirectory`, which throws `ExperimentFileError` listing every
 * problem); per request `assign` places the subject in each layer deterministically (MurmurHash3 buckets), and
 * `mergedParameters` gives the overrides for the scenario's `ParameterRegistry.resolve`. Interleaved variants serve a
 * team-draft interleaving; the statistics judge the results. No I/O besides reading the files.
 *
 *   const catalog = ExperimentCatalog.fromDirectory('experiments', { registries, knownScripts });
 *   const assignments = catalog.assign('travel', { memberId, city, now: Date.now() });
 *   const params = travelParameters.resolve({ ...TRAVEL_DEFAULTS, ...mergedParameters(assignments) });
 *   response.experiments = assignments.map(describeAssignment);  // ['travel-taste-weight:taste-5']
 */
export type {
  Allocation,
  ExperimentDefinition,
  ExperimentUnit,
  InterleavedVariantDefinition,
  LayerDefinition,
  ParameterOverrides,
  PlainVariantDefinition,
  RankerDefinition,
  Scenario,
  SwitchbackUnit,
  UnitKind,
  VariantDefinition,
} from './experiment-definition';
export { SCENARIOS, isInterleaved, unitKindOf } from './experiment-definition';

export type { ExperimentFileProblem } from './experiment-file.error';
export { ExperimentFileError, formatProblem } from './experiment-file.error';

export type { ExperimentCatalogOptions } from './experiment-catalog';
export { ExperimentCatalog } from './experiment-catalog';

export type { ExperimentAssignment, HoldoutAssignment, VariantAssignment } from './experiment-assignment';
export { describeAssignment, mergedParameters } from './experiment-assignment';

export type { Subject } from './subject';
export { unitIdOf } from './subject';

export { murmur3_32 } from './murmur3';
export { BUCKETS, bucketOf, layerBucketOf, variantBucketOf } from './buckets';
export { mulberry32, seededRandom } from './seeded-random';

export type {
  InterleavedList,
  InterleavingOutcome,
  InterleavingPreference,
  Team,
} from './interleaving/team-draft';
export { interleavingOutcome, interleavingPreference, teamDraftInterleave } from './interleaving/team-draft';

export type { MeanDifference } from './statistics/mean-difference';
export { meanDifference } from './statistics/mean-difference';
export type { CupedResult } from './statistics/cuped';
export { cuped } from './statistics/cuped';
export type { SampleRatioMismatch } from './statistics/sample-ratio-mismatch';
export { sampleRatioMismatch } from './statistics/sample-ratio-mismatch';
export type { ClusterLevelDifference, ClusterRow } from './statistics/cluster-level-difference';
export { clusterLevelDifference } from './statistics/cluster-level-difference';
export { studentTCdf, studentTQuantile, studentTTwoSidedP } from './statistics/student-t';
export { normalCdf, normalQuantile } from './statistics/special-functions';
