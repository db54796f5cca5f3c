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

/** Sorted union of several doc-id lists (each ascending). */
export function unionDocs(lists: Int32Array[]): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  if (lists.length === 1) return lists[0];
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[n - 1] !== all[i]) all[n++] = all[i];
  return all.subarray(0, n);
}

/** The scores of `set` multiplied by a boost, in float32 (Lucene's BoostQuery folds the boost into the weight). */
export function boosted(set: DocSet, boost: number): DocSet {
  if (boost === 1) return set;
  const scores = new Float32Array(set.scores.length);
  for (let i = 0; i < scores.length; i++) scores[i] = set.scores[i] * boost;
  return { docs: set.docs, scores };
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
