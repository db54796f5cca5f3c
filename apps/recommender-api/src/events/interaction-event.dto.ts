import 'reflect-metadata';
import { IsEntityId, IsTimestamp } from '@app/catalog';
import {
  SCENARIOS,
  Scenario,
  SIGNAL_EVENT_TYPES,
  SignalEventType,
  TARGET_KINDS,
  TargetKind,
} from '@app/signals';
import { Type } from 'class-transformer';
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
  @IsIn(TARGET_KINDS)
  kind!: TargetKind;

  @IsEntityId()
  id!: string;
}

export class EventContextDto {
  @IsOptional()
  @IsIn(SCENARIOS)
  scenario?: Scenario;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  requestId?: string;

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
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,128}$/, {
    message: "$property must be 1 to 128 characters among letters, digits, '_', '.', ':' and '-'",
  })
  id!: string;

  @IsIn(SIGNAL_EVENT_TYPES)
  type!: SignalEventType;

  @IsEntityId()
  memberId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => EventTargetDto)
  @IsNotSelf()
  target!: EventTargetDto;

  /** when it happened, ISO 8601 with a time zone */
  @IsTimestamp()
  @IsNotInTheFuture()
  at!: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EventContextDto)
  context?: EventContextDto;
}

/** The body of `POST /v1/events`. Every event is validated; any invalid one refuses the batch (nothing recorded). */
export class EventsBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENTS_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => InteractionEventDto)
  events!: InteractionEventDto[];
}

export interface EventsAnswer {
  /** events applied now */
  recorded: number;
  /** ids of events already recorded before (or twice in this batch): they changed nothing */
  duplicates: string[];
}
