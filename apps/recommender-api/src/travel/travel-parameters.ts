import { ParameterDefinition, ParameterRegistry, ParameterValues, parameter } from '@app/pipeline';
import {
  freshnessExposureParameters,
  mmrDiversityParameters,
  seenItemsParameters,
  serendipityParameters,
} from '@app/ranking';

/**
 * Every tunable knob of the travel feed: typed, bounded, named `travel.<stage>.<knob>`, resolved per request (so that
 * experiments can override them). Defaults were set by `npm run cli -- evaluate travel` (EVALUATION.md): where a
 * default moved from its first guess, its description says why.
 */

/** The script's weights (`params.weights` of places-taste-score-v1), except `query`, which each source sets. */
const SCORE = [
  parameter({
    name: 'travel.score.taste',
    default: 4,
    min: 0,
    max: 5,
    description:
      'Weight of (1 + cosine(member taste, place embedding)) / 2, the strongest evidence of what a member enjoys. ' +
      '1 at first; the evaluation rose with it up to 4 (nDCG@20 0.71 → 0.76) and was flat beyond, so 4.',
  }),
  parameter({
    name: 'travel.score.affinity',
    default: 1,
    min: 0,
    max: 5,
    description:
      'Weight of the mean category affinity of the place, mapped to [0, 1]; affinities come from real-time signals ' +
      '(normalised by the strongest) and stated interests. 0.3 at first; 1 lifted new members (whose stated ' +
      'interests are most of what is known) above the popularity baseline and the others a little too; 2 overdid it.',
  }),
  parameter({
    name: 'travel.score.price',
    default: 0.3,
    min: 0,
    max: 5,
    description:
      '1 / (1 + |price level − preferred price|): the preferred price is that of recently saved places.',
  }),
  parameter({
    name: 'travel.score.distance',
    default: 0.15,
    min: 0,
    max: 5,
    description:
      'Gaussian decay around the origin (0.5 at originScaleKm). Small: the radius already bounds distance, and ' +
      'how near a place is matters less than whether it suits the member.',
  }),
  parameter({
    name: 'travel.score.quality',
    default: 1,
    min: 0,
    max: 5,
    description:
      'rating / 5 × ratingCount / (50 + ratingCount): a good place pleases most people a little. 0.5 at first; ' +
      '1 scored better once taste weighed 4 (0 costs 0.1 of nDCG@20: quality matters to everyone).',
  }),
  parameter({
    name: 'travel.score.freshness',
    default: 0.05,
    min: 0,
    max: 5,
    description:
      'Exponential decay of the age (0.5 at 90 days). Small: new places get their exposure from the fresh ' +
      'source and the FreshnessExposure boost, bounded, rather than from every score.',
  }),
  parameter({
    name: 'travel.score.curated',
    default: 0.1,
    min: 0,
    max: 5,
    description: "1 for an editor's pick.",
  }),
  parameter({
    name: 'travel.score.originScaleKm',
    default: 5,
    min: 0.1,
    max: 100,
    description:
      'Distance at which the distance term and the nearby decays halve: a city centre and its inner districts. ' +
      '3 at first; 5 to 6 lets good places a little further out compete (better for new members in the evaluation).',
  }),
];

/** Each source: how many candidates it keeps, and how much its own query score adds to the script's. */
const SOURCES = [
  parameter({
    name: 'travel.taste.quota',
    default: 80,
    min: 0,
    max: 1000,
    integer: true,
    description:
      'Nearest places to the member taste (knn k); later pages ask for as many more as were served. 150 at ' +
      'first; 80 scored as well offline (nDCG@20 0.769 → 0.776: MMR has fewer weak candidates to reach for) and ' +
      'halves the hits to serialise.',
  }),
  parameter({
    name: 'travel.taste.queryWeight',
    default: 0,
    min: 0,
    max: 5,
    description: 'The knn score is the same cosine as the script taste term: counted once, there.',
  }),
  parameter({
    name: 'travel.recent.quota',
    default: 30,
    min: 0,
    max: 1000,
    integer: true,
    description:
      'Nearest places to the mean embedding of the recently saved places (60 at first; see travel.taste.quota).',
  }),
  parameter({
    name: 'travel.recent.queryWeight',
    default: 0.3,
    min: 0,
    max: 5,
    description:
      'Weight of (1 + cosine(recent saves, place)) / 2, for the places near them: what a member saved minutes ago ' +
      'says what an overnight taste embedding cannot. 0.6 at first. The offline evaluation, whose hidden tastes do ' +
      'not change, prefers 0 to 0.2 (0.6 costs 0.07 of nDCG@20 there); 0.3 keeps the real-time signal visible.',
  }),
  parameter({
    name: 'travel.recent.count',
    default: 5,
    min: 1,
    max: 50,
    integer: true,
    description: 'How many of the newest saved, liked or booked places make "what you just saved".',
  }),
  parameter({
    name: 'travel.curated.quota',
    default: 20,
    min: 0,
    max: 1000,
    integer: true,
    description: "Editor's picks kept (40 at first; see travel.taste.quota).",
  }),
  parameter({
    name: 'travel.curated.queryWeight',
    default: 0.1,
    min: 0,
    max: 5,
    description: 'Weight of rating / 5 × nearness for curated places (the script already counts curated).',
  }),
  parameter({
    name: 'travel.trending.quota',
    default: 30,
    min: 0,
    max: 1000,
    integer: true,
    description:
      'Popular places kept; later pages ask for as many more as were served (60 at first; see travel.taste.quota).',
  }),
  parameter({
    name: 'travel.trending.queryWeight',
    default: 0.4,
    min: 0,
    max: 5,
    description:
      'Weight of log10(1 + popularity) × nearness (about 0 to 2): recent popularity is the cleanest signal of quality ' +
      'the catalog has, and all a brand-new member can go by. 0.05 at first; 0.4 brought new members level with the ' +
      'popularity baseline at no cost to the others.',
  }),
  parameter({
    name: 'travel.fresh.quota',
    default: 20,
    min: 0,
    max: 500,
    integer: true,
    description: 'New places kept before the impression cut (30 at first; see travel.taste.quota).',
  }),
  parameter({
    name: 'travel.fresh.queryWeight',
    default: 0.1,
    min: 0,
    max: 5,
    description:
      'Weight of the seeded random score in [0, 1): exploration among new places, stable for a day.',
  }),
  parameter({
    name: 'travel.text.quota',
    default: 60,
    min: 0,
    max: 1000,
    integer: true,
    description: 'Places matching the free text q (only when q is given).',
  }),
  parameter({
    name: 'travel.text.queryWeight',
    default: 1,
    min: 0,
    max: 5,
    description:
      'Weight of the BM25 score (about 1 to 4 for a match on a name or tag): a member who types words wants the ' +
      'places that match them, so a good match outweighs the spread of the taste term (about 2 at weight 4).',
  }),
];

export const TRAVEL_SPECIFIC_PARAMETERS = [...SCORE, ...SOURCES] as const;

/** The travel feed's registry: its own knobs and those of the shared stages it uses. */
export const travelParameters = new ParameterRegistry([
  ...TRAVEL_SPECIFIC_PARAMETERS,
  ...seenItemsParameters('travel'),
  ...freshnessExposureParameters('travel'),
  ...mmrDiversityParameters('travel'),
  ...serendipityParameters('travel'),
]);

type NameOf<D> = D extends ParameterDefinition<infer N> ? N : never;
export type TravelParameterName = NameOf<(typeof travelParameters.definitions)[number]>;
export type TravelParameters = ParameterValues<TravelParameterName>;
