import { EMBEDDING_DIMENSION, MEMBER_INDUSTRIES, PLACE_CATEGORIES, PlaceCategory } from '@app/catalog';
import { SeededRandom } from './seeded-random';

/**
 * The hidden world the demo data is generated from. Tastes of members and traits of places and members are vectors
 * in a small latent space; what the catalog shows (embeddings) is a noisy projection of them into 64 dimensions,
 * so a recommender sees them only imperfectly, as with real embeddings.
 */

/** Dimensions of the hidden space: few enough that tastes are structured, enough that they differ. */
export const LATENT_DIMENSION = 16;

/**
 * Noise added to each of the 64 projected dimensions before normalising. The projection of a unit latent vector has a
 * norm of about 2 (64 rows of variance 1/16); noise of 0.19 per dimension (norm about 1.5) leaves a cosine of about 0.8
 * between the embedding and that projection: informative, not a copy.
 */
export const EMBEDDING_NOISE = 0.19;

/** Broad kinds of outings: categories of one kind share a direction of the latent space (museum ~ gallery). */
const CATEGORY_KINDS: Record<PlaceCategory, number> = {
  museum: 0,
  gallery: 0,
  theatre: 0,
  cinema: 0,
  bookstore: 0,
  landmark: 1,
  historic_site: 1,
  religious_site: 1,
  viewpoint: 1,
  park: 2,
  garden: 2,
  beach: 2,
  hiking: 2,
  zoo: 2,
  aquarium: 2,
  cafe: 3,
  bakery: 3,
  restaurant: 3,
  street_food: 3,
  market: 3,
  bar: 4,
  wine_bar: 4,
  nightclub: 4,
  live_music: 4,
  hotel: 5,
  spa: 5,
  shopping: 5,
  sports: 5,
};
const KIND_COUNT = 6;

// Jest runs modules in a vm sandbox where each lookup of a global such as Math is slow: hot code binds them once.
const { round, sqrt } = Math;

export type Vector = Float64Array;

/** The fixed parts of the hidden world: directions of categories and industries, and the projection to 64-d. */
export interface LatentSpace {
  categoryDirections: Record<PlaceCategory, Vector>;
  industryDirections: Record<string, Vector>;
  /** EMBEDDING_DIMENSION × LATENT_DIMENSION, row major */
  projection: Float64Array;
}

export function createLatentSpace(random: SeededRandom): LatentSpace {
  const kindDirections = Array.from({ length: KIND_COUNT }, () => randomUnitVector(random));
  const categoryDirections = {} as Record<PlaceCategory, Vector>;
  for (const category of PLACE_CATEGORIES) {
    // Mostly the kind's direction, partly its own: related categories are close, not identical.
    categoryDirections[category] = normalize(
      mix(kindDirections[CATEGORY_KINDS[category]], 0.8, randomUnitVector(random), 0.6),
    );
  }
  const industryDirections: Record<string, Vector> = {};
  for (const industry of MEMBER_INDUSTRIES) industryDirections[industry] = randomUnitVector(random);
  const projection = new Float64Array(EMBEDDING_DIMENSION * LATENT_DIMENSION);
  // Gaussian entries scaled by 1/sqrt(d): the projection roughly preserves angles (Johnson–Lindenstrauss).
  for (let i = 0; i < projection.length; i++) projection[i] = random.normal() / Math.sqrt(LATENT_DIMENSION);
  return { categoryDirections, industryDirections, projection };
}

/** The observable 64-d embedding of a latent vector: projected, noised, normalised, rounded to 4 decimals. */
export function observableEmbedding(space: LatentSpace, latent: Vector, random: SeededRandom): number[] {
  const projected = new Float64Array(EMBEDDING_DIMENSION);
  for (let row = 0; row < EMBEDDING_DIMENSION; row++) {
    let sum = 0;
    for (let col = 0; col < LATENT_DIMENSION; col++)
      sum += space.projection[row * LATENT_DIMENSION + col] * latent[col];
    projected[row] = sum + EMBEDDING_NOISE * random.normal();
  }
  normalizeInPlace(projected);
  return Array.from(projected, (x) => round(x * 1e4) / 1e4);
}

export function randomUnitVector(random: SeededRandom, dimension = LATENT_DIMENSION): Vector {
  const v = new Float64Array(dimension);
  for (let i = 0; i < dimension; i++) v[i] = random.normal();
  return normalizeInPlace(v);
}

/** a·x + b·y */
export function mix(x: Vector, a: number, y: Vector, b: number): Vector {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = a * x[i] + b * y[i];
  return out;
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

export function normalize(v: Vector): Vector {
  return normalizeInPlace(Float64Array.from(v));
}

function normalizeInPlace<T extends Float64Array>(v: T): T {
  const norm = sqrt(dot(v, v));
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}
