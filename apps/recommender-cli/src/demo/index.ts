/**
 * Deterministic demo data: places in real cities, members, and an interaction history drawn from hidden tastes.
 * Pure functions: the CLI loads the documents through the ingestion paths and saves hiddenTastes() for evaluation.
 */
export type { DemoCity } from './demo-cities';
export { MIN_DEMO_CITY_POPULATION, loadDemoCities } from './demo-cities';
export type { DemoData, DemoDataOptions } from './demo-data';
export { DEFAULT_DEMO_OPTIONS, apportion, generateDemoData, hiddenTastes } from './demo-data';
export type { HiddenMember, HiddenPlace, HiddenTastes } from './hidden-world';
export { AFFINITY_FORMULAS, memberAffinity, placeAffinity, placeUtility } from './hidden-world';
export type { DemoInteraction, MemberInteractionType, PlaceInteractionType } from './interactions.generator';
export { meetsHardPreferences } from './interactions.generator';
export { LATENT_DIMENSION } from './latent-space';
export { SeededRandom } from './seeded-random';
