import { PLACE_CATEGORIES, Place, PlaceCategory, PlaceStatus } from '@app/catalog';
import { DemoCity } from './demo-cities';
import {
  CATEGORY_NAME_HEADS,
  CATEGORY_PRICE,
  CATEGORY_TAGS,
  CATEGORY_WEIGHTS,
  EDITORIAL_NOTES,
  GENERAL_TAGS,
  NAME_ADJECTIVES,
  NAME_NOUNS,
} from './demo-vocabulary';
import { clamp, offsetLocation, round } from './geo';
import { HiddenPlace } from './hidden-world';
import { LatentSpace, Vector, mix, normalize, observableEmbedding, randomUnitVector } from './latent-space';
import { SeededRandom } from './seeded-random';

const DAY_MS = 86_400_000;
const CATEGORY_WEIGHT_LIST = PLACE_CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]);

/** Share of places added in the last two weeks: the cold-start items the "fresh places" source exists for. */
export const FRESH_PLACE_SHARE = 0.04;
/** Categories found out of town more often than in the centre. */
const OUT_OF_TOWN: ReadonlySet<PlaceCategory> = new Set(['hiking', 'beach', 'viewpoint', 'zoo', 'garden']);

export interface GeneratedPlace {
  place: Place;
  hidden: HiddenPlace;
  cityIndex: number;
}

/** One place of a city. `index` numbers the place (its id); `random` is the places' own stream. */
export function generatePlace(
  index: number,
  cityIndex: number,
  city: DemoCity,
  space: LatentSpace,
  nowMs: number,
  random: SeededRandom,
): GeneratedPlace {
  const categories = pickCategories(random);
  const vector = placeVector(categories, space, random);
  const quality = random.normal();
  const priceLevel = clamp(Math.round(CATEGORY_PRICE[categories[0]] + 0.7 * random.normal()), 1, 4);

  const fresh = random.chance(FRESH_PLACE_SHARE);
  const createdMs = fresh
    ? nowMs - random.between(0, 14) * DAY_MS
    : nowMs - random.between(30, 1500) * DAY_MS;
  const updatedMs = createdMs + random.next() * (nowMs - createdMs);
  const status: PlaceStatus = random.chance(0.02) ? 'draft' : random.chance(0.04) ? 'closed' : 'active';
  // Fresh places have hardly any ratings or visits yet; older ones have counts that grow with quality.
  const ratingCount = fresh
    ? random.int(6)
    : Math.round(Math.min(50_000, Math.exp(3 + 0.6 * quality + 1.1 * random.normal())));
  const rating = ratingCount === 0 ? 0 : round(clamp(3.9 + 0.45 * quality + 0.25 * random.normal(), 1, 5), 1);
  const popularity = fresh
    ? round(random.between(0, 2), 2)
    : round(Math.exp(1.2 + 0.7 * quality + 0.5 * random.normal()), 2);
  const curated = status === 'active' && !fresh && quality > 0.5 && random.chance(0.25);

  const outOfTown = OUT_OF_TOWN.has(categories[0]) ? random.chance(0.6) : random.chance(0.08);
  const distanceKm = outOfTown ? random.between(8, 25) : Math.abs(random.normal()) * 3.5;
  const location = offsetLocation(
    { lat: city.lat, lon: city.lon },
    distanceKm,
    random.between(0, 2 * Math.PI),
  );

  const tags = placeTags(categories, random);
  const name = placeName(categories[0], city, random);
  const place: Place = {
    id: `place-${String(index + 1).padStart(5, '0')}`,
    name,
    description: `${name} is a ${categories.map((c) => c.replace('_', ' ')).join(' and ')} in ${city.name}, known for ${tags.slice(0, 2).join(' and ')}.`,
    city: city.name,
    country: city.country,
    location,
    categories,
    tags,
    priceLevel,
    rating,
    ratingCount,
    popularity,
    curated,
    status,
    createdAt: new Date(Math.floor(createdMs)).toISOString(),
    updatedAt: new Date(Math.floor(updatedMs)).toISOString(),
    embedding: observableEmbedding(space, vector, random),
  };
  if (curated) place.editorialNote = random.pick(EDITORIAL_NOTES);
  return { place, hidden: { vector, quality, priceLevel }, cityIndex };
}

/** One to three categories: a main one by how common it is, sometimes a related or a random second one. */
function pickCategories(random: SeededRandom): PlaceCategory[] {
  const main = PLACE_CATEGORIES[random.weightedIndex(CATEGORY_WEIGHT_LIST)];
  const categories: PlaceCategory[] = [main];
  if (random.chance(0.35)) categories.push(PLACE_CATEGORIES[random.weightedIndex(CATEGORY_WEIGHT_LIST)]);
  if (random.chance(0.1)) categories.push(random.pick(PLACE_CATEGORIES));
  return [...new Set(categories)];
}

/** The place's latent vector: its categories' directions (the main one counting most) and something of its own. */
function placeVector(categories: PlaceCategory[], space: LatentSpace, random: SeededRandom): Vector {
  let sum: Vector = Float64Array.from(space.categoryDirections[categories[0]]);
  for (const category of categories.slice(1)) sum = mix(sum, 1, space.categoryDirections[category], 0.5);
  return normalize(mix(normalize(sum), 1, randomUnitVector(random), 0.7));
}

function placeTags(categories: PlaceCategory[], random: SeededRandom): string[] {
  const own = categories.flatMap((c) => CATEGORY_TAGS[c]);
  return [
    ...new Set([...random.sample(own, 2 + random.int(3)), ...random.sample(GENERAL_TAGS, random.int(3))]),
  ];
}

function placeName(category: PlaceCategory, city: DemoCity, random: SeededRandom): string {
  const head = random.pick(CATEGORY_NAME_HEADS[category]);
  const style = random.int(3);
  if (style === 0) return `${random.pick(NAME_ADJECTIVES)} ${random.pick(NAME_NOUNS)} ${head}`;
  if (style === 1) return `The ${random.pick(NAME_NOUNS)} ${head}`;
  return `${city.name} ${random.pick(NAME_ADJECTIVES)} ${head}`;
}
