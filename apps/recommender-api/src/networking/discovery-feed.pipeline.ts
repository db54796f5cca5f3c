import { ParameterRegistry, PipelineSpec, Query } from '@app/pipeline';
import {
  ExposureBalanceReranker,
  MmrDiversityReranker,
  SeenItemsFilter,
  ParameterLookup,
  SerendipityReranker,
} from '@app/ranking';
import { MemberCandidate, MemberSearch } from '@app/search';
import { SignalStore } from '@app/signals';
import { DiscoveryContext, NETWORKING, decidedKnobs, mutualConnectionsKnobs } from './discovery-context';
import { EligibilityFilter } from './eligibility.filter';
import { KnnReciprocalSource, knnReciprocalKnobs } from './knn-reciprocal.source';
import { KnnTasteSource, knnTasteKnobs } from './knn-taste.source';
import { LikedYouSource, likedYouKnobs } from './liked-you.source';
import { MemberRetriever, scoreKnobs } from './member-retriever';
import { NewMemberSlotsReranker, newMemberSlotsKnobs } from './new-member-slots.reranker';
import { NewMembersSource } from './new-members.source';
import { newMembersKnobs } from './new-members.knobs';
import { RecordImpressionsSideEffect } from './record-impressions.side-effect';
import { SecondDegreeSource, secondDegreeKnobs } from './second-degree.source';

type Context = DiscoveryContext;
type Item = MemberCandidate;

/** The stages that do I/O, built once per service. */
export interface DiscoveryFeedStages {
  readonly knnTaste: KnnTasteSource;
  readonly knnReciprocal: KnnReciprocalSource;
  readonly secondDegree: SecondDegreeSource;
  readonly likedYou: LikedYouSource;
  readonly newMembers: NewMembersSource;
  readonly recordImpressions: RecordImpressionsSideEffect;
}

export function discoveryFeedStages(search: MemberSearch, signals: SignalStore): DiscoveryFeedStages {
  const retriever = new MemberRetriever(search, signals);
  return {
    knnTaste: new KnnTasteSource(retriever),
    knnReciprocal: new KnnReciprocalSource(retriever),
    secondDegree: new SecondDegreeSource(retriever),
    likedYou: new LikedYouSource(retriever),
    newMembers: new NewMembersSource(retriever),
    recordImpressions: new RecordImpressionsSideEffect(signals),
  };
}

// The pure stages: no I/O, one instance for every request.
const eligibility = new EligibilityFilter();
const seenItems = new SeenItemsFilter<Context, Item, typeof NETWORKING>({
  scenario: NETWORKING,
  seenCountsOf: (context) => context.seenCounts,
});
/** Today's impressions come from the signal store with each hit (the `impressionsToday` feature). */
const exposureBalance = new ExposureBalanceReranker<Context, Item, typeof NETWORKING>({
  scenario: NETWORKING,
});
const mmrDiversity = new MmrDiversityReranker<Context, Item, typeof NETWORKING>({
  scenario: NETWORKING,
  // Industries and cities: a page of one profession in one city is what diversity is about here; profile
  // embeddings are not fetched (they would double the cost of every hit).
  embeddingOf: () => undefined,
  categoriesOf: (member) => [...member.industries, `city:${member.city}`],
  cappedCategoriesOf: (member) => member.industries,
});
const newMemberSlots = new NewMemberSlotsReranker();
const serendipity = new SerendipityReranker<Context, Item, typeof NETWORKING>({
  scenario: NETWORKING,
  categoriesOf: (member) => member.industries,
  usualCategoriesOf: (context) => context.usualIndustries,
});

/** Every bounded parameter of the feed, `networking.<stage>.<knob>`. */
export const networkingParameters = new ParameterRegistry<string>([
  ...decidedKnobs.definitions,
  ...mutualConnectionsKnobs.definitions,
  ...scoreKnobs.definitions,
  ...knnTasteKnobs.definitions,
  ...knnReciprocalKnobs.definitions,
  ...secondDegreeKnobs.definitions,
  ...likedYouKnobs.definitions,
  ...newMembersKnobs.definitions,
  ...newMemberSlotsKnobs.definitions,
  ...seenItems.parameters,
  ...exposureBalance.parameters,
  ...mmrDiversity.parameters,
  ...serendipity.parameters,
]);

/**
 * Where the feed departs from the shared stages' defaults, with the reason. Every request starts from these;
 * experiments override on top. Tuned with `npm run cli -- simulate networking` (EVALUATION.md, networking), where each
 * visible member is shown about 40 profiles a day: re-tune them with the real daily volume.
 */
export const DISCOVERY_DEFAULTS: Readonly<Record<string, number>> = {
  // A fair day's exposure is about the average one (40), not the first-day minimum (20): below it the
  // boost applies, to most members rather than to the few who got almost nothing.
  'networking.exposure.target': 40,
  // Up to 1.6× the relevance for an unseen member (0.3 barely moved anyone up against the spread of mutual scores).
  'networking.exposure.maxBoost': 0.6,
  // 1.5× the fair share: the most attractive profiles stop absorbing attention (Gini per day 0.39 → 0.23 with the
  // two above, matches per 1,000 impressions up, not down).
  'networking.exposure.dailyCap': 60,
};

/** A source's quota: its knob, plus what earlier pages of the feed served (they come back and are left out). */
const deepening =
  (quotaOf: (params: ParameterLookup) => number) =>
  (q: Query<Context>): number =>
    quotaOf(q.context.params) + q.servedCount;
/** A bounded quota: the same on every page. */
const bounded =
  (quotaOf: (params: ParameterLookup) => number) =>
  (q: Query<Context>): number =>
    quotaOf(q.context.params);

const PAGE = { defaultSize: 20, maxSize: 50 };

/**
 * The discovery feed of people. Sources run in parallel, each one engine query under the hard filters, ranked by
 * `members-mutual-score-v1`; the taste source is the backbone (it may not fail), the others fail open.
 */
export const discoveryFeed = (d: DiscoveryFeedStages): PipelineSpec<Context, Item> => ({
  name: 'DiscoveryFeed',
  sources: [
    {
      source: d.knnTaste,
      quota: deepening((p) => knnTasteKnobs.read(p).quota),
      timeoutMs: 3_000,
      failOpen: false,
    },
    {
      source: d.knnReciprocal,
      quota: deepening((p) => knnReciprocalKnobs.read(p).quota),
      timeoutMs: 1_500,
      failOpen: true,
    },
    {
      source: d.secondDegree,
      quota: deepening((p) => secondDegreeKnobs.read(p).quota),
      timeoutMs: 1_500,
      failOpen: true,
    },
    {
      source: d.likedYou,
      quota: bounded((p) => likedYouKnobs.read(p).quota),
      timeoutMs: 1_500,
      failOpen: true,
    },
    {
      source: d.newMembers,
      quota: bounded((p) => newMembersKnobs.read(p).quota),
      timeoutMs: 1_500,
      failOpen: true,
    },
  ],
  filters: [eligibility, seenItems],
  // Order of @app/ranking: the score re-ranker first, then diversity; then the two that keep positions for
  // someone (new members, something different) and keep scores.
  rerankers: [exposureBalance, mmrDiversity, newMemberSlots, serendipity],
  sideEffects: [d.recordImpressions],
  page: PAGE,
});

/**
 * The baseline of the marketplace simulation: the same retrieval and hard filters, ranked by relevance (the mutual
 * score) alone: no cold-start quota, no exposure balancing, no diversity, no serendipity.
 */
export const relevanceOnlyFeed = (d: DiscoveryFeedStages): PipelineSpec<Context, Item> => ({
  name: 'DiscoveryFeedRelevanceOnly',
  sources: discoveryFeed(d).sources.filter((s) => s.source !== d.newMembers),
  filters: [eligibility, seenItems],
  rerankers: [],
  sideEffects: [d.recordImpressions],
  page: PAGE,
});
