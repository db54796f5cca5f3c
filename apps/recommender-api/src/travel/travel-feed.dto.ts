import 'reflect-metadata';
import { PLACE_CATEGORIES, PlaceCategory } from '@app/catalog';
import type { Adjustment, SourceRecord, StepRecord } from '@app/pipeline';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';

/** Largest radius a request may ask for: a region, not a continent (the feed ranks what is near). */
export const MAX_RADIUS_KM = 500;
/** A cursor of 500 served ids is about 3.7 KB; anything far longer was not issued by us. */
const MAX_CURSOR_LENGTH = 8192;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Query strings are text: numbers are converted when they look like one, else left for the validator to refuse. */
const asNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value) : value;

const asBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' || value === ''
    ? true
    : value === 'false' || value === '0'
      ? false
      : value;

/** `a,b` and `x=a&x=b` both give [a, b]. */
const asList =
  (convert: (item: string) => unknown) =>
  ({ value }: { value: unknown }): unknown => {
    const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (!items || !items.every((item) => typeof item === 'string')) return value;
    return items
      .flatMap((item: string) => item.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map(convert);
  };

const isUnset = (value: unknown) => value === undefined || value === null;

/** `city` excludes the point fields: one way of saying where. */
function IsNotWithPoint(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotWithPoint',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => {
        const query = args?.object as TravelFeedQueryDto | undefined;
        return isUnset(query?.lat) && isUnset(query?.lon) && isUnset(query?.radiusKm);
      },
      defaultMessage: () => 'give either city or lat, lon and radiusKm, not both',
    },
  });
}

const needsPoint = (query: TravelFeedQueryDto) => isUnset(query.city);
/** A missing point field says what is missing; a present one that is not a number says that. */
const pointMessage = (field: string) => ({
  message: (args: ValidationArguments) =>
    isUnset(args.value)
      ? `${field} is required (with lat, lon and radiusKm) unless city is given`
      : `${field} must be a number`,
});

/** The query string of `GET /v1/travel/members/{memberId}/places`. */
export class TravelFeedQueryDto {
  @ValidateIf((q: TravelFeedQueryDto) => needsPoint(q) || !isUnset(q.lat))
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, pointMessage('lat'))
  @Min(-90)
  @Max(90)
  lat?: number;

  @ValidateIf((q: TravelFeedQueryDto) => needsPoint(q) || !isUnset(q.lon))
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, pointMessage('lon'))
  @Min(-180)
  @Max(180)
  lon?: number;

  @ValidateIf((q: TravelFeedQueryDto) => needsPoint(q) || !isUnset(q.radiusKm))
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, pointMessage('radiusKm'))
  @IsPositive()
  @Max(MAX_RADIUS_KM)
  radiusKm?: number;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsNotWithPoint()
  city?: string;

  @IsOptional()
  @Transform(asList((item) => item))
  @IsArray()
  @ArrayMaxSize(PLACE_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(PLACE_CATEGORIES, {
    each: true,
    message: `each value in $property must be one of: ${PLACE_CATEGORIES.join(', ')}`,
  })
  categories?: PlaceCategory[];

  @IsOptional()
  @Transform(asList((item) => (NUMBER.test(item) ? Number(item) : item)))
  @IsArray()
  @ArrayUnique()
  @IsInt({ each: true, message: 'each value in $property must be a whole number from 1 to 4' })
  @Min(1, { each: true, message: 'each value in $property must be a whole number from 1 to 4' })
  @Max(4, { each: true, message: 'each value in $property must be a whole number from 1 to 4' })
  priceLevels?: number[];

  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @IsOptional()
  @Transform(asNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;

  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  explain?: boolean;
}

/** One place of the feed, as members see it (public fields only, and a distance from the origin). */
export interface TravelFeedItem {
  id: string;
  name: string;
  city: string;
  categories: string[];
  /** From the point of the request (or the member's home for their own city); null when there is no origin. */
  distanceKm: number | null;
  rating: number;
  priceLevel: number;
  curated: boolean;
  /** A short list, the most specific first: "Because you saved Museu X", "Popular nearby this week". */
  reasons: string[];
  /** The ranking score (the engine's first-pass score as re-rankers adjusted it); comparable within one feed. */
  score: number;
}

/** Per item, with `explain=true`: where it came from and what each stage did to it. */
export interface TravelItemExplanation {
  id: string;
  /** 1-based, in the whole feed. */
  position: number;
  sources: string[];
  /** First-pass score: the best any source gave (script_score of places-taste-score-v1). */
  engineScore: number;
  /** engineScore plus each adjustment's scoreDelta. */
  score: number;
  adjustments: Adjustment[];
  reasons: string[];
}

export interface TravelRequestExplanation {
  pipeline: string;
  page: number;
  /** Reading the member's profile and signals (the context stage). */
  contextMs: number;
  /** The runner: sources, merge, filters, re-rankers, page. */
  pipelineMs: number;
  sources: SourceRecord[];
  /** Every stage in order, with time and counts in and out (filters and re-rankers list what they removed). */
  steps: StepRecord[];
  failedSources: string[];
  /** The parameters this request ran with. */
  parameters: Record<string, number>;
}

export interface TravelFeedAnswer {
  requestId: string;
  items: TravelFeedItem[];
  /** Pass it back as `cursor` for the next page; null at the end of the feed. */
  nextCursor: string | null;
  explanation?: { items: TravelItemExplanation[]; request: TravelRequestExplanation };
}
