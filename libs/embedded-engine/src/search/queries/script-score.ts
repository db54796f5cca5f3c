import { javaFloat } from '../../mapping/java-text';
import { illegalArgument } from '../../errors';
import { parseScript, scoreScript, ScoreScriptFactory } from '../../scripts/script-spec';
import { checkKeys, queryObject, readBoost } from '../parse-helpers';
import { shardFailure } from '../shard-errors';
import { DEADLINE_CHECK_EVERY, DocSet, Explanation, Query, QueryParser, Searcher } from '../types';

const NAME = 'script_score';

/**
 * `script_score` (ScriptScoreQueryBuilder → ScriptScoreQuery): the inner query's matches, each scored by the script
 * (given the inner score as `_score`), cast to float, refused when negative or NaN, times `boost`; `min_score` drops
 * documents whose final score is below it.
 */
export class ScriptScoreQuery implements Query {
  constructor(
    private readonly inner: Query,
    private readonly script: ScoreScriptFactory,
    private readonly boost: number,
    private readonly minScore: number | undefined,
  ) {}

  execute(searcher: Searcher): DocSet {
    const sub = this.inner.execute(searcher);
    const bound = this.script.bind(searcher);
    const docs = new Int32Array(sub.docs.length);
    const scores = new Float32Array(sub.docs.length);
    let n = 0;
    const deadline = searcher.deadline;
    for (let i = 0; i < sub.docs.length; i++) {
      if (deadline && (i & (DEADLINE_CHECK_EVERY - 1)) === 0 && deadline.passed()) break;
      const score = this.scoreOf(bound.execute(sub.docs[i], sub.scores[i]), sub.docs[i]);
      if (this.minScore !== undefined && score < this.minScore) continue;
      docs[n] = sub.docs[i];
      scores[n] = score;
      n++;
    }
    return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
  }

  private scoreOf(value: number, doc: number): number {
    const score = Math.fround(value);
    if (score < 0 || Number.isNaN(score)) {
      throw shardFailure(
        illegalArgument(
          `script_score script returned an invalid score [${javaFloat(score)}] for doc [${doc}]. Must be a non-negative score!`,
        ),
      );
    }
    return Math.fround(score * this.boost);
  }

  explain(searcher: Searcher, doc: number): Explanation {
    const subExplanation = this.inner.explain(searcher, doc);
    const bound = this.script.bind(searcher);
    const score = Math.fround(bound.execute(doc, subExplanation.value));
    const explanation: Explanation = {
      value: score,
      description: `script score function, computed with script:"${this.script.description}"`,
      details: [{ value: subExplanation.value, description: '_score: ', details: [subExplanation] }],
    };
    if (this.boost === 1) return explanation;
    return {
      value: Math.fround(score * this.boost),
      description: `Boosted score, product of:`,
      details: [explanation, { value: this.boost, description: 'boost', details: [] }],
    };
  }
}

export const scriptScoreQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject(NAME, body);
  checkKeys(NAME, o, ['query', 'script', 'min_score', 'boost', '_name']);
  if (o.query === undefined) throw illegalArgument('Required [query]');
  if (o.script === undefined) throw illegalArgument('Required [script]');
  const inner = ctx.parseInner(o.query, NAME);
  const spec = parseScript(o.script);
  const minScore = o.min_score === undefined ? undefined : Math.fround(Number(o.min_score));
  const boost = readBoost(NAME, o.boost);
  return new ScriptScoreQuery(inner, scoreScript(spec, ctx), boost, minScore);
};
