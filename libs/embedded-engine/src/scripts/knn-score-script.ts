import { illegalArgument, OpenSearchError } from '../errors';
import { BoundScoreScript } from '../painless/score-script';
import { shardFailure } from '../search/shard-errors';
import { Searcher } from '../search/types';
import { dotProduct, squareDistance } from '../search/vectors/similarity';

const f = Math.fround;
const SPACES = ['l2', 'l1', 'linf', 'cosinesimil', 'innerproduct'];

/** The k-NN plugin's script engine (KNNScoringScriptEngine): its only script is `knn_score`. */
export function compileKnnScript(source: string): KnnScoreScript {
  if (source !== 'knn_score') throw illegalArgument(`Unknown script name ${source}`);
  return KNN_SCORE;
}

/**
 * `knn_score` (KNNScoreScript, KNNScoringSpace): exact scoring of a knn_vector field against `query_value` in a
 * space; a document without the vector scores 0.
 */
export class KnnScoreScript {
  readonly needsScore = false;

  bind(searcher: Searcher, params: Record<string, unknown>): BoundScoreScript {
    const fail = (reason: string) =>
      shardFailure(new OpenSearchError(400, 'illegal_argument_exception', reason));
    for (const name of ['field', 'space_type', 'query_value']) {
      if (params[name] === undefined || params[name] === null) throw fail(`Missing parameter [${name}]`);
    }
    const field = String(params.field);
    const space = String(params.space_type).toLowerCase();
    if (!SPACES.includes(space)) throw fail('Invalid space type. Please refer to the available space types.');
    const info = searcher.mappings.field(field);
    if (!info || info.type !== 'knn_vector') {
      throw fail(`Incompatible field_type for ${space} space. The field type must be knn_vector.`);
    }
    const raw = params.query_value;
    if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'number'))
      throw fail('query_value must be a list of numbers');
    const query = Float32Array.from(raw as number[]);
    const dimension = Number(info.params.dimension);
    if (query.length !== dimension) {
      throw shardFailure(
        new OpenSearchError(
          500,
          'illegal_state_exception',
          `Object's length=${query.length} does not match the expected length=${dimension}.`,
        ),
      );
    }
    let queryNorm = 0;
    for (let i = 0; i < query.length; i++) queryNorm = f(queryNorm + f(query[i] * query[i]));
    if (space === 'cosinesimil' && queryNorm === 0) {
      throw fail('zero vector is not supported when space type is [cosinesimil]');
    }
    const column = searcher.reader.vector(field);
    const score = scorer(space, query, queryNorm);
    return {
      needsScore: false,
      execute(doc: number): number {
        if (!column || !column.has(doc)) return 0;
        return score(column.vector(doc));
      },
    };
  }
}

const KNN_SCORE = new KnnScoreScript();

/** KNNScoringSpace's scoring per space type, in float as the plugin computes it. */
function scorer(space: string, q: Float32Array, queryNorm: number): (v: Float32Array) => number {
  switch (space) {
    case 'l2':
      return (v) => f(1 / f(1 + squareDistance(q, v, 0)));
    case 'l1':
      return (v) => {
        let d = 0;
        for (let i = 0; i < q.length; i++) d = f(d + Math.abs(f(q[i] - v[i])));
        return f(1 / f(1 + d));
      };
    case 'linf':
      return (v) => {
        let d = 0;
        for (let i = 0; i < q.length; i++) d = Math.max(d, Math.abs(f(q[i] - v[i])));
        return f(1 / f(1 + d));
      };
    case 'innerproduct':
      // KNNWeight#normalizeScore(-dot): 1 / (1 + s) for s >= 0, else -s + 1
      return (v) => {
        const s = f(-dotProduct(q, v, 0));
        return s >= 0 ? f(1 / f(1 + s)) : f(-s + 1);
      };
    default:
      // cosinesimil (indices created on 2.19+): max((1 + cos) / 2, 0), cos by KNNScoringUtil#cosinesimilOptimized
      return (v) => {
        let dot = 0;
        let norm = 0;
        for (let i = 0; i < q.length; i++) {
          dot = f(dot + f(q[i] * v[i]));
          norm = f(norm + f(v[i] * v[i]));
        }
        const product = f(queryNorm * norm);
        const cos = product === 0 ? 0 : f(dot / Math.sqrt(product));
        return f(Math.max(f(f(1 + cos) / 2), 0));
      };
  }
}
