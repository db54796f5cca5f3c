/**
 * The k best (score, doc) pairs of a stream, in a bounded binary min-heap over two typed arrays: no allocation per
 * offer. Ties go to the lower doc id, as Lucene's HitQueue keeps them (`lessThan`: equal scores → the higher doc is
 * the lesser), so offering docs in ascending order and replacing the root only on a strictly greater score gives
 * Lucene's top k.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly docs: Int32Array;
  size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 1));
    this.docs = new Int32Array(Math.max(k, 1));
  }

  /** The smallest score kept once the heap is full (a doc must beat it), else -Infinity. */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  /** Offers a doc; docs must come in ascending order for ties to resolve as Lucene's. */
  offer(doc: number, score: number): void {
    if (this.size < this.k) {
      this.push(doc, score);
    } else if (score > this.scores[0]) {
      this.scores[0] = score;
      this.docs[0] = doc;
      this.siftDown(0);
    }
  }

  /** Offers a doc arriving in any order (ties still resolve to the lower doc id). */
  offerUnordered(doc: number, score: number): void {
    if (this.size < this.k) {
      this.push(doc, score);
    } else if (score > this.scores[0] || (score === this.scores[0] && doc < this.docs[0])) {
      this.scores[0] = score;
      this.docs[0] = doc;
      this.siftDown(0);
    }
  }

  /** The kept docs ascending by doc id, with their scores (float32). */
  toDocOrder(): { docs: Int32Array; scores: Float32Array } {
    const n = this.size;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const docs = this.docs;
    order.sort((a, b) => docs[a] - docs[b]);
    const outDocs = new Int32Array(n);
    const outScores = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      outDocs[i] = docs[order[i]];
      outScores[i] = this.scores[order[i]];
    }
    return { docs: outDocs, scores: outScores };
  }

  /** a is worse than b: lower score, or the same score and a higher doc. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa < sb || (sa === sb && this.docs[a] > this.docs[b]);
  }

  private push(doc: number, score: number): void {
    let i = this.size++;
    this.scores[i] = score;
    this.docs[i] = doc;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const child = r < n && this.worse(r, l) ? r : l;
      if (!this.worse(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const d = this.docs[a];
    this.docs[a] = this.docs[b];
    this.docs[b] = d;
  }
}
