import { PipelineSpec } from '@app/pipeline';
import { FeedPlace, PlaceSearch } from '@app/search';
import { SignalStore } from '@app/signals';
import { CuratedNearbySource } from './curated-nearby.source';
import { FreshPlacesSource } from './fresh-places.source';
import { RecentSavesSource } from './recent-saves.source';
import { RecordImpressionsSideEffect } from './record-impressions.side-effect';
import { TasteSource } from './taste.source';
import { TextSource } from './text.source';
import { TravelContext } from './travel-context';
import { travelFilters } from './travel-filters';
import { travelRerankers } from './travel-rerankers';
import { TrendingNearbySource } from './trending-nearby.source';

/** The stages that do I/O, built once with their clients. */
export interface TravelFeedStages {
  readonly taste: TasteSource;
  readonly recentSaves: RecentSavesSource;
  readonly curated: CuratedNearbySource;
  readonly trending: TrendingNearbySource;
  readonly fresh: FreshPlacesSource;
  readonly text: TextSource;
  readonly impressions: RecordImpressionsSideEffect;
}

/** The stages over one engine client and one signal store: the service builds them so, and so does its spec. */
export function travelFeedStages(search: PlaceSearch, store: SignalStore): TravelFeedStages {
  return {
    taste: new TasteSource(search),
    recentSaves: new RecentSavesSource(search),
    curated: new CuratedNearbySource(search),
    trending: new TrendingNearbySource(search),
    fresh: new FreshPlacesSource(search, store),
    text: new TextSource(search),
    impressions: new RecordImpressionsSideEffect(store),
  };
}

/** Sources answer in a few milliseconds; these bounds only stop a stuck one from holding the request. */
const SOURCE_TIMEOUT_MS = 2_000;

/**
 * The travel feed: places a member will love, near a point or in a city. Each source is one engine query whose
 * first-pass score is the stored script `places-taste-score-v1`; quotas are bounded parameters (0 skips a source:
 * Taste without a taste embedding, RecentSaves without recent saves, Text without `q`).
 */
export const travelFeedPipeline = (s: TravelFeedStages): PipelineSpec<TravelContext, FeedPlace> => ({
  name: 'TravelFeed',
  sources: [
    { source: s.taste, quota: (q) => s.taste.quota(q), timeoutMs: SOURCE_TIMEOUT_MS, failOpen: true },
    {
      source: s.recentSaves,
      quota: (q) => s.recentSaves.quota(q),
      timeoutMs: SOURCE_TIMEOUT_MS,
      failOpen: true,
    },
    { source: s.curated, quota: (q) => s.curated.quota(q), timeoutMs: SOURCE_TIMEOUT_MS, failOpen: true },
    // The backbone: without it the feed could be empty, so its failure fails the request (503).
    { source: s.trending, quota: (q) => s.trending.quota(q), timeoutMs: SOURCE_TIMEOUT_MS, failOpen: false },
    { source: s.fresh, quota: (q) => s.fresh.quota(q), timeoutMs: SOURCE_TIMEOUT_MS, failOpen: true },
    { source: s.text, quota: (q) => s.text.quota(q), timeoutMs: SOURCE_TIMEOUT_MS, failOpen: true },
  ],
  filters: travelFilters(),
  rerankers: travelRerankers(),
  sideEffects: [s.impressions],
  page: { defaultSize: 20, maxSize: 100 },
});
