import { OpenSearchError } from '../../errors';

/** Java's Integer.parseInt: an optional sign and decimal digits, nothing else (NumberFormatException otherwise). */
function parseJavaInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${text}"`);
  }
  const n = Number(text);
  if (n > 2147483647 || n < -2147483648) {
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${text}"`);
  }
  return n;
}

/**
 * The number of optional (SHOULD) clauses that must match, as OpenSearch's Queries#calculateMinShouldMatch computes it
 * from a `minimum_should_match` spec: `3`, `-2`, `75%`, `-25%`, `3<90%`, `2<-25% 9<-3`. The result is never negative;
 * it may exceed `optionalClauseCount` (the query then matches nothing).
 */
export function minimumShouldMatch(spec: string | number, optionalClauseCount: number): number {
  return calculate(optionalClauseCount, String(spec));
}

// Queries#calculateMinShouldMatch (server/src/main/java/org/opensearch/common/lucene/search/Queries.java).
function calculate(optionalClauseCount: number, rawSpec: string): number {
  let result = optionalClauseCount;
  let spec = rawSpec.trim();
  if (spec.includes('<')) {
    // Conditional specs: "N<spec" applies spec once there are more than N optional clauses; the last one that applies wins.
    spec = spec.replace(/(\s+<\s*)|(\s*<\s+)/g, '<');
    for (const part of spec.split(' ')) {
      const [bound, rest] = part.split('<');
      const upperBound = parseJavaInt(bound);
      if (optionalClauseCount <= upperBound) return result;
      result = calculate(optionalClauseCount, rest ?? '');
    }
    return result;
  }
  if (spec.includes('%')) {
    // (result * percent) * (1 / 100f), in float; truncated toward zero; a negative share is taken off the total.
    const percent = parseJavaInt(spec.substring(0, spec.length - 1));
    const calc = Math.fround(Math.fround(result * percent) * Math.fround(1 / 100));
    result = calc < 0 ? result + Math.trunc(calc) : Math.trunc(calc);
  } else {
    const calc = parseJavaInt(spec);
    result = calc < 0 ? result + calc : calc;
  }
  return result < 0 ? 0 : result;
}
