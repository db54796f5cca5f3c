import { Searcher } from '../../types';
import { LeafScoreFunction, match, ScoreFunction } from './score-function';

/** WeightFactorFunction.ScoreOne: what a `weight`-only entry multiplies: 1.0. */
const SCORE_ONE: ScoreFunction = {
  weight: 1,
  needsScores: false,
  bind: () => ({
    score: () => 1.0,
    explain: () => match(1.0, 'constant score 1.0 - no function provided'),
  }),
};

/**
 * WeightFactorFunction: `inner(doc) * weight` (double × float), explained as "product of:" [inner, weight]; its
 * getWeight is the weight, which avg/sum score modes divide by. `weight` alone wraps ScoreOne.
 */
export class WeightFactorFunction implements ScoreFunction {
  readonly weight: number;
  readonly needsScores: boolean;

  constructor(
    weight: number,
    private readonly inner: ScoreFunction = SCORE_ONE,
  ) {
    this.weight = Math.fround(weight);
    this.needsScores = inner.needsScores;
  }

  bind(searcher: Searcher): LeafScoreFunction {
    const leaf = this.inner.bind(searcher);
    const weight = this.weight;
    return {
      score: (doc, subQueryScore) => leaf.score(doc, subQueryScore) * weight,
      explain: (doc, subQueryScore) => {
        const inner = leaf.explain(doc, subQueryScore);
        // functionExplanation.getValue().floatValue() * (float) getWeight(): a float product
        return match(Math.fround(inner.value * weight), 'product of:', [inner, match(weight, 'weight')]);
      },
    };
  }
}
