import { FieldError } from '@app/catalog';
import { Type } from '@nestjs/common';
import { ApiBodyOptions, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { FieldErrorDto } from '../openapi/api-error.schemas';

/** Most items in one catalog batch. */
export const CATALOG_BATCH_MAX_ITEMS = 1_000;

/**
 * The body of `POST /v1/catalog/places:batch` (and members): items are validated one by one by the service, so that
 * good items are stored and each bad one is reported, instead of one bad item failing the batch.
 */
export class CatalogBatchDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    minItems: 1,
    maxItems: CATALOG_BATCH_MAX_ITEMS,
    description: 'places (or members), each as the body of a single PUT',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CATALOG_BATCH_MAX_ITEMS)
  items!: unknown[];
}

/** The OpenAPI body of a batch of places or of members: CatalogBatchDto, with the type of its items. */
export function catalogBatchBody(item: Type): ApiBodyOptions {
  return {
    schema: {
      type: 'object',
      required: ['items'],
      properties: {
        items: {
          type: 'array',
          minItems: 1,
          maxItems: CATALOG_BATCH_MAX_ITEMS,
          items: { $ref: getSchemaPath(item) },
          description: 'each item is validated alone: good items are stored, each bad one is reported',
        },
      },
    },
  };
}

/**
 * What happened to one item: `invalid` (refused by validation, nothing written), `failed` (the engine did not take
 * it; a 503 may be retried), otherwise what the engine did. `status` is the HTTP status the item would have had alone.
 */
export const ITEM_OUTCOMES = [
  'created',
  'updated',
  'deleted',
  'not_found',
  'exists',
  'invalid',
  'failed',
] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

export class ItemResult {
  @ApiProperty({ type: 'integer', minimum: 0, description: "position in the request's items" })
  index!: number;

  @ApiPropertyOptional({ description: "the item's id, when it had a usable one" })
  id?: string;

  @ApiProperty({ type: 'integer', description: 'the HTTP status the item would have had alone' })
  status!: number;

  @ApiProperty({ enum: ITEM_OUTCOMES })
  result!: ItemOutcome;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'why an invalid or failed item was not written',
  })
  errors?: FieldError[];
}

export class BatchResult {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'items written (created or updated)' })
  stored!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'items refused or not written' })
  failed!: number;

  @ApiProperty({ type: [ItemResult], description: 'one per item, in the order of the request' })
  items!: ItemResult[];
}

/** The answer to a single write: the id and what happened. */
export class WriteAnswer {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ITEM_OUTCOMES })
  result!: ItemOutcome;
}

/** The answer to a relationship write. */
export class RelationAnswer extends WriteAnswer {
  @ApiProperty({ enum: ['block', 'connection'] })
  kind!: 'block' | 'connection';

  @ApiProperty({ description: 'the member who blocked, or the smaller id of a connection' })
  a!: string;

  @ApiProperty()
  b!: string;
}
