import { illegalArgument, OpenSearchError } from '../../../errors';
import { javaDouble } from '../../../mapping/java-text';
import { parseScript, scoreScript, ScoreScriptFactory } from '../../../scripts/script-spec';
import { shardFailure } from '../../shard-errors';
import { Searcher } from '../../types';
import { functionObject, LeafScoreFunction, ScoreFunction, ScoreFunctionParser } from './score-function';

/**
 * The `script_score` function of function_score (ScriptScoreFunction): the script's double for the document, given
 * the inner query's score as `_score`; a negative value is an IllegalArgumentException.
 */
export class ScriptScoreFunction implements ScoreFunction {
  readonly weight = 1;

  constructor(private readonly script: ScoreScriptFactory) {}

  get needsScores(): boolean {
    return this.script.needsScore;
  }

  bind(searcher: Searcher): LeafScoreFunction {
    const bound = this.script.bind(searcher);
    const description = `script score function, computed with script:"${this.script.description}"`;
    const score = (doc: number, subQueryScore: number): number => {
      const result = bound.execute(doc, subQueryScore);
      if (result < 0) {
        throw shardFailure(
          illegalArgument(
            `script score function must not produce negative scores, but got: [${javaDouble(result)}]`,
          ),
        );
      }
      return result;
    };
    return {
      score,
      explain: (doc, sub) => ({
        value: Math.fround(score(doc, sub.value)),
        description,
        details: [{ value: sub.value, description: '_score: ', details: [sub] }],
      }),
    };
  }
}

/** ScriptScoreFunctionBuilder#fromXContent: `{"script": ...}`. */
export const scriptScoreParser: ScoreFunctionParser = (body, ctx) => {
  const o = functionObject('script_score', body);
  for (const key of Object.keys(o)) {
    if (key !== 'script') {
      throw new OpenSearchError(400, 'parsing_exception', `script_score query does not support [${key}]`);
    }
  }
  if (o.script === undefined) throw illegalArgument('script_score function requires a [script]');
  return new ScriptScoreFunction(scoreScript(parseScript(o.script), ctx));
};
