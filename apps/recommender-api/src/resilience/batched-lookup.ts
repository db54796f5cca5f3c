/**
 * Look-ups by id, batched: the ids asked for within one turn of the event loop (the requests that arrived together)
 * are read with one call of `readMany` (one `_mget`), at most `maxBatch` ids a call; an id already being read is not
 * read twice, its callers share the answer. A failed read fails every caller of that batch, and nothing is kept:
 * caching is the ProfileCache's job, in front of this.
 */
export class BatchedLookup<V> {
  private queued = new Map<string, Waiter<V>[]>();
  private readonly inFlight = new Map<string, Promise<V | undefined>>();
  private scheduled = false;

  constructor(
    private readonly readMany: (ids: string[]) => Promise<ReadonlyMap<string, V>>,
    private readonly maxBatch = 100,
  ) {}

  load(id: string): Promise<V | undefined> {
    const reading = this.inFlight.get(id);
    if (reading) return reading;
    const promise = new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.queued.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.queued.set(id, [{ resolve, reject }]);
    });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  private flush(): void {
    this.scheduled = false;
    const queued = this.queued;
    this.queued = new Map();
    const ids = [...queued.keys()];
    for (let start = 0; start < ids.length; start += this.maxBatch) {
      this.read(ids.slice(start, start + this.maxBatch), queued);
    }
  }

  private read(ids: string[], queued: ReadonlyMap<string, Waiter<V>[]>): void {
    const batch = this.readMany(ids);
    for (const id of ids) {
      const answer = batch.then((found) => found.get(id));
      this.inFlight.set(id, answer);
      answer.then(
        (value) => queued.get(id)!.forEach((waiter) => waiter.resolve(value)),
        (error: unknown) => queued.get(id)!.forEach((waiter) => waiter.reject(error)),
      );
      const done = () => {
        if (this.inFlight.get(id) === answer) this.inFlight.delete(id);
      };
      answer.then(done, done);
    }
  }
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}
