/** A growable Int32Array: append-only lists of doc ids, frequencies and positions without per-item allocation. */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** A view of the values (valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Grows a typed array to hold at least `size` items (doubling), keeping its contents. */
export function ensureCapacity<T extends Int32Array | Float64Array | Float32Array | Uint8Array>(
  array: T,
  size: number,
): T {
  if (size <= array.length) return array;
  let capacity = Math.max(16, array.length);
  while (capacity < size) capacity *= 2;
  const grown = new (array.constructor as new (n: number) => T)(capacity);
  grown.set(array);
  return grown;
}
