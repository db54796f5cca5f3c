import { FieldError } from '@app/catalog';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';

/** Most items in one catalog batch. */
export const CATALOG_BATCH_MAX_ITEMS = 1_000;

/**
 * The body of `POST /v1/catalog/places:batch` (and members): items are validated one by one by the service, so that
 * good items are stored and each bad one is reported, instead of one bad item failing the batch.
 */
export class CatalogBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CATALOG_BATCH_MAX_ITEMS)
  items!: unknown[];
}

/**
 * What happened to one item: `invalid` (refused by validation, nothing written), `failed` (the engine did not take
 * it; a 503 may be retried), otherwise what the engine did. `status` is the HTTP status the item would have had alone.
 */
export type ItemOutcome = 'created' | 'updated' | 'deleted' | 'not_found' | 'exists' | 'invalid' | 'failed';

export interface ItemResult {
  /** position in the request's items */
  index: number;
  /** the item's id, when it had a usable one */
  id?: string;
  status: number;
  result: ItemOutcome;
  errors?: FieldError[];
}

export interface BatchResult {
  /** items written (created or updated) */
  stored: number;
  /** items refused or not written */
  failed: number;
  items: ItemResult[];
}

/** The answer to a single write: the id and what happened. */
export interface WriteAnswer {
  id: string;
  result: ItemOutcome;
}

/** The answer to a relationship write. */
export interface RelationAnswer extends WriteAnswer {
  kind: 'block' | 'connection';
  a: string;
  b: string;
}
