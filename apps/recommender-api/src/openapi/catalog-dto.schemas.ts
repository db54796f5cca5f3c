import {
  EMBEDDING_DIMENSION,
  ENTITY_ID_PATTERN,
  GeoLocationDto,
  MAX_COUNT,
  MEMBER_INDUSTRIES,
  MEMBER_VISIBILITIES,
  MemberDto,
  MemberPreferencesDto,
  MemberStatsDto,
  PLACE_CATEGORIES,
  PLACE_STATUSES,
  PlaceDto,
  PreferenceHardnessDto,
} from '@app/catalog';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/**
 * The OpenAPI description of the catalog's request bodies. Their DTOs live in libs/catalog, which stays free of NestJS
 * (the CLI and the engine's tools load it; @nestjs/swagger takes about 0.4 s to load), so their `@ApiProperty`s are
 * written here and applied to the classes. Each map lists every field of its DTO (the compiler checks it): a field
 * added to a DTO cannot be left out of the document. The constraints repeat the validators' (see field-rules.ts).
 */
type PropertiesOf<T> = { readonly [K in keyof Required<T>]: ApiPropertyOptions };

const id: ApiPropertyOptions = {
  type: String,
  pattern: ENTITY_ID_PATTERN.source,
  description: "1 to 64 letters, digits, '_' or '-'; may be left out of a PUT's body (the path has it)",
};
const timestamp: ApiPropertyOptions = {
  type: String,
  format: 'date-time',
  description: 'ISO 8601 with a time zone',
  example: '2025-05-01T12:00:00Z',
};
const country: ApiPropertyOptions = {
  type: String,
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2, upper case',
  example: 'PT',
};
const city: ApiPropertyOptions = { type: String, minLength: 1, maxLength: 100, example: 'Lisbon' };
const languages: ApiPropertyOptions = {
  type: [String],
  maxItems: 10,
  uniqueItems: true,
  description: 'ISO 639-1 codes',
  example: ['pt', 'en'],
};
const embedding = (what: string, required = true): ApiPropertyOptions => ({
  type: [Number],
  minItems: EMBEDDING_DIMENSION,
  maxItems: EMBEDDING_DIMENSION,
  required,
  description: `${what}: ${EMBEDDING_DIMENSION} finite numbers, not all zero (compared by cosine similarity)`,
});
const count: ApiPropertyOptions = { type: 'integer', minimum: 0, maximum: MAX_COUNT };

const GEO_LOCATION: PropertiesOf<GeoLocationDto> = {
  lat: { type: Number, minimum: -90, maximum: 90, example: 38.7369 },
  lon: { type: Number, minimum: -180, maximum: 180, example: -9.1427 },
};

const PLACE: PropertiesOf<PlaceDto> = {
  id,
  name: { type: String, minLength: 1, maxLength: 200 },
  description: { type: String, maxLength: 5000 },
  city,
  country,
  location: { type: () => GeoLocationDto },
  categories: { enum: PLACE_CATEGORIES, isArray: true, minItems: 1, maxItems: 5, uniqueItems: true },
  tags: { type: [String], maxItems: 30, description: '1 to 40 characters each' },
  priceLevel: { type: 'integer', minimum: 1, maximum: 4, description: '1 (cheap) to 4 (expensive)' },
  rating: { type: Number, minimum: 0, maximum: 5, description: 'mean rating' },
  ratingCount: count,
  popularity: {
    type: Number,
    minimum: 0,
    description: 'recent popularity (e.g. visits over the last days); never shown to members',
  },
  curated: { type: Boolean },
  editorialNote: { type: String, maxLength: 1000, required: false },
  status: { enum: PLACE_STATUSES },
  createdAt: timestamp,
  updatedAt: { ...timestamp, description: 'ISO 8601 with a time zone, not before createdAt' },
  embedding: embedding('the place in the taste space'),
};

const PREFERENCE_HARDNESS: PropertiesOf<PreferenceHardnessDto> = {
  industries: { type: Boolean, description: 'true: a filter; false: a ranking signal' },
  languages: { type: Boolean, description: 'true: a filter; false: a ranking signal' },
  maxDistanceKm: { type: Boolean, description: 'true: a filter; false: a ranking signal' },
};

const MEMBER_PREFERENCES: PropertiesOf<MemberPreferencesDto> = {
  industries: {
    enum: MEMBER_INDUSTRIES,
    isArray: true,
    maxItems: 10,
    uniqueItems: true,
    description: 'industries of the people they want to meet; empty: any',
  },
  languages: { ...languages, description: 'languages the other person must speak (ISO 639-1); empty: any' },
  maxDistanceKm: { type: Number, minimum: 1, maximum: 20_000, required: false, description: 'absent: any' },
  hard: { type: () => PreferenceHardnessDto },
};

const MEMBER_STATS: PropertiesOf<MemberStatsDto> = {
  impressions7d: count,
  likesReceived7d: count,
  passesReceived7d: count,
  connectionCount: count,
};

const MEMBER: PropertiesOf<MemberDto> = {
  id,
  displayName: { type: String, minLength: 1, maxLength: 80 },
  headline: { type: String, maxLength: 200 },
  professions: { type: [String], maxItems: 5, description: '1 to 60 characters each' },
  industries: { enum: MEMBER_INDUSTRIES, isArray: true, maxItems: 5, uniqueItems: true },
  interests: { type: [String], maxItems: 30, description: '1 to 40 characters each' },
  city,
  country,
  location: { type: () => GeoLocationDto, description: 'exact home; never shown to other members' },
  languages,
  visibility: { enum: MEMBER_VISIBILITIES },
  verified: { type: Boolean },
  createdAt: timestamp,
  lastActiveAt: { ...timestamp, description: 'ISO 8601 with a time zone, not before createdAt' },
  profileEmbedding: embedding('who the member is; absent until computed', false),
  tasteEmbedding: embedding('whom and what the member likes; absent without history', false),
  preferences: { type: () => MemberPreferencesDto },
  stats: { type: () => MemberStatsDto, required: false, description: 'absent: all zero (a new member)' },
  email: { type: String, format: 'email', maxLength: 254, required: false, description: 'never shown' },
};

let described = false;

/** Attaches the properties above to the catalog's DTO classes, once per process. */
export function describeCatalogDtos(): void {
  if (described) return;
  described = true;
  describe(GeoLocationDto, GEO_LOCATION);
  describe(PlaceDto, PLACE);
  describe(PreferenceHardnessDto, PREFERENCE_HARDNESS);
  describe(MemberPreferencesDto, MEMBER_PREFERENCES);
  describe(MemberStatsDto, MEMBER_STATS);
  describe(MemberDto, MEMBER);
}

function describe<T>(dto: abstract new () => T, properties: PropertiesOf<T>): void {
  for (const [key, options] of Object.entries(properties) as [string, ApiPropertyOptions][]) {
    ApiProperty(options)(dto.prototype as object, key);
  }
}
