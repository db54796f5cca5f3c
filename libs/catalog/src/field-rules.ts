import {
  IsISO31661Alpha2,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidationArguments,
  ValidationOptions,
  buildMessage,
  isISO8601,
} from 'class-validator';
import { EMBEDDING_DIMENSION, ENTITY_ID_PATTERN } from './vocabulary';

/**
 * Field rules shared by the catalog's DTOs, as class-validator decorators. Messages start with `$property` so that
 * the validators (and NestJS's ValidationPipe) can prefix the parent path: `location.lat must not be ...`.
 */

export function isEntityId(value: unknown): value is string {
  return typeof value === 'string' && ENTITY_ID_PATTERN.test(value);
}

export function IsEntityId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEntityId',
      validator: {
        validate: (value: unknown) => isEntityId(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be 1 to 64 characters among letters, digits, '_' and '-'`,
          options,
        ),
      },
    },
    options,
  );
}

/** Why an embedding is refused, or undefined when it is fine. */
export function embeddingProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `must be an array of ${EMBEDDING_DIMENSION} numbers`;
  if (value.length !== EMBEDDING_DIMENSION) {
    return `must have exactly ${EMBEDDING_DIMENSION} numbers (got ${value.length})`;
  }
  let allZero = true;
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    // The engine stores float32: a double beyond float32's range would become infinity there.
    if (typeof element !== 'number' || !Number.isFinite(Math.fround(element))) {
      return `must contain only finite numbers (element ${i} is ${JSON.stringify(element) ?? String(element)})`;
    }
    if (element !== 0) allZero = false;
  }
  // Cosine similarity is undefined for the zero vector; the engine refuses it in a cosinesimil field.
  if (allZero) return 'must not be all zeros';
  return undefined;
}

export function IsEmbedding(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmbedding',
      validator: {
        validate: (value: unknown) => embeddingProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => `$property ${embeddingProblem(args?.value)}`,
      },
    },
    options,
  );
}

/** A date-time with a time zone, as the engine's default date format (strict_date_optional_time) reads it. */
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && TIMESTAMP_PATTERN.test(value) && isISO8601(value, { strict: true });
}

export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value: unknown) => isTimestamp(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be an ISO 8601 date-time with a time zone, e.g. 2025-05-01T12:00:00Z`,
          options,
        ),
      },
    },
    options,
  );
}

/** The timestamp is not earlier than another timestamp field of the same object (e.g. updatedAt ≥ createdAt). */
export function IsNotBefore(otherField: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBefore',
      constraints: [otherField],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const other = (args?.object as Record<string, unknown> | undefined)?.[otherField];
          // Malformed timestamps are reported by IsTimestamp; compare only two good ones.
          if (!isTimestamp(value) || !isTimestamp(other)) return true;
          return Date.parse(value) >= Date.parse(other);
        },
        defaultMessage: buildMessage(
          (each) => `${each}$property must not be earlier than ${otherField}`,
          options,
        ),
      },
    },
    options,
  );
}

/** Several property decorators as one (class-validator runs each as if written on the property). */
function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

const COUNTRY_MESSAGE = '$property must be an upper-case ISO 3166-1 alpha-2 country code, e.g. PT';

/** A country as an upper-case ISO 3166-1 alpha-2 code (`PT`). */
export function IsCountryCode(): PropertyDecorator {
  return allOf(
    IsISO31661Alpha2({ message: COUNTRY_MESSAGE }),
    Matches(/^[A-Z]{2}$/, { message: COUNTRY_MESSAGE }),
  );
}

/** A city's name: 1 to 100 characters. */
export function IsCityName(): PropertyDecorator {
  return allOf(IsString(), Length(1, 100));
}
