import 'reflect-metadata';
import { PLACE_CATEGORIES, PlaceCategory } from '@app/catalog';
import type { SourceStatus, StepKind } from '@app/pipeline';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiPropertyOptional({
    minimum: -90,
    maximum: 90,
    description: 'where the member is: lat, lon and radiusKm together, or city instead',
  })
  @ValidateIf((q: TravelFeedQueryDto) => needsPoint(q) || !isUnset(q.lat))
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, pointMessage('lat'))
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, description: 'with lat and radiusKm' })
  @ValidateIf((q: TravelFeedQueryDto) => needsPoint(q) || !isUnset(q.lon))
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, pointMessage('lon'))
  @Min(-180)
  @Max(180)
  lon?: number;

  @ApiPropertyOptional({
    minimum: 0,
    exclusiveMinimum: true,
    maximum: MAX_RADIUS_KM,
    description: 'with lat and lon',
  })
  @ValidateIf((q: TravelFeedQueryDto) => needsPoint(q) || !isUnset(q.radiusKm))
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, pointMessage('radiusKm'))
  @IsPositive()
  @Max(MAX_RADIUS_KM)
  radiusKm?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'instead of lat, lon and radiusKm' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsNotWithPoint()
  city?: string;

  @ApiPropertyOptional({
    enum: PLACE_CATEGORIES,
    isArray: true,
    description: 'only these categories (repeat the parameter or separate with commas)',
  })
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

  @ApiPropertyOptional({
    type: 'integer',
    isArray: true,
    minimum: 1,
    maximum: 4,
    description: 'only these price levels, 1 to 4 (repeat the parameter or separate with commas)',
  })
  @IsOptional()
  @Transform(asList((item) => (NUMBER.test(item) ? Number(item) : item)))
  @IsArray()
  @ArrayUnique()
  @IsInt({ each: true, message: 'each value in $property must be a whole number from 1 to 4' })
  @Min(1, { each: true, message: 'each value in $property must be a whole number from 1 to 4' })
  @Max(4, { each: true, message: 'each value in $property must be a whole number from 1 to 4' })
  priceLevels?: number[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'free text, matched against places' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, description: 'page size' })
  @IsOptional()
  @Transform(asNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ maxLength: MAX_CURSOR_LENGTH, description: "the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;

  @ApiPropertyOptional({ description: 'adds `explanation`: per item and per stage, what the pipeline did' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  explain?: boolean;
}

/** One place of the feed, as members see it (public fields only, and a distance from the origin). */
export class TravelFeedItem {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  city!: string;

  @ApiProperty({ enum: PLACE_CATEGORIES, isArray: true })
  categories!: string[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "from the request's point (or the member's home in their own city); null without an origin",
  })
  distanceKm!: number | null;

  @ApiProperty({ minimum: 0, maximum: 5 })
  rating!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4 })
  priceLevel!: number;

  @ApiProperty()
  curated!: boolean;

  /** A short list, the most specific first: "Because you saved Museu X", "Popular nearby this week". */
  @ApiProperty({ type: [String], example: ['Because you saved Museu X', 'Popular nearby this week'] })
  reasons!: string[];

  @ApiProperty({
    description: "the engine's first-pass score as the re-rankers adjusted it; comparable within one feed",
  })
  score!: number;
}

/** What one re-ranker did to one item. */
export class TravelAdjustment {
  @ApiProperty()
  reranker!: string;

  @ApiProperty()
  scoreBefore!: number;

  @ApiProperty()
  scoreAfter!: number;

  @ApiProperty()
  scoreDelta!: number;

  @ApiProperty({ type: 'integer' })
  rankBefore!: number;

  @ApiProperty({ type: 'integer' })
  rankAfter!: number;
}

/** Per item, with `explain=true`: where it came from and what each stage did to it. */
export class TravelItemExplanation {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: '1-based, in the whole feed' })
  position!: number;

  @ApiProperty({ type: [String] })
  sources!: string[];

  @ApiProperty({
    description: 'first-pass score: the best any source gave (script_score of places-taste-score-v1)',
  })
  engineScore!: number;

  @ApiProperty({ description: "engineScore plus each adjustment's scoreDelta" })
  score!: number;

  @ApiProperty({ type: [TravelAdjustment] })
  adjustments!: TravelAdjustment[];

  @ApiProperty({ type: [String] })
  reasons!: string[];
}

/** One candidate source of one request. */
export class TravelSourceRecord {
  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ['ok', 'skipped', 'failed', 'timedOut'] })
  status!: SourceStatus;

  @ApiProperty()
  failOpen!: boolean;

  @ApiProperty({ type: 'integer' })
  quota!: number;

  @ApiProperty({ type: 'integer', description: 'hits the source returned' })
  fetched!: number;

  @ApiProperty({ type: 'integer', description: 'hits kept after the quota' })
  kept!: number;

  @ApiProperty()
  ms!: number;

  @ApiPropertyOptional()
  error?: string;
}

/** One stage of one request, in execution order. */
export class TravelStepRecord {
  @ApiProperty({ enum: ['fetch', 'merge', 'filter', 'reranker', 'page'] })
  kind!: StepKind;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  ms!: number;

  @ApiProperty({ type: 'integer' })
  countIn!: number;

  @ApiProperty({ type: 'integer' })
  countOut!: number;

  @ApiProperty({ type: 'integer' })
  removed!: number;

  @ApiPropertyOptional({ type: [String], description: 'filters and re-rankers: the ids they removed' })
  removedIds?: readonly string[];
}

export class TravelRequestExplanation {
  @ApiProperty()
  pipeline!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  page!: number;

  @ApiProperty({ description: "reading the member's profile and signals" })
  contextMs!: number;

  @ApiProperty({ description: 'the runner: sources, merge, filters, re-rankers, page' })
  pipelineMs!: number;

  @ApiProperty({ type: [TravelSourceRecord] })
  sources!: TravelSourceRecord[];

  /** Every stage in order, with time and counts in and out (filters and re-rankers list what they removed). */
  @ApiProperty({ type: [TravelStepRecord] })
  steps!: TravelStepRecord[];

  @ApiProperty({ type: [String] })
  failedSources!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'the parameters this request ran with',
  })
  parameters!: Record<string, number>;
}

export class TravelFeedExplanation {
  @ApiProperty({ type: [TravelItemExplanation] })
  items!: TravelItemExplanation[];

  @ApiProperty({ type: TravelRequestExplanation })
  request!: TravelRequestExplanation;
}

export class TravelFeedAnswer {
  @ApiProperty({ description: 'the x-request-id of the request; events about this page may quote it' })
  requestId!: string;

  @ApiProperty({ type: [TravelFeedItem] })
  items!: TravelFeedItem[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass it back as `cursor` for the next page; null at the end of the feed',
  })
  nextCursor!: string | null;

  @ApiProperty({
    description:
      'true when the page was served without a dependency: the engine (a page from the in-memory fallback of ' +
      'popular places, one page only), Redis (no real-time signals) or a candidate source that failed',
  })
  degraded!: boolean;

  @ApiProperty({
    type: [String],
    example: ['travel-taste-weight:taste-5'],
    description:
      'the experiment variants that shaped this page, `experiment:variant` (or `layer:holdout` for a member held ' +
      'out of a layer); empty when none did',
  })
  experiments!: string[];

  @ApiPropertyOptional({ type: TravelFeedExplanation, description: 'with `explain=true`' })
  explanation?: TravelFeedExplanation;
}
