import { Vector, dot } from './latent-space';

// Jest runs modules in a vm sandbox where each lookup of a global such as Math is slow: hot code binds them once.
const { abs } = Math;

/** What the generator knows about a place and the catalog does not show. */
export interface HiddenPlace {
  /** unit vector of the latent space: what the place is like */
  vector: Vector;
  /** standard normal: how good the place is, whoever you are (drives rating and popularity) */
  quality: number;
  priceLevel: number;
}

/** What the generator knows about a member and the catalog does not show. */
export interface HiddenMember {
  /** unit vector: what the member likes, in places and in people */
  taste: Vector;
  /** unit vector: who the member is, as others' tastes see it */
  profile: Vector;
  /** the price level they enjoy most (1–4) */
  preferredPriceLevel: number;
  /** how much they use the apps (log-normal around 1) */
  activity: number;
  /** indices (in the demo cities) of the cities they travel to */
  tripCities: number[];
}

/** Weight of the distance between price levels in a member's affinity for a place. */
const PRICE_MISMATCH_WEIGHT = 0.1;

/**
 * How much a member likes a place, in truth: taste · place − 0.1 × |preferred price − price|. Interactions are drawn
 * from it (with popularity and distance), and offline evaluation scores recommendations by it.
 */
export function placeAffinity(
  member: Pick<HiddenMember, 'taste' | 'preferredPriceLevel'>,
  place: Pick<HiddenPlace, 'vector' | 'priceLevel'>,
): number {
  return (
    dot(member.taste, place.vector) -
    PRICE_MISMATCH_WEIGHT * abs(member.preferredPriceLevel - place.priceLevel)
  );
}

/** Weight of a place's quality in how much a member enjoys it: good places please everyone a little. */
const QUALITY_WEIGHT = 0.15;

/**
 * How much a member would enjoy a place, in truth: placeAffinity + 0.15 × quality. Likes, saves, bookings and
 * passes are drawn from it; it is the graded relevance offline evaluation should use.
 */
export function placeUtility(
  member: Pick<HiddenMember, 'taste' | 'preferredPriceLevel'>,
  place: Pick<HiddenPlace, 'vector' | 'priceLevel' | 'quality'>,
): number {
  return placeAffinity(member, place) + QUALITY_WEIGHT * place.quality;
}

/** How much a viewer wants to meet a candidate, in truth: viewer's taste · candidate's profile (one direction). */
export function memberAffinity(
  viewer: Pick<HiddenMember, 'taste'>,
  candidate: Pick<HiddenMember, 'profile'>,
): number {
  return dot(viewer.taste, candidate.profile);
}

/** The hidden tastes as a JSON-ready document, for offline evaluation (the CLI saves it next to the data). */
export interface HiddenTastes {
  seed: string;
  latentDimension: number;
  /** the formulas of placeAffinity and memberAffinity, for readers of the file */
  affinity: { place: string; placeUtility: string; member: string };
  members: {
    id: string;
    taste: number[];
    profile: number[];
    preferredPriceLevel: number;
    activity: number;
  }[];
  places: { id: string; vector: number[]; quality: number; priceLevel: number }[];
}

export const AFFINITY_FORMULAS = {
  place: `dot(member.taste, place.vector) - ${PRICE_MISMATCH_WEIGHT} * abs(member.preferredPriceLevel - place.priceLevel)`,
  placeUtility: `placeAffinity + ${QUALITY_WEIGHT} * place.quality`,
  member: 'dot(viewer.taste, candidate.profile)',
};
