/**
 * Whether two lists of index patterns (`*` wildcards) can match a common index name: OpenSearch intersects
 * their automata (Regex.simpleMatchToAutomaton, Operations.intersection); here the product of the two
 * patterns is searched directly. Each pattern is a sequence of literal characters and `*` (any run).
 */
export function patternsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((p) => b.some((q) => patternPairOverlaps(p, q)));
}

function patternPairOverlaps(p: string, q: string): boolean {
  const seen = new Set<number>();
  const stack: [number, number][] = [[0, 0]];
  const width = q.length + 1;
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === p.length && j === q.length) return true;
    const pStar = i < p.length && p[i] === '*';
    const qStar = j < q.length && q[j] === '*';
    // A star may match nothing.
    if (pStar) stack.push([i + 1, j]);
    if (qStar) stack.push([i, j + 1]);
    // One character read by both: a star keeps its place, a literal must agree.
    if (pStar && j < q.length && !qStar) stack.push([i, j + 1]);
    if (qStar && i < p.length && !pStar) stack.push([i + 1, j]);
    if (i < p.length && j < q.length && !pStar && !qStar && p[i] === q[j]) stack.push([i + 1, j + 1]);
  }
  return false;
}
