import 'reflect-metadata';
import { IsEntityId, MEMBER_INDUSTRIES } from '@app/catalog';
import { Candidate, PipelineResult } from '@app/pipeline';
import { MemberCandidate } from '@app/search';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DiscoveryContext } from './discovery-context';
import { DISTANCE_BUCKETS, DistanceBucket, distanceBucket } from './distance-bucket';
import { distanceKm } from './hard-filters';
import { shared } from './reasons';

/**
 * The public contract of `GET /v1/networking/members/{memberId}/discovery`. A response carries, per member, only
 * what other members may see (MEMBER_FIELD_PRIVACY marks it public) plus what the feed derives for the viewer: a
 * coarse distance bucket, the mutual connection count, shared interests and reasons. Exact locations, preferences,
 * stats, visibility, relations and features never leave; the e2e tests validate every response against these
 * classes with unknown properties refused.
 */

const SOURCE_NAMES = ['KnnTaste', 'KnnReciprocal', 'SecondDegree', 'LikedYou', 'NewMembers'];

/** Query strings arrive as text: whole numbers become numbers, anything else stays for the validator to refuse. */
function toInteger({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

export class DiscoveryFeedQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 50, default: 20, description: 'page size' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 8_192, description: "the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(8_192)
  cursor?: string;

  @ApiPropertyOptional({
    description:
      'adds `explanation`: per item its sources, engine score and re-ranker adjustments; per request stage timings',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  explain?: boolean;
}

export class DiscoveryMemberDto {
  @ApiProperty()
  @IsEntityId()
  id!: string;

  @ApiProperty()
  @IsString()
  displayName!: string;

  @ApiProperty()
  @IsString()
  headline!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  professions!: string[];

  @ApiProperty({ enum: MEMBER_INDUSTRIES, isArray: true })
  @IsArray()
  @IsIn(MEMBER_INDUSTRIES, { each: true })
  industries!: string[];

  @ApiProperty()
  @IsString()
  city!: string;

  @ApiProperty({ enum: DISTANCE_BUCKETS, description: 'how far they are, coarsely; never a number' })
  @IsIn(DISTANCE_BUCKETS)
  distance!: DistanceBucket;

  @ApiProperty({ type: 'integer', minimum: 0 })
  @IsInt()
  @Min(0)
  mutualConnections!: number;

  @ApiProperty({ type: [String], description: "interests both list, in the viewer's order" })
  @IsArray()
  @IsString({ each: true })
  sharedInterests!: string[];

  /** Human reasons, e.g. "3 mutual connections", "You both work in film", "New here". */
  @ApiProperty({ type: [String], example: ['3 mutual connections', 'You both work in film', 'New here'] })
  @IsArray()
  @IsString({ each: true })
  reasons!: string[];
}

export class AdjustmentDto {
  @ApiProperty()
  @IsString()
  reranker!: string;

  @ApiProperty()
  @IsNumber()
  scoreBefore!: number;

  @ApiProperty()
  @IsNumber()
  scoreAfter!: number;

  @ApiProperty()
  @IsNumber()
  scoreDelta!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  rankBefore!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  rankAfter!: number;
}

export class ItemExplanationDto {
  @ApiProperty()
  @IsEntityId()
  id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: '1-based position in the whole feed' })
  @IsInt()
  @Min(1)
  position!: number;

  @ApiProperty({ enum: SOURCE_NAMES, isArray: true })
  @IsArray()
  @IsIn(SOURCE_NAMES, { each: true })
  sources!: string[];

  @ApiProperty({ description: 'the first-pass score (members-mutual-score-v1)' })
  @IsNumber()
  engineScore!: number;

  @ApiProperty()
  @IsNumber()
  score!: number;

  @ApiProperty({ type: [AdjustmentDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AdjustmentDto)
  adjustments!: AdjustmentDto[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  reasons!: string[];
}

export class SourceTraceDto {
  @ApiProperty({ enum: SOURCE_NAMES })
  @IsIn(SOURCE_NAMES)
  name!: string;

  @ApiProperty({ enum: ['ok', 'skipped', 'failed', 'timedOut'] })
  @IsIn(['ok', 'skipped', 'failed', 'timedOut'])
  status!: string;

  @ApiProperty()
  @IsBoolean()
  failOpen!: boolean;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  quota!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  fetched!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  kept!: number;

  @ApiProperty()
  @IsNumber()
  ms!: number;
}

/** One stage's time and counts; which ids a filter removed is never sent (it could name a hidden or blocking member). */
export class StepTraceDto {
  @ApiProperty({ enum: ['context', 'fetch', 'merge', 'filter', 'reranker', 'page'] })
  @IsIn(['context', 'fetch', 'merge', 'filter', 'reranker', 'page'])
  kind!: string;

  @ApiProperty()
  @IsString()
  name!: string;

  @ApiProperty()
  @IsNumber()
  ms!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  countIn!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  countOut!: number;

  @ApiProperty({ type: 'integer' })
  @IsInt()
  removed!: number;
}

export class RequestTraceDto {
  @ApiProperty()
  @IsString()
  pipeline!: string;

  @ApiProperty()
  @IsNumber()
  totalMs!: number;

  @ApiProperty({ type: [SourceTraceDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SourceTraceDto)
  sources!: SourceTraceDto[];

  @ApiProperty({ type: [StepTraceDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StepTraceDto)
  steps!: StepTraceDto[];

  @ApiProperty({ enum: SOURCE_NAMES, isArray: true })
  @IsArray()
  @IsIn(SOURCE_NAMES, { each: true })
  failedSources!: string[];
}

export class DiscoveryExplanationDto {
  @ApiProperty({ type: [ItemExplanationDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemExplanationDto)
  items!: ItemExplanationDto[];

  @ApiProperty({ type: RequestTraceDto })
  @ValidateNested()
  @Type(() => RequestTraceDto)
  request!: RequestTraceDto;
}

export class DiscoveryFeedDto {
  @ApiProperty({ description: 'the x-request-id of the request; events about this page may quote it' })
  @IsString()
  requestId!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @IsInt()
  @Min(1)
  page!: number;

  @ApiProperty({ type: [DiscoveryMemberDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DiscoveryMemberDto)
  items!: DiscoveryMemberDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass it back as `cursor` for the next page; null at the end of the feed',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  nextCursor!: string | null;

  @ApiProperty({
    description:
      'true when the page was served without a dependency: the engine (a page from the in-memory fallback of ' +
      'recently active members, one page only), Redis (no real-time signals) or a candidate source that failed',
  })
  @IsBoolean()
  degraded!: boolean;

  @ApiProperty({
    type: [String],
    example: ['networking-exposure-boost:boost-0-9'],
    description:
      'the experiment variants that shaped this page, `experiment:variant` (or `layer:holdout` for a member held ' +
      'out of a layer); empty when none did',
  })
  @IsArray()
  @IsString({ each: true })
  experiments!: string[];

  @ApiPropertyOptional({ type: DiscoveryExplanationDto, description: 'with `explain=true`' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DiscoveryExplanationDto)
  explanation?: DiscoveryExplanationDto;
}

/** One served member, field by field from the public ones: nothing else of the candidate is copied. */
export function toDiscoveryMemberDto(
  candidate: Candidate<MemberCandidate>,
  context: DiscoveryContext,
): DiscoveryMemberDto {
  const member = candidate.item;
  return {
    id: member.id,
    displayName: member.displayName,
    headline: member.headline,
    professions: [...member.professions],
    industries: [...member.industries],
    city: member.city,
    distance: distanceBucket(distanceKm(context.viewer.location, member.location)),
    mutualConnections: context.mutualConnections.get(member.id) ?? 0,
    sharedInterests: shared(context.viewer.interests, member.interests),
    reasons: [...candidate.explanation.reasons],
  };
}

/** The response of one page; with `contextMs` when explaining (the context is loaded before the pipeline runs). */
export function toDiscoveryFeedDto(
  result: PipelineResult<MemberCandidate>,
  context: DiscoveryContext,
  contextMs: number,
  experiments: readonly string[] = [],
): DiscoveryFeedDto {
  const dto: DiscoveryFeedDto = {
    requestId: result.requestId,
    page: result.page,
    items: result.items.map((c) => toDiscoveryMemberDto(c, context)),
    nextCursor: result.nextCursor,
    degraded: context.signalsUnavailable === true || result.trace.failedSources.length > 0,
    experiments: [...experiments],
  };
  const explanation = result.explanation;
  if (explanation) {
    const trace = explanation.request;
    dto.explanation = {
      items: explanation.items.map((item) => ({
        id: item.id,
        position: item.position,
        sources: [...item.sources],
        engineScore: item.engineScore,
        score: item.score,
        adjustments: item.adjustments.map((a) => ({ ...a })),
        reasons: [...item.reasons],
      })),
      request: {
        pipeline: trace.pipeline,
        totalMs: trace.totalMs + contextMs,
        sources: trace.sources.map(({ name, status, failOpen, quota, fetched, kept, ms }) => ({
          name,
          status,
          failOpen,
          quota,
          fetched,
          kept,
          ms,
        })),
        steps: [
          { kind: 'context', name: 'Context', ms: contextMs, countIn: 0, countOut: 0, removed: 0 },
          ...trace.steps.map(({ kind, name, ms, countIn, countOut, removed }) => ({
            kind,
            name,
            ms,
            countIn,
            countOut,
            removed,
          })),
        ],
        failedSources: [...trace.failedSources],
      },
    };
  }
  return dto;
}
