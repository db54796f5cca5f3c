import { MEMBER_FIELD_PRIVACY, Member, MemberPreferences, MemberStats, PublicMember } from './member.dto';
import { pickPublicFields } from './privacy';

/**
 * A member as the engine stores it (`_source` of `members_v*`): every field, private ones included, since hard
 * filters and the ranking script read them inside the engine. Stats are always present (zero for a new member) so
 * that scripts can read them without checking.
 */
export type MemberDocument = Omit<Member, 'stats'> & { stats: MemberStats };

export const ZERO_MEMBER_STATS: Readonly<MemberStats> = {
  impressions7d: 0,
  likesReceived7d: 0,
  passesReceived7d: 0,
  connectionCount: 0,
};

/** What other members may see of a member: the private fields dropped. */
export function toPublicMember(member: Member): PublicMember {
  return pickPublicFields(member, MEMBER_FIELD_PRIVACY) as PublicMember;
}

/** The engine document of a member. Fields are copied by name: the index is strict and refuses anything else. */
export function toMemberDocument(member: Member): MemberDocument {
  const document: MemberDocument = {
    id: member.id,
    displayName: member.displayName,
    headline: member.headline,
    professions: [...member.professions],
    industries: [...member.industries],
    interests: [...member.interests],
    city: member.city,
    country: member.country,
    location: { lat: member.location.lat, lon: member.location.lon },
    languages: [...member.languages],
    visibility: member.visibility,
    verified: member.verified,
    createdAt: member.createdAt,
    lastActiveAt: member.lastActiveAt,
    preferences: copyPreferences(member.preferences),
    stats: { ...ZERO_MEMBER_STATS, ...copyStats(member.stats) },
  };
  if (member.profileEmbedding) document.profileEmbedding = [...member.profileEmbedding];
  if (member.tasteEmbedding) document.tasteEmbedding = [...member.tasteEmbedding];
  if (member.email) document.email = member.email;
  return document;
}

/** A member read back from the engine (`_source`). */
export function fromMemberDocument(document: MemberDocument): Member {
  return toMemberDocument(document);
}

function copyPreferences(preferences: MemberPreferences): MemberPreferences {
  const copy: MemberPreferences = {
    industries: [...preferences.industries],
    languages: [...preferences.languages],
    hard: {
      industries: preferences.hard.industries,
      languages: preferences.hard.languages,
      maxDistanceKm: preferences.hard.maxDistanceKm,
    },
  };
  if (preferences.maxDistanceKm !== undefined && preferences.maxDistanceKm !== null) {
    copy.maxDistanceKm = preferences.maxDistanceKm;
  }
  return copy;
}

function copyStats(stats: MemberStats | undefined): Partial<MemberStats> {
  if (!stats) return {};
  return {
    impressions7d: stats.impressions7d,
    likesReceived7d: stats.likesReceived7d,
    passesReceived7d: stats.passesReceived7d,
    connectionCount: stats.connectionCount,
  };
}
