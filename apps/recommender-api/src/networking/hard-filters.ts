import { GeoLocation, Member } from '@app/catalog';
import { MemberCandidate, MemberHardFilters } from '@app/search';
import { DiscoveryContext } from './discovery-context';

/**
 * The hard filters of the discovery feed, in one place: `hardFiltersOf` gives the engine what every source's query
 * runs under (built into the query by `@app/search`'s `memberHardFilterQuery`), and `ineligibilityOf` states the same
 * rules in TypeScript for the Eligibility filter that re-checks every candidate, and for the tests.
 *
 * A candidate is eligible for a viewer when:
 * - they are visible (not hidden, not paused) and not the viewer;
 * - neither blocked the other; they are not connected; the viewer did not like or pass them within the window;
 * - they meet the viewer's hard preferences (industries, languages, maximum distance);
 * - the viewer meets theirs (reciprocal constraints).
 */
export function hardFiltersOf(context: DiscoveryContext): MemberHardFilters {
  return { viewer: context.viewer, excludedIds: context.excludedIds };
}

/** Why a candidate must not be shown to this viewer, or undefined when they may be. */
export type Ineligibility =
  | 'viewer'
  | 'notVisible'
  | 'blocked'
  | 'connected'
  | 'decided'
  | 'viewerPreferences'
  | 'candidatePreferences';

export function ineligibilityOf(
  context: DiscoveryContext,
  candidate: MemberCandidate,
): Ineligibility | undefined {
  const { viewer } = context;
  if (candidate.id === viewer.id) return 'viewer';
  if (candidate.visibility !== 'visible') return 'notVisible';
  if (context.blocked.has(candidate.id)) return 'blocked';
  if (context.connected.has(candidate.id)) return 'connected';
  if (context.decided.has(candidate.id)) return 'decided';
  const distance = distanceKm(viewer.location, candidate.location);
  if (!meetsHardPreferences(viewer, candidate, distance)) return 'viewerPreferences';
  if (!meetsHardPreferences(candidate, viewer, distance)) return 'candidatePreferences';
  return undefined;
}

type PreferenceHolder = Pick<Member, 'preferences'>;
type PreferenceSubject = Pick<Member, 'industries' | 'languages'>;

/** Whether `subject` passes the hard preferences of `holder`, `distance` km apart (soft preferences only rank). */
export function meetsHardPreferences(
  holder: PreferenceHolder,
  subject: PreferenceSubject,
  distance: number,
): boolean {
  const { preferences } = holder;
  if (preferences.hard.industries && !subject.industries.some((i) => preferences.industries.includes(i))) {
    return false;
  }
  if (preferences.hard.languages && !subject.languages.some((l) => preferences.languages.includes(l))) {
    return false;
  }
  if (
    preferences.hard.maxDistanceKm &&
    preferences.maxDistanceKm !== undefined &&
    distance > preferences.maxDistanceKm
  ) {
    return false;
  }
  return true;
}

/** OpenSearch's Earth radius (GeoUtils.EARTH_MEAN_RADIUS), so that this agrees with the engine's geo_distance. */
const EARTH_MEAN_RADIUS_KM = 6371.0087714;
const RADIANS = Math.PI / 180;

/** Great-circle distance by the haversine formula, in kilometres. */
export function distanceKm(a: GeoLocation, b: GeoLocation): number {
  const dLat = (b.lat - a.lat) * RADIANS;
  const dLon = (b.lon - a.lon) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RADIANS) * Math.cos(b.lat * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
