import 'reflect-metadata';
import { ENTITY_ID_PATTERN, IsEntityId, IsTimestamp } from '@app/catalog';
import {
  SCENARIOS,
  Scenario,
  SIGNAL_EVENT_TYPES,
  SignalEventType,
  TARGET_KINDS,
  TargetKind,
} from '@app/signals';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';

/** Most events in one request. */
export const EVENTS_BATCH_MAX = 500;
/** How far in the future an event time may be (clock skew between the apps and us). */
export const EVENT_MAX_FUTURE_MS = 5 * 60_000;

export class EventTargetDto {
  @ApiProperty({ enum: TARGET_KINDS })
  @IsIn(TARGET_KINDS)
  kind!: TargetKind;

  @ApiProperty({ pattern: ENTITY_ID_PATTERN.source, description: 'the place or member acted on' })
  @IsEntityId()
  id!: string;
}

export class EventContextDto {
  @ApiPropertyOptional({ enum: SCENARIOS })
  @IsOptional()
  @IsIn(SCENARIOS)
  scenario?: Scenario;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 128,
    description: 'the requestId of the feed page the member acted from',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  requestId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10_000,
    description: 'where the target was in that feed',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

function IsNotInTheFuture(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotInTheFuture',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || !(Date.parse(value) > Date.now() + EVENT_MAX_FUTURE_MS),
      defaultMessage: () => '$property must not be more than 5 minutes in the future',
    },
  });
}

function IsNotSelf(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotSelf',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const event = args?.object as InteractionEventDto | undefined;
        const target = value as EventTargetDto | undefined;
        return !(target?.kind === 'member' && target.id === event?.memberId);
      },
      defaultMessage: () => '$property must not be the acting member',
    },
  });
}

/**
 * One interaction, as the apps report it. `id` is the idempotency key (per acting member): the same id again counts
 * once. Target categories are not taken from the client: the service reads them from the catalog.
 */
export class InteractionEventDto {
  @ApiProperty({
    pattern: '^[A-Za-z0-9_.:-]{1,128}$',
    description: 'idempotency key (per acting member): the same id again counts once',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,128}$/, {
    message: "$property must be 1 to 128 characters among letters, digits, '_', '.', ':' and '-'",
  })
  id!: string;

  @ApiProperty({ enum: SIGNAL_EVENT_TYPES })
  @IsIn(SIGNAL_EVENT_TYPES)
  type!: SignalEventType;

  @ApiProperty({ pattern: ENTITY_ID_PATTERN.source, description: 'the acting member' })
  @IsEntityId()
  memberId!: string;

  @ApiProperty({ type: EventTargetDto, description: 'not the acting member' })
  @IsObject()
  @ValidateNested()
  @Type(() => EventTargetDto)
  @IsNotSelf()
  target!: EventTargetDto;

  @ApiProperty({
    format: 'date-time',
    description: 'when it happened, ISO 8601 with a time zone, at most 5 minutes in the future',
    example: '2025-06-01T10:00:00Z',
  })
  @IsTimestamp()
  @IsNotInTheFuture()
  at!: string;

  @ApiPropertyOptional({ type: EventContextDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EventContextDto)
  context?: EventContextDto;
}

/** The body of `POST /v1/events`. Every event is validated; any invalid one refuses the batch (nothing recorded). */
export class EventsBatchDto {
  @ApiProperty({ type: [InteractionEventDto], minItems: 1, maxItems: EVENTS_BATCH_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENTS_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => InteractionEventDto)
  // an element that is an array would pass nested validation with nothing to check (class-validator walks it as a
  // collection): made a non-object, it is refused by position, as a string or a number is ("events[3] must be a JSON
  // object")
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((e: unknown) => (Array.isArray(e) ? 'an array' : e)) : value,
  )
  events!: InteractionEventDto[];
}

export class EventsAnswer {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'events applied now' })
  recorded!: number;

  @ApiProperty({
    type: [String],
    description: 'ids of events already recorded before (or twice in this batch): they changed nothing',
  })
  duplicates!: string[];
}
