import { CATALOG_VALIDATOR_OPTIONS, FieldError, flattenValidationErrors } from '@app/catalog';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { InvalidInputException } from './api-error';

const NOT_AN_OBJECT: FieldError = { field: '', message: 'the request body must be a JSON object' };

/**
 * The request validation of every route: class-validator DTOs, unknown fields refused, values converted to the DTO
 * classes. A refusal is a 400 naming each field (`events[3].target.kind`) and its problem. A body that is not a JSON
 * object (missing, an array, a string) is refused as such, before its "fields" are looked at.
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      ...CATALOG_VALIDATOR_OPTIONS,
      transform: true,
      validateCustomDecorators: true,
      // Values are what JSON gave; no "123" → 123 guessing.
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors: ValidationError[]) => new InvalidInputException(toFieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isBody = metadata.type === 'body' || metadata.type === 'custom';
    if (isBody && metadata.metatype && this.toValidate(metadata) && !isPlainObject(value)) {
      throw new InvalidInputException([NOT_AN_OBJECT]);
    }
    return super.transform(value, metadata);
  }
}

/** class-validator's tree as field errors, array positions written as `[i]`. */
export function toFieldErrors(errors: ValidationError[]): FieldError[] {
  if (errors.some((e) => e.constraints?.unknownValue !== undefined)) return [NOT_AN_OBJECT];
  return flattenValidationErrors(errors).map((error) => {
    const field = bracketIndices(error.field);
    // class-validator's words for a nested item that is not an object
    if (error.message.includes('nested property'))
      return { field, message: `${field} must be a JSON object` };
    return { field, message: error.message.replace(error.field, field) };
  });
}

/** `events.3.type` → `events[3].type`. */
export function bracketIndices(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
