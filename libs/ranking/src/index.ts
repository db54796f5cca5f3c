/**
 * `@app/ranking`: the list-wise re-rankers and filters that scenarios share, and the metrics of ranked lists.
 * Pure functions over arrays: what they need arrives in the candidate (`item`, `features`) or the query context,
 * read through accessors given to the constructor, so places (categories) and members (industries, cities) use the
 * same stages. Knobs are typed bounded parameters named `<scenario>.<stage>.<knob>`: each stage lists its
 * definitions in `parameters` (also `mmrDiversityParameters('travel')`, …) for the scenario's `ParameterRegistry`,
 * and reads the request's values from the context's `params` field (or `paramsOf`), defaults when absent.
 *
 * Order in a pipeline: the score re-rankers (FreshnessExposure, ExposureBalance) re-sort by score, so they come
 * first; then MmrDiversity, then Serendipity, which change the order and keep the scores.
 *
 *   const mmr = new MmrDiversityReranker<TravelContext, Place, 'travel'>({
 *     scenario: 'travel', embeddingOf: (p) => p.embedding, categoriesOf: (p) => p.categories,
 *   });
 *   const travelParameters = new ParameterRegistry([...mmr.parameters, ...serendipity.parameters]);
 */
export type { KnobDefinition, ParameterLookup, ParameterName, ParamsOf } from './stage-parameters';
export { StageParameters, paramsField } from './stage-parameters';

export type {
  MmrDiversityKnob,
  MmrDiversityOptions,
  MmrDiversityParameterName,
} from './mmr-diversity.reranker';
export { MMR_DIVERSITY_KNOBS, MmrDiversityReranker, mmrDiversityParameters } from './mmr-diversity.reranker';

export type { SerendipityKnob, SerendipityOptions, SerendipityParameterName } from './serendipity.reranker';
export {
  SERENDIPITY_KNOBS,
  SOMETHING_DIFFERENT,
  SerendipityReranker,
  serendipityParameters,
} from './serendipity.reranker';

export type {
  FreshnessExposureKnob,
  FreshnessExposureOptions,
  FreshnessExposureParameterName,
} from './freshness-exposure.reranker';
export {
  FRESHNESS_EXPOSURE_KNOBS,
  FreshnessExposureReranker,
  NEW_REASON,
  freshnessExposureParameters,
} from './freshness-exposure.reranker';

export type {
  ExposureBalanceKnob,
  ExposureBalanceOptions,
  ExposureBalanceParameterName,
  OverCapPolicy,
} from './exposure-balance.reranker';
export {
  EXPOSURE_BALANCE_KNOBS,
  ExposureBalanceReranker,
  exposureBalanceParameters,
} from './exposure-balance.reranker';

export type { SeenItemsKnob, SeenItemsOptions, SeenItemsParameterName } from './seen-items.filter';
export { SEEN_ITEMS_KNOBS, SeenItemsFilter, seenItemsParameters } from './seen-items.filter';

export type { ExcludedIdsOptions, IdSets } from './excluded-ids.filter';
export { ExcludedIdsFilter } from './excluded-ids.filter';

export type { Relevance } from './list-metrics';
export { catalogCoverage, gini, intraListDiversity, ndcgAtK, precisionAtK } from './list-metrics';

export { cosine, jaccard, normalizedScores } from './similarity';
