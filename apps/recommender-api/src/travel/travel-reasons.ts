import type { RecentAction } from './travel-context';

/** The human reasons of the travel feed, in one place: the API shows them to members as they are written here. */
export const TRAVEL_REASONS = {
  taste: 'Picked for your taste',
  curated: "Editor's pick",
  trendingNearby: 'Popular nearby this week',
  trendingIn: (city: string) => `Popular in ${city} this week`,
  because: (action: RecentAction, name: string) => `Because you ${action} ${name}`,
  matches: (text: string) => `Matches "${text}"`,
  /** FreshnessExposure's reason for a boosted new place. */
  fresh: 'New',
  /** Serendipity's reason (the shared stage's default wording). */
  different: 'Something different',
} as const;

/** At most this many reasons per item in a response: a short list, the most specific first. */
export const MAX_REASONS = 3;
