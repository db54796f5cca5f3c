// @Type reads design-time types through the Reflect metadata API.
import 'reflect-metadata';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCityName, IsCountryCode, IsEmbedding, IsEntityId, IsNotBefore, IsTimestamp } from './field-rules';
import { GeoLocation, GeoLocationDto, IsGeoLocation } from './geo-location.dto';
import { FieldPrivacy, FieldsMarked, fieldsMarked } from './privacy';
import { MAX_COUNT, PLACE_CATEGORIES, PLACE_STATUSES, PlaceCategory, PlaceStatus } from './vocabulary';

/** A place of the travel catalog, as the service holds it (public and private fields). */
export interface Place {
  id: string;
  name: string;
  description: string;
  city: string;
  /** ISO 3166-1 alpha-2, upper case */
  country: string;
  location: GeoLocation;
  categories: PlaceCategory[];
  tags: string[];
  /** 1 (cheap) to 4 (expensive) */
  priceLevel: number;
  /** mean rating, 0 to 5 */
  rating: number;
  ratingCount: number;
  /** recent popularity (e.g. visits over the last days), ≥ 0, unbounded */
  popularity: number;
  curated: boolean;
  editorialNote?: string;
  status: PlaceStatus;
  createdAt: string;
  updatedAt: string;
  /** 64 floats, compared by cosine similarity */
  embedding: number[];
}

/**
 * Which place fields leave the service: the one place where this is decided. Every field must be listed (the
 * compiler checks it), so a new field cannot be added without deciding.
 */
export const PLACE_FIELD_PRIVACY = {
  id: 'public',
  name: 'public',
  description: 'public',
  city: 'public',
  country: 'public',
  location: 'public',
  categories: 'public',
  tags: 'public',
  priceLevel: 'public',
  rating: 'public',
  ratingCount: 'public',
  // A ranking signal, not a fact about the place; published it would invite gaming.
  popularity: 'private',
  curated: 'public',
  editorialNote: 'public',
  status: 'public',
  createdAt: 'public',
  updatedAt: 'public',
  // Model output, only meaningful to the engine.
  embedding: 'private',
} as const satisfies Record<keyof Place, FieldPrivacy>;

export const PLACE_PRIVATE_FIELDS = fieldsMarked(PLACE_FIELD_PRIVACY, 'private');

/** What clients may see of a place. */
export type PublicPlace = Pick<Place, FieldsMarked<typeof PLACE_FIELD_PRIVACY, 'public'>>;

/** The request body of a place write, and the validation of batch items (see validatePlace). */
export class PlaceDto implements Place {
  @IsEntityId()
  id!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsString()
  @MaxLength(5000)
  description!: string;

  @IsCityName()
  city!: string;

  @IsCountryCode()
  country!: string;

  @IsGeoLocation()
  location!: GeoLocationDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(PLACE_CATEGORIES, {
    each: true,
    message: `each value in $property must be one of: ${PLACE_CATEGORIES.join(', ')}`,
  })
  categories!: PlaceCategory[];

  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags!: string[];

  @IsInt()
  @Min(1)
  @Max(4)
  priceLevel!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(5)
  rating!: number;

  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  ratingCount!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  popularity!: number;

  @IsBoolean()
  curated!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  editorialNote?: string;

  @IsIn(PLACE_STATUSES)
  status!: PlaceStatus;

  @IsTimestamp()
  createdAt!: string;

  @IsTimestamp()
  @IsNotBefore('createdAt')
  updatedAt!: string;

  @IsEmbedding()
  embedding!: number[];
}
