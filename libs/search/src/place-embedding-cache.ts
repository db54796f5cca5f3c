/**
 * Place embeddings by place id, so that a feed's searches need not carry 64 numbers per hit: the sources ask the
 * engine for the other fields, and the embeddings the re-rankers compare come from here, the missing ones read with
 * one `_mget` (PlaceSearch#search). An embedding changes only when its place is written again: writes through this
 * instance forget it at once, writes through another instance show after `ttlMs` at most.
 *
 * The oldest entries leave first once `capacity` is reached (first in, first out: a read does not reorder, so that the
 * few hundred reads of a feed request cost a map look-up each).
 */
export class PlaceEmbeddingCache {
  private readonly entries = new Map<string, { embedding: readonly number[]; expiresAt: number }>();

  constructor(
    readonly capacity: number,
    readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(id: string): readonly number[] | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.embedding;
  }

  set(id: string, embedding: readonly number[]): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, { embedding, expiresAt: this.clock() + this.ttlMs });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** These places were written: their next look-up reads the engine. */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
