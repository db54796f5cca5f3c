/**
 * The best `size` hits by score (ties: lower shard, then lower doc id first, as Lucene's TopScoreDocCollector and the
 * shard merge order them), kept in a bounded heap whose root is the worst hit kept: no object per matching document.
 */
export class TopScoreHits {
  private readonly scores: Float64Array;
  private readonly shards: Int32Array;
  private readonly docs: Int32Array;
  private count = 0;

  constructor(private readonly size: number) {
    this.scores = new Float64Array(size);
    this.shards = new Int32Array(size);
    this.docs = new Int32Array(size);
  }

  /** a ranks after b (is worse). */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    if (sa !== sb) return sa < sb;
    if (this.shards[a] !== this.shards[b]) return this.shards[a] > this.shards[b];
    return this.docs[a] > this.docs[b];
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const h = this.shards[a];
    this.shards[a] = this.shards[b];
    this.shards[b] = h;
    const d = this.docs[a];
    this.docs[a] = this.docs[b];
    this.docs[b] = d;
  }

  offer(score: number, shard: number, doc: number): void {
    if (this.size === 0) return;
    if (this.count < this.size) {
      let i = this.count++;
      this.scores[i] = score;
      this.shards[i] = shard;
      this.docs[i] = doc;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    // Compare with the worst kept hit (the root); hits arrive in (shard, doc) order, so an equal score never wins.
    const root = this.scores[0];
    if (
      score < root ||
      (score === root && (shard > this.shards[0] || (shard === this.shards[0] && doc > this.docs[0])))
    ) {
      return;
    }
    this.scores[0] = score;
    this.shards[0] = shard;
    this.docs[0] = doc;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.count && this.worse(left, worst)) worst = left;
      if (right < this.count && this.worse(right, worst)) worst = right;
      if (worst === i) break;
      this.swap(i, worst);
      i = worst;
    }
  }

  /** The kept hits, best first. */
  sorted(): { score: number; shard: number; doc: number }[] {
    const out = [];
    for (let i = 0; i < this.count; i++)
      out.push({ score: this.scores[i], shard: this.shards[i], doc: this.docs[i] });
    out.sort((a, b) => b.score - a.score || a.shard - b.shard || a.doc - b.doc);
    return out;
  }
}
