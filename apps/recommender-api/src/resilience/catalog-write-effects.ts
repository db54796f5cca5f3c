import { PlaceEmbeddingCache } from '@app/search';
import { Injectable } from '@nestjs/common';
import { FeedFallbackStore } from './feed-fallback.store';
import { ProfileCache } from './profile-cache';

/**
 * What a catalog write through this instance changes outside the engine: cached profiles of the members and cached
 * embeddings of the places written go stale, and a block must hold in the feeds' fallback before its next refresh
 * reads it from the engine.
 */
@Injectable()
export class CatalogWriteEffects {
  constructor(
    private readonly profiles: ProfileCache,
    private readonly fallback: FeedFallbackStore,
    private readonly embeddings: PlaceEmbeddingCache,
  ) {}

  membersChanged(ids: readonly string[]): void {
    this.profiles.invalidate(ids);
  }

  placesChanged(ids: readonly string[]): void {
    this.embeddings.forget(ids);
  }

  /** `a` blocked `b` (a block hides both from each other). */
  blocked(a: string, b: string): void {
    this.fallback.noteBlock(a, b);
  }
}
