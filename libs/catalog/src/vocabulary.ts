/** Fixed vocabularies of the catalog: values outside these lists are refused at validation. */

/** Every embedding (places, member profiles, member tastes) has this many dimensions; the mappings say the same. */
export const EMBEDDING_DIMENSION = 64;

/** Place categories; a place has one to five. Adding one is a code change, so filters and affinities stay consistent. */
export const PLACE_CATEGORIES = [
  'museum',
  'gallery',
  'landmark',
  'viewpoint',
  'park',
  'garden',
  'beach',
  'hiking',
  'cafe',
  'bakery',
  'restaurant',
  'street_food',
  'bar',
  'wine_bar',
  'nightclub',
  'live_music',
  'theatre',
  'cinema',
  'market',
  'shopping',
  'bookstore',
  'hotel',
  'spa',
  'sports',
  'religious_site',
  'historic_site',
  'zoo',
  'aquarium',
] as const;
export type PlaceCategory = (typeof PLACE_CATEGORIES)[number];

/** active: served; closed: kept for history, never served; draft: not yet published. */
export const PLACE_STATUSES = ['active', 'closed', 'draft'] as const;
export type PlaceStatus = (typeof PLACE_STATUSES)[number];

/** visible: in discovery feeds; hidden: the member opted out; paused: temporarily out (e.g. on a break). */
export const MEMBER_VISIBILITIES = ['visible', 'hidden', 'paused'] as const;
export type MemberVisibility = (typeof MEMBER_VISIBILITIES)[number];

/** Industries, fixed so that "you both work in film" and industry preferences match exactly. */
export const MEMBER_INDUSTRIES = [
  'technology',
  'finance',
  'healthcare',
  'education',
  'film',
  'music',
  'design',
  'architecture',
  'media',
  'marketing',
  'retail',
  'hospitality',
  'manufacturing',
  'energy',
  'legal',
  'consulting',
  'real_estate',
  'nonprofit',
  'government',
  'science',
  'sports',
  'food',
  'fashion',
  'travel',
] as const;
export type MemberIndustry = (typeof MEMBER_INDUSTRIES)[number];

/** A block hides both members from each other whoever wrote it; a connection links them both ways. */
export const MEMBER_EDGE_KINDS = ['block', 'connection'] as const;
export type MemberEdgeKind = (typeof MEMBER_EDGE_KINDS)[number];

/** Ids of places, members and edges' ends: safe in URLs and engine ids, and never containing the edge id separator. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Largest value of the engine's `integer` type, the mapping of counters. */
export const MAX_COUNT = 2_147_483_647;
