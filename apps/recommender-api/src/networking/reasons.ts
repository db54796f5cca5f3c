/**
 * The human reasons a discovery item carries, from what both members show publicly (industries, interests, join
 * date) and their mutual connections. Never from private fields or from what someone else did (a like, a block).
 */

export interface ReasonFacts {
  readonly mutualConnections: number;
  /** Industries both work in, in the viewer's order. */
  readonly sharedIndustries: readonly string[];
  /** Interests both list, in the viewer's order. */
  readonly sharedInterests: readonly string[];
  /** Joined recently. */
  readonly isNew: boolean;
}

export const NEW_HERE = 'New here';
const MAX_REASONS = 3;

/** At most three reasons, the strongest first: mutual connections, a shared industry, new here, a shared interest. */
export function reasonsFor(facts: ReasonFacts): string[] {
  const reasons: string[] = [];
  if (facts.mutualConnections > 0) {
    reasons.push(
      facts.mutualConnections === 1 ? '1 mutual connection' : `${facts.mutualConnections} mutual connections`,
    );
  }
  if (facts.sharedIndustries.length > 0)
    reasons.push(`You both work in ${industryName(facts.sharedIndustries[0])}`);
  if (facts.isNew) reasons.push(NEW_HERE);
  if (facts.sharedInterests.length > 0) reasons.push(`You both like ${facts.sharedInterests[0]}`);
  return reasons.slice(0, MAX_REASONS);
}

/** `real_estate` → `real estate`. */
export function industryName(industry: string): string {
  return industry.replace(/_/g, ' ');
}

/** The values of `mine` that `theirs` also has, in my order, without repeats. */
export function shared(mine: readonly string[], theirs: readonly string[]): string[] {
  // a few values each (industries, interests), for every candidate of every page: no Sets
  const out: string[] = [];
  for (const value of mine) if (theirs.includes(value) && !out.includes(value)) out.push(value);
  return out;
}
