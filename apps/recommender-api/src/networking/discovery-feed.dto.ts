import 'reflect-metadata';
import { IsEntityId, MEMBER_INDUSTRIES } from '@app/catalog';
import { Candidate, PipelineResult } from '@app/pipeline';
import { MemberCandidate } from '@app/search';
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
  /** Page size, 1 to 50 (default 20). */
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  /** The previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(8_192)
  cursor?: string;

  /** Adds `explanation`: per item its sources, engine score, re-ranker adjustments; per request stage timings. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  explain?: boolean;
}

export class DiscoveryMemberDto {
  @IsEntityId()
  id!: string;

  @IsString()
  displayName!: string;

  @IsString()
  headline!: string;

  @IsArray()
  @IsString({ each: true })
  professions!: string[];

  @IsArray()
  @IsIn(MEMBER_INDUSTRIES, { each: true })
  industries!: string[];

  @IsString()
  city!: string;

  /** How far they are, coarsely; never a number. */
  @IsIn(DISTANCE_BUCKETS)
  distance!: DistanceBucket;

  @IsInt()
  @Min(0)
  mutualConnections!: number;

  /** Interests both list, in the viewer's order. */
  @IsArray()
  @IsString({ each: true })
  sharedInterests!: string[];

  /** Human reasons, e.g. "3 mutual connections", "You both work in film", "New here". */
  @IsArray()
  @IsString({ each: true })
  reasons!: string[];
}

export class AdjustmentDto {
  @IsString()
  reranker!: string;

  @IsNumber()
  scoreBefore!: number;

  @IsNumber()
  scoreAfter!: number;

  @IsNumber()
  scoreDelta!: number;

  @IsInt()
  rankBefore!: number;

  @IsInt()
  rankAfter!: number;
}

export class ItemExplanationDto {
  @IsEntityId()
  id!: string;

  /** 1-based position in the whole feed. */
  @IsInt()
  @Min(1)
  position!: number;

  @IsArray()
  @IsIn(SOURCE_NAMES, { each: true })
  sources!: string[];

  /** The first-pass score (members-mutual-score-v1). */
  @IsNumber()
  engineScore!: number;

  @IsNumber()
  score!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AdjustmentDto)
  adjustments!: AdjustmentDto[];

  @IsArray()
  @IsString({ each: true })
  reasons!: string[];
}

export class SourceTraceDto {
  @IsIn(SOURCE_NAMES)
  name!: string;

  @IsIn(['ok', 'skipped', 'failed', 'timedOut'])
  status!: string;

  @IsBoolean()
  failOpen!: boolean;

  @IsInt()
  quota!: number;

  @IsInt()
  fetched!: number;

  @IsInt()
  kept!: number;

  @IsNumber()
  ms!: number;
}

/** One stage's time and counts; which ids a filter removed is never sent (it could name a hidden or blocking member). */
export class StepTraceDto {
  @IsIn(['context', 'fetch', 'merge', 'filter', 'reranker', 'page'])
  kind!: string;

  @IsString()
  name!: string;

  @IsNumber()
  ms!: number;

  @IsInt()
  countIn!: number;

  @IsInt()
  countOut!: number;

  @IsInt()
  removed!: number;
}

export class RequestTraceDto {
  @IsString()
  pipeline!: string;

  @IsNumber()
  totalMs!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SourceTraceDto)
  sources!: SourceTraceDto[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StepTraceDto)
  steps!: StepTraceDto[];

  @IsArray()
  @IsIn(SOURCE_NAMES, { each: true })
  failedSources!: string[];
}

export class DiscoveryExplanationDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemExplanationDto)
  items!: ItemExplanationDto[];

  @ValidateNested()
  @Type(() => RequestTraceDto)
  request!: RequestTraceDto;
}

export class DiscoveryFeedDto {
  @IsString()
  requestId!: string;

  @IsInt()
  @Min(1)
  page!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DiscoveryMemberDto)
  items!: DiscoveryMemberDto[];

  /** Pass it back as `cursor` for the next page; null at the end of the feed. */
  @ValidateIf((_, value) => value !== null)
  @IsString()
  nextCursor!: string | null;

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
): DiscoveryFeedDto {
  const dto: DiscoveryFeedDto = {
    requestId: result.requestId,
    page: result.page,
    items: result.items.map((c) => toDiscoveryMemberDto(c, context)),
    nextCursor: result.nextCursor,
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
