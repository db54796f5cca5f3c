import {
  MEMBER_INDUSTRIES,
  Member,
  MemberIndustry,
  MemberPreferences,
  MemberVisibility,
  PLACE_CATEGORIES,
  PlaceCategory,
} from '@app/catalog';
import { DemoCity } from './demo-cities';
import {
  CATEGORY_INTERESTS,
  CATEGORY_WEIGHTS,
  FIRST_NAMES,
  GENERAL_INTERESTS,
  HEADLINE_TEMPLATES,
  LAST_INITIALS,
  PROFESSIONS_BY_INDUSTRY,
} from './demo-vocabulary';
import { offsetLocation } from './geo';
import { HiddenMember } from './hidden-world';
import { LatentSpace, Vector, mix, normalize, observableEmbedding, randomUnitVector } from './latent-space';
import { SeededRandom } from './seeded-random';

const DAY_MS = 86_400_000;
const CATEGORY_WEIGHT_LIST = PLACE_CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]);

/** Share of members who joined in the last week: the cold-start members of the "new members" source. */
export const NEW_MEMBER_SHARE = 0.04;
const PRICE_LEVEL_WEIGHTS = [0.25, 0.4, 0.25, 0.1];
const DISTANCE_PREFERENCES_KM = [10, 25, 50, 100, 500];

export interface GeneratedMember {
  member: Member;
  hidden: HiddenMember;
  cityIndex: number;
  /** joined in the last week: no taste embedding yet */
  isNew: boolean;
}

/** One member living in a city. `cityWeights` weighs the cities they may travel to. */
export function generateMember(
  index: number,
  cityIndex: number,
  cities: DemoCity[],
  cityWeights: number[],
  space: LatentSpace,
  nowMs: number,
  random: SeededRandom,
): GeneratedMember {
  const city = cities[cityIndex];
  // Tastes are built from two to four favourite categories, weighted, plus something of their own.
  const favourites = [
    ...new Set(
      Array.from(
        { length: 2 + random.int(3) },
        () => PLACE_CATEGORIES[random.weightedIndex(CATEGORY_WEIGHT_LIST)],
      ),
    ),
  ];
  const taste = tasteVector(favourites, space, random);
  const industries = pickIndustries(random);
  // Who someone is follows what they like (homophily) and their industry.
  const profile = normalize(
    mix(mix(taste, 0.6, space.industryDirections[industries[0]], 1), 1, randomUnitVector(random), 0.5),
  );
  const hidden: HiddenMember = {
    taste,
    profile,
    preferredPriceLevel: 1 + random.weightedIndex(PRICE_LEVEL_WEIGHTS),
    activity: Math.exp(0.6 * random.normal()),
    tripCities: [random.weightedIndex(cityWeights), random.weightedIndex(cityWeights)].filter(
      (c) => c !== cityIndex,
    ),
  };

  const isNew = random.chance(NEW_MEMBER_SHARE);
  const createdMs = isNew ? nowMs - random.between(0, 7) * DAY_MS : nowMs - random.between(14, 900) * DAY_MS;
  const visibilityDraw = random.next();
  const visibility: MemberVisibility =
    visibilityDraw < 0.05 ? 'hidden' : visibilityDraw < 0.1 ? 'paused' : 'visible';
  const languages = memberLanguages(city, random);
  const profession = random.pick(PROFESSIONS_BY_INDUSTRY[industries[0]]);
  const id = `member-${String(index + 1).padStart(5, '0')}`;

  const member: Member = {
    id,
    displayName: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_INITIALS)}.`,
    headline: random.pick(HEADLINE_TEMPLATES)(profession, industries[0]),
    professions: [profession],
    industries,
    interests: [
      ...new Set([
        ...favourites.map((c) => CATEGORY_INTERESTS[c]),
        ...random.sample(GENERAL_INTERESTS, 1 + random.int(3)),
      ]),
    ],
    city: city.name,
    country: city.country,
    location: offsetLocation(
      { lat: city.lat, lon: city.lon },
      Math.abs(random.normal()) * 6,
      random.between(0, 2 * Math.PI),
    ),
    languages,
    visibility,
    verified: random.chance(0.45),
    createdAt: new Date(Math.floor(createdMs)).toISOString(),
    // Replaced by the time of their last interaction once the history is generated.
    lastActiveAt: new Date(Math.floor(createdMs)).toISOString(),
    profileEmbedding: observableEmbedding(space, profile, random),
    preferences: memberPreferences(industries, languages, random),
  };
  // The taste embedding is learnt from history: members of the last week have none yet.
  if (!isNew) member.tasteEmbedding = observableEmbedding(space, taste, random);
  if (random.chance(0.7)) member.email = `${id}@example.com`;
  return { member, hidden, cityIndex, isNew };
}

function tasteVector(favourites: PlaceCategory[], space: LatentSpace, random: SeededRandom): Vector {
  let sum: Vector = new Float64Array(space.categoryDirections[favourites[0]].length);
  favourites.forEach((category, rank) => {
    sum = mix(sum, 1, space.categoryDirections[category], 1 / (1 + 0.5 * rank));
  });
  return normalize(mix(normalize(sum), 1, randomUnitVector(random), 0.6));
}

function pickIndustries(random: SeededRandom): MemberIndustry[] {
  const main = random.pick(MEMBER_INDUSTRIES);
  if (!random.chance(0.2)) return [main];
  const second = random.pick(MEMBER_INDUSTRIES);
  return second === main ? [main] : [main, second];
}

function memberLanguages(city: DemoCity, random: SeededRandom): string[] {
  const languages = [city.languages[0]];
  if (city.languages.length > 1 && random.chance(0.3)) languages.push(random.pick(city.languages.slice(1)));
  if (random.chance(0.65)) languages.push('en');
  return [...new Set(languages)];
}

/** Most members leave preferences soft; a few make some of them hard filters. */
function memberPreferences(
  ownIndustries: MemberIndustry[],
  languages: string[],
  random: SeededRandom,
): MemberPreferences {
  const industries = random.chance(0.5)
    ? [
        ...new Set([
          ...(random.chance(0.5) ? [ownIndustries[0]] : []),
          ...random.sample(MEMBER_INDUSTRIES, 1 + random.int(2)),
        ]),
      ]
    : [];
  const preferredLanguages = random.chance(0.3) ? [languages[languages.length - 1]] : [];
  const preferences: MemberPreferences = {
    industries,
    languages: preferredLanguages,
    hard: {
      industries: industries.length > 0 && random.chance(0.15),
      languages: preferredLanguages.length > 0 && random.chance(0.4),
      maxDistanceKm: false,
    },
  };
  if (random.chance(0.6)) {
    preferences.maxDistanceKm = random.pick(DISTANCE_PREFERENCES_KM);
    preferences.hard.maxDistanceKm = random.chance(0.3);
  }
  return preferences;
}
