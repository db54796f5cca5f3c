import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, ValidatorOptions, validateSync } from 'class-validator';
import { Member, MemberDto } from './member.dto';
import { MemberEdge, MemberEdgeDto } from './member-edge.dto';
import { Place, PlaceDto } from './place.dto';

/** The options the catalog's DTOs are meant for; the API's ValidationPipe uses the same (whitelist, forbid unknown). */
export const CATALOG_VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};

/** One problem of one field; `field` is the dotted path (`location.lat`), '' for the item itself. */
export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates one untrusted item (a batch element, a parsed body) against a DTO class. */
export function validateWith<T extends object>(
  dto: ClassConstructor<T>,
  input: unknown,
): ValidationResult<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'the item must be a JSON object' }] };
  }
  const instance = plainToInstance(dto, input);
  const errors = validateSync(instance, CATALOG_VALIDATOR_OPTIONS);
  if (errors.length > 0) return { ok: false, errors: flattenValidationErrors(errors) };
  return { ok: true, value: instance };
}

export function validatePlace(input: unknown): ValidationResult<Place> {
  return validateWith(PlaceDto, input);
}

export function validateMember(input: unknown): ValidationResult<Member> {
  return validateWith(MemberDto, input);
}

export function validateMemberEdge(input: unknown): ValidationResult<MemberEdge> {
  return validateWith(MemberEdgeDto, input);
}

/** class-validator's error tree as one list, each message naming the field by its full path. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const message = firstRuleBroken(error.constraints ?? {});
    if (message !== undefined) out.push({ field, message: nameField(message, error.property, field) });
    // A field that is itself wrong (e.g. not an object) has no useful errors below it.
    else if (error.children) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * One message per field: the rule written first on the property (e.g. "must be a number" rather than also "must not
 * be less than 0"). Decorators run bottom-up, so that is the last constraint recorded; the generic "nested property
 * must be either object or array" only when nothing else is said.
 */
function firstRuleBroken(constraints: Record<string, string>): string | undefined {
  const names = Object.keys(constraints);
  const specific = names.filter((name) => name !== 'nestedValidation');
  const chosen = specific.length > 0 ? specific[specific.length - 1] : names[0];
  return chosen === undefined ? undefined : constraints[chosen];
}

/** "lat must not be greater than 90" → "location.lat must not be greater than 90". */
function nameField(message: string, property: string, field: string): string {
  if (property === field) return message;
  const escaped = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`\\b${escaped}\\b`), field);
}
