/**
 * "did you mean" suggestions, as OpenSearch makes them for unknown parameters and settings:
 * candidates whose Lucene LevenshteinDistance similarity (1 - edits / max length) exceeds a threshold, best first,
 * ties by name (0.5 in BaseRestHandler#unrecognizedStrings, 0.7 in AbstractScopedSettings#validate).
 */
export function similarNames(name: string, candidates: Iterable<string>, threshold: number): string[] {
  const scored: { candidate: string; similarity: number }[] = [];
  for (const candidate of candidates) {
    const similarity = 1 - editDistance(name, candidate) / Math.max(name.length, candidate.length);
    if (similarity > threshold) scored.push({ candidate, similarity });
  }
  scored.sort(
    (a, b) =>
      b.similarity - a.similarity || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0),
  );
  return scored.map((s) => s.candidate);
}

/** `[x]` or `any of [x, y]`, or undefined when nothing is close. */
export function didYouMean(
  name: string,
  candidates: Iterable<string>,
  threshold: number,
): string | undefined {
  const similar = similarNames(name, candidates, threshold);
  if (similar.length === 0) return undefined;
  return similar.length === 1 ? `[${similar[0]}]` : `any of [${similar.join(', ')}]`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
