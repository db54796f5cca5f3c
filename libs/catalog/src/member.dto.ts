// @Type reads design-time types through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO6391,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCityName, IsCountryCode, IsEmbedding, IsEntityId, IsNotBefore, IsTimestamp } from './field-rules';
import { GeoLocation, GeoLocationDto, IsGeoLocation } from './geo-location.dto';
import { FieldPrivacy, FieldsMarked, fieldsMarked } from './privacy';
import {
  MAX_COUNT,
  MEMBER_INDUSTRIES,
  MEMBER_VISIBILITIES,
  MemberIndustry,
  MemberVisibility,
} from './vocabulary';

/** Whom a member wants to meet. Each preference is a filter when its `hard` flag is set, else a ranking signal. */
export interface MemberPreferences {
  /** industries of the people they want to meet; empty: any */
  industries: MemberIndustry[];
  /** languages the other person must speak (ISO 639-1); empty: any */
  languages: string[];
  /** absent: any distance */
  maxDistanceKm?: number;
  hard: PreferenceHardness;
}

/** true: the preference excludes whoever does not meet it; false: it only ranks. */
export interface PreferenceHardness {
  industries: boolean;
  languages: boolean;
  maxDistanceKm: boolean;
}

/** Aggregates kept by the service (recomputed from events), read by the ranking script. */
export interface MemberStats {
  impressions7d: number;
  likesReceived7d: number;
  passesReceived7d: number;
  connectionCount: number;
}

/** A member of the networking app, as the service holds it (public and private fields). */
export interface Member {
  id: string;
  displayName: string;
  headline: string;
  professions: string[];
  industries: MemberIndustry[];
  interests: string[];
  city: string;
  /** ISO 3166-1 alpha-2, upper case */
  country: string;
  /** exact home location */
  location: GeoLocation;
  /** ISO 639-1 codes */
  languages: string[];
  visibility: MemberVisibility;
  verified: boolean;
  createdAt: string;
  lastActiveAt: string;
  /** who the member is (64 floats); absent until computed */
  profileEmbedding?: number[];
  /** whom and what the member likes (64 floats); absent for a member without history */
  tasteEmbedding?: number[];
  preferences: MemberPreferences;
  /** absent: all zero (a new member) */
  stats?: MemberStats;
  email?: string;
}

/**
 * Which member fields leave the service: the one place where this is decided. Every field must be listed (the
 * compiler checks it), so a new field cannot be added without deciding. Private fields feed filters and ranking
 * inside the engine and never appear in a response.
 */
export const MEMBER_FIELD_PRIVACY = {
  id: 'public',
  displayName: 'public',
  headline: 'public',
  professions: 'public',
  industries: 'public',
  interests: 'public',
  city: 'public',
  country: 'public',
  // Exact home: responses carry a coarse distance bucket instead.
  location: 'private',
  languages: 'public',
  // Whether someone hid or paused their profile is their business; hidden members are simply not served.
  visibility: 'private',
  verified: 'public',
  createdAt: 'public',
  // Activity times reveal habits.
  lastActiveAt: 'private',
  profileEmbedding: 'private',
  tasteEmbedding: 'private',
  // Whom someone wants to meet would let others game or judge them.
  preferences: 'private',
  stats: 'private',
  email: 'private',
} as const satisfies Record<keyof Member, FieldPrivacy>;

export const MEMBER_PRIVATE_FIELDS = fieldsMarked(MEMBER_FIELD_PRIVACY, 'private');

/** What other members may see of a member. */
export type PublicMember = Pick<Member, FieldsMarked<typeof MEMBER_FIELD_PRIVACY, 'public'>>;

const LANGUAGE_MESSAGE = 'each value in $property must be an ISO 639-1 language code, e.g. pt';
const INDUSTRY_MESSAGE = `each value in $property must be one of: ${MEMBER_INDUSTRIES.join(', ')}`;

export class PreferenceHardnessDto implements PreferenceHardness {
  @IsBoolean()
  industries!: boolean;

  @IsBoolean()
  languages!: boolean;

  @IsBoolean()
  maxDistanceKm!: boolean;
}

export class MemberPreferencesDto implements MemberPreferences {
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(MEMBER_INDUSTRIES, { each: true, message: INDUSTRY_MESSAGE })
  industries!: MemberIndustry[];

  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsISO6391({ each: true, message: LANGUAGE_MESSAGE })
  languages!: string[];

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(20_000)
  maxDistanceKm?: number;

  @IsObject()
  @ValidateNested()
  @Type(() => PreferenceHardnessDto)
  hard!: PreferenceHardnessDto;
}

export class MemberStatsDto implements MemberStats {
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  impressions7d!: number;

  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  likesReceived7d!: number;

  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  passesReceived7d!: number;

  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  connectionCount!: number;
}

/** The request body of a member write, and the validation of batch items (see validateMember). */
export class MemberDto implements Member {
  @IsEntityId()
  id!: string;

  @IsString()
  @Length(1, 80)
  displayName!: string;

  @IsString()
  @MaxLength(200)
  headline!: string;

  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  professions!: string[];

  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(MEMBER_INDUSTRIES, { each: true, message: INDUSTRY_MESSAGE })
  industries!: MemberIndustry[];

  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  interests!: string[];

  @IsCityName()
  city!: string;

  @IsCountryCode()
  country!: string;

  @IsGeoLocation()
  location!: GeoLocationDto;

  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsISO6391({ each: true, message: LANGUAGE_MESSAGE })
  languages!: string[];

  @IsIn(MEMBER_VISIBILITIES)
  visibility!: MemberVisibility;

  @IsBoolean()
  verified!: boolean;

  @IsTimestamp()
  createdAt!: string;

  @IsTimestamp()
  @IsNotBefore('createdAt')
  lastActiveAt!: string;

  @IsOptional()
  @IsEmbedding()
  profileEmbedding?: number[];

  @IsOptional()
  @IsEmbedding()
  tasteEmbedding?: number[];

  @IsObject()
  @ValidateNested()
  @Type(() => MemberPreferencesDto)
  preferences!: MemberPreferencesDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MemberStatsDto)
  stats?: MemberStatsDto;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}
