import { isEntityId } from '@app/catalog';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputException } from './api-error';

/** A path parameter that names a place or a member: refused with a 400 naming the parameter when malformed. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isEntityId(value)) return value;
    const name = metadata.data ?? 'id';
    throw new InvalidInputException([
      { field: name, message: `${name} must be 1 to 64 characters among letters, digits, '_' and '-'` },
    ]);
  }
}
