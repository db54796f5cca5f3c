import { expParser, gaussParser, linearParser } from './decay';
import { fieldValueFactorParser } from './field-value-factor';
import { randomScoreParser } from './random-score';
import { scriptScoreParser } from './script-score';
import { ScoreFunctionParser } from './score-function';

export { ScoreFunction, LeafScoreFunction, ScoreFunctionParser } from './score-function';
export { WeightFactorFunction } from './weight';

/**
 * The score functions function_score knows by name (SearchModule#registerScoreFunctions); `weight` is not an object
 * function.
 */
export const SCORE_FUNCTION_PARSERS: Record<string, ScoreFunctionParser> = {
  field_value_factor: fieldValueFactorParser,
  random_score: randomScoreParser,
  gauss: gaussParser,
  exp: expParser,
  linear: linearParser,
  script_score: scriptScoreParser,
};
