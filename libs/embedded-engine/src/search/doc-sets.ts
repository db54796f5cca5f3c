import { DocSet, EMPTY_DOC_SET } from './types';
import { IndexReader } from './index-reader';

/** Every live document of `docs` (ascending, possibly with deleted ones) with one constant score. */
export function constantDocSet(reader: IndexReader, docs: Int32Array, score: number): DocSet {
  let n = 0;
  const out = new Int32Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (reader.isLive(d) && (n === 0 || out[n - 1] !== d)) out[n++] = d;
  }
  const kept = out.subarray(0, n);
  return { docs: kept, scores: new Float32Array(n).fill(score) };
}

/** The live documents for which `predicate` holds, with one constant score: a doc-values scan. */
export function scanDocSet(reader: IndexReader, score: number, predicate: (doc: number) => boolean): DocSet {
  const live = reader.liveDocs();
  const out = new Int32Array(live.length);
  let n = 0;
  for (let i = 0; i < live.length; i++) if (predicate(live[i])) out[n++] = live[i];
  return { docs: out.subarray(0, n), scores: new Float32Array(n).fill(score) };
}

/**
 * Sorted union of several doc-id lists (each ascending). With `maxDoc` and lists that together cover a good share
 * of it, a pass over a bitmap of doc ids instead of a sort.
 */
export function unionDocs(lists: Int32Array[], maxDoc?: number): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  if (lists.length === 1) return lists[0];
  const total = lists.reduce((n, l) => n + l.length, 0);
  if (maxDoc !== undefined && total * 8 > maxDoc) {
    const seen = new Uint8Array(maxDoc);
    for (const l of lists) for (let i = 0; i < l.length; i++) seen[l[i]] = 1;
    const out = new Int32Array(Math.min(total, maxDoc));
    let n = 0;
    for (let d = 0; d < maxDoc; d++) if (seen[d] === 1) out[n++] = d;
    return out.subarray(0, n);
  }
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  return sortedUnique(all);
}

/** The doc ids of `docs` ascending, each once (sorts `docs` in place). */
export function sortedUnique(docs: Int32Array): Int32Array {
  docs.sort();
  let n = 0;
  for (let i = 0; i < docs.length; i++) if (n === 0 || docs[n - 1] !== docs[i]) docs[n++] = docs[i];
  return docs.subarray(0, n);
}

/** The scores of `set` multiplied by a boost, in float32 (Lucene's BoostQuery folds the boost into the weight). */
export function boosted(set: DocSet, boost: number): DocSet {
  if (boost === 1) return set;
  const scores = new Float32Array(set.scores.length);
  for (let i = 0; i < scores.length; i++) scores[i] = set.scores[i] * boost;
  return { docs: set.docs, scores };
}

/**
 * The first index at or after `from` whose doc is `>= target` (`docs.length` when none): galloping, so that walking
 * a short list against a long one costs the short one's length times a logarithm, not the long one's length.
 */
export function advanceTo(docs: Int32Array, from: number, target: number): number {
  const n = docs.length;
  if (from >= n || docs[from] >= target) return from;
  let step = 1;
  let lo = from; // docs[lo] < target
  let hi = from + 1;
  while (hi < n && docs[hi] < target) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > n) hi = n;
  // docs[lo] < target, and docs[hi] >= target or hi === n
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The docs in both ascending lists (the shorter one first is cheapest). */
export function intersectDocs(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const d = a[i];
    j = advanceTo(b, j, d);
    if (j < b.length && b[j] === d) out[n++] = d;
  }
  return out.subarray(0, n);
}

/** The docs of `set` flagged 1 in `flags` (a 0 or 1 per doc id), with their scores; no branch per doc. */
export function restrictDocSet(set: DocSet, flags: Uint8Array): DocSet {
  const { docs, scores } = set;
  // each doc is written at the next free slot, which only a flagged one takes (one slot more for the last write)
  const outDocs = new Int32Array(docs.length + 1);
  const outScores = new Float32Array(docs.length + 1);
  let k = 0;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    outDocs[k] = doc;
    outScores[k] = scores[i];
    k += flags[doc];
  }
  return { docs: outDocs.subarray(0, k), scores: outScores.subarray(0, k) };
}

/** A flag per doc id below `maxDoc`: 1 for the docs of `docs`. */
export function docFlags(docs: Int32Array, maxDoc: number): Uint8Array {
  const flags = new Uint8Array(maxDoc);
  for (let i = 0; i < docs.length; i++) flags[docs[i]] = 1;
  return flags;
}

/** The index of `doc` in an ascending doc list, or -1. */
export function indexOfDoc(docs: Int32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = docs[mid];
    if (d === doc) return mid;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export { EMPTY_DOC_SET };
