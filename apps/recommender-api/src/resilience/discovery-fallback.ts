import { MemberCandidate } from '@app/search';
import { DiscoveryFeedDto, DiscoveryMemberDto } from '../networking/discovery-feed.dto';
import { distanceBucket } from '../networking/distance-bucket';
import { distanceKm, meetsHardPreferences } from '../networking/hard-filters';
import { reasonsFor, shared } from '../networking/reasons';
import { FallbackPageRequest } from './travel-fallback';
import { FallbackViewer, FeedFallbackStore } from './feed-fallback.store';

/**
 * The discovery page served while the engine is away: recently active visible members of the viewer's city from the
 * fallback, with every rule that keeps someone out still applied — the viewer, blocks either way (as the fallback last
 * read them, the viewer's own as last served, and blocks written through this instance since), hidden and paused
 * members, connections, the viewer's recent decisions (`decided`, from the signal store), and hard preferences both
 * ways. Public fields only, as the full feed shows them. One page, no cursor; marked degraded.
 *
 * A viewer this instance has not served since it started, or whose recent decisions cannot be read (`decided`
 * undefined: the signal store is away too), gets an empty page: showing nobody is better than risking a member who
 * blocked or was blocked by them.
 */
export function discoveryFallbackPage(
  store: FeedFallbackStore,
  viewerId: string,
  decided: ReadonlySet<string> | undefined,
  page: FallbackPageRequest,
): DiscoveryFeedDto {
  const viewer = store.viewer(viewerId);
  const empty = {
    requestId: page.requestId,
    page: 1,
    items: [],
    nextCursor: null,
    degraded: true,
    experiments: [],
  };
  if (!viewer || !decided || page.cursor) return empty;
  const excluded = new Set([...viewer.blocked, ...viewer.connected, ...decided]);
  const items = store
    .membersFor(viewer.id, viewer.city, excluded)
    .filter((candidate) => {
      const distance = distanceKm(viewer.location, candidate.location);
      return (
        meetsHardPreferences(viewer, candidate, distance) && meetsHardPreferences(candidate, viewer, distance)
      );
    })
    .slice(0, page.limit)
    .map((candidate) => toFallbackMember(viewer, candidate));
  return { ...empty, items };
}

/** Public fields only (the same as toDiscoveryMemberDto); no mutual connections: they need the engine. */
function toFallbackMember(viewer: FallbackViewer, member: MemberCandidate): DiscoveryMemberDto {
  const sharedInterests = shared(viewer.interests, member.interests);
  return {
    id: member.id,
    displayName: member.displayName,
    headline: member.headline,
    professions: [...member.professions],
    industries: [...member.industries],
    city: member.city,
    distance: distanceBucket(distanceKm(viewer.location, member.location)),
    mutualConnections: 0,
    sharedInterests,
    reasons: reasonsFor({
      mutualConnections: 0,
      sharedIndustries: shared(viewer.industries, member.industries),
      sharedInterests,
      isNew: false,
    }),
  };
}
