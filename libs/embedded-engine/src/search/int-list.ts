/**
 * How much growable arrays grow when full: 1.5 rather than 2 keeps the unused tail of a large column (a third at
 * worst) in check, at the price of a few more copies while an index grows.
 */
const GROWTH = 1.5;

/** A growable Int32Array: append-only lists of doc ids, frequencies and positions without per-item allocation. */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(Math.ceil(this.data.length * GROWTH));
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
  while (capacity < size) capacity = Math.ceil(capacity * GROWTH);
  const grown = new (array.constructor as new (n: number) => T)(capacity);
  grown.set(array);
  return grown;
}

/** Entries a CompactIntList keeps in a plain array before it moves them to an Int32Array. */
const SMALL_LIST = 48;

/**
 * An append-only int list sized for postings: most terms of a catalog are rare, so a list starts as a plain array
 * (a few dozen bytes) and moves to an Int32Array (4 bytes an entry, against 8 in an array) once it grows.
 */
export class CompactIntList {
  private small: number[] | undefined = [];
  private large: IntList | undefined;

  get length(): number {
    return this.small ? this.small.length : (this.large as IntList).length;
  }

  push(value: number): void {
    if (this.small) {
      this.small.push(value);
      if (this.small.length > SMALL_LIST) {
        this.large = new IntList(SMALL_LIST * 2);
        for (const v of this.small) this.large.push(v);
        this.small = undefined;
      }
      return;
    }
    (this.large as IntList).push(value);
  }

  get(i: number): number {
    return this.small ? this.small[i] : (this.large as IntList).get(i);
  }
}
