import { illegalArgument, OpenSearchError } from '../../errors';
import { knnConfigOf } from '../../mapping/knn-vector';
import { javaParseFloat } from '../../mapping/numeric';
import { isPlainObject } from '../../rest/json';
import { EMPTY_DOC_SET, indexOfDoc } from '../doc-sets';
import { parsingError, queryObject, readBoost } from '../parse-helpers';
import { failedToCreateQuery } from '../shard-errors';
import { DocSet, Explanation, Query, QueryParseContext, QueryParser, Searcher } from '../types';
import { approximateTopK, DEFAULT_EF_SEARCH, graphOf } from '../vectors/approximate-index';
import { Candidates, ExactRequest, exactTopK, exactWithin } from '../vectors/exact-search';
import { HnswParams } from '../vectors/hnsw';
import {
  cosineDot,
  cosineFrom,
  cosineNormSquared,
  cosineScore,
  dotProduct,
  innerProductScore,
  l2Score,
  SpaceType,
  squareDistance,
} from '../vectors/similarity';
import { MATCH_NONE } from './match-all';

/**
 * `knn` (k-NN plugin KNNQueryBuilder, parser/KNNQueryBuilderParser): the k nearest documents to a vector, or (radial)
 * every document within `max_distance` / above `min_score`, with efficient filtering. A filtered search is exact (the
 * top k among the filter's docs), and so are radial searches and small columns; an unfiltered search of a large column
 * walks an HNSW graph (vectors/approximate-index.ts) with `ef_search` from `method_parameters`, the index setting
 * `index.knn.algo_param.ef_search` or 100. `script_score` with the `knn_score` script is always exact.
 */

/** KNNQueryBuilder.K_MAX */
const K_MAX = 10000;
/** index.max_result_window: the Faiss range search returns at most this many (RNNQueryFactory). */
const MAX_RESULT_WINDOW = 10000;
/** KNNConstants.MAX_DISTANCE_COMPUTATIONS (quoted in explanations). */
const MAX_DISTANCE_COMPUTATIONS = 2_048_000;

/** What the plugin's ObjectParser declares (KNNQueryBuilderParser#createInternalObjectParser). */
const KNOWN_FIELDS = new Set([
  'vector',
  'k',
  'filter',
  'boost',
  '_name',
  'ignore_unmapped',
  'max_distance',
  'min_score',
  'method_parameters',
  'rescore',
  'expand_nested_docs',
]);
/** MethodParameter values (ef_search for HNSW, nprobes for IVF). */
const METHOD_PARAMETERS = new Set(['ef_search', 'nprobes']);

/** SpaceType enum names, as `%s` prints them in the plugin's radial-search messages. */
const SPACE_ENUM_NAMES: Record<SpaceType, string> = {
  l2: 'L2',
  cosinesimil: 'COSINESIMIL',
  innerproduct: 'INNER_PRODUCT',
};

/** ObjectParser's wrapper around a field's parse failure (the real message starts with the `[line:col]` location). */
function fieldParseError(field: string, cause?: OpenSearchError): OpenSearchError {
  return new OpenSearchError(
    400,
    'x_content_parse_exception',
    `[knn] failed to parse field [${field}]`,
    {},
    cause,
  );
}

function tokenName(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (typeof value === 'boolean') return 'VALUE_BOOLEAN';
  if (Array.isArray(value)) return 'START_ARRAY';
  if (isPlainObject(value)) return 'START_OBJECT';
  if (typeof value === 'number') return 'VALUE_NUMBER';
  return 'VALUE_STRING';
}

function wrongType(field: string, value: unknown): OpenSearchError {
  return new OpenSearchError(
    400,
    'x_content_parse_exception',
    `[knn] ${field} doesn't support values of type: ${tokenName(value)}`,
  );
}

/** declareFloat: a number or a numeric string, as a Java float. */
function readFloat(field: string, value: unknown): number {
  if (typeof value === 'number') return Math.fround(value);
  if (typeof value === 'string') {
    try {
      return javaParseFloat(value);
    } catch (error) {
      throw fieldParseError(field, error instanceof OpenSearchError ? error : undefined);
    }
  }
  throw wrongType(field, value);
}

/** declareInt: a number (coerced: truncated) or an integer string. */
function readInt(field: string, value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string') {
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw fieldParseError(
        field,
        new OpenSearchError(400, 'number_format_exception', `For input string: "${value}"`),
      );
    }
    return Math.trunc(n);
  }
  throw wrongType(field, value);
}

function readBoolean(field: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (typeof value === 'string') {
    throw fieldParseError(
      field,
      illegalArgument(`Failed to parse value [${value}] as only [true] or [false] are allowed.`),
    );
  }
  throw wrongType(field, value);
}

/** declareFloatArray: numbers (or numeric strings); a lone number is a one-element array. */
function readVector(value: unknown): Float32Array {
  if (value === null || isPlainObject(value) || typeof value === 'boolean') throw wrongType('vector', value);
  const list = Array.isArray(value) ? value : [value];
  const out = new Float32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'string') {
      try {
        out[i] = javaParseFloat(v);
      } catch (error) {
        throw fieldParseError('vector', error instanceof OpenSearchError ? error : undefined);
      }
    } else throw fieldParseError('vector');
  }
  if (out.length === 0) {
    throw fieldParseError(
      'vector',
      illegalArgument("[knn] field 'vector' requires to be non-null and non-empty"),
    );
  }
  return out;
}

/** The shorthand `{"knn": {"field": [..]}}` (KNNQueryBuilderParser#objectsToFloats). */
function shorthandVector(value: unknown): Float32Array {
  const list = Array.isArray(value) ? value : [];
  if (list.length === 0) throw illegalArgument("[knn] field 'vector' requires to be non-null and non-empty");
  const out = new Float32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'number')
      throw illegalArgument("[knn] field 'vector' requires to be an array of numbers");
    out[i] = list[i] as number;
  }
  return out;
}

interface KnnRequest {
  field: string;
  vector?: Float32Array;
  k?: number;
  maxDistance?: number;
  minScore?: number;
  filter?: Query;
  boost: number;
  ignoreUnmapped: boolean;
  rescore: boolean;
  efSearch?: number;
}

function parseBody(spec: Record<string, unknown>, ctx: QueryParseContext, request: KnnRequest): void {
  for (const [key, value] of Object.entries(spec)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new OpenSearchError(400, 'x_content_parse_exception', `[knn] unknown field [${key}]`);
    }
    switch (key) {
      case 'vector':
        request.vector = readVector(value);
        break;
      case 'k':
        request.k = readInt('k', value);
        break;
      case 'boost':
        if (value === null || typeof value === 'boolean' || isPlainObject(value) || Array.isArray(value)) {
          throw wrongType('boost', value);
        }
        request.boost = readBoost('knn', value);
        break;
      case '_name':
        if (typeof value !== 'string') throw wrongType('_name', value);
        break;
      case 'ignore_unmapped':
        request.ignoreUnmapped = readBoolean('ignore_unmapped', value);
        break;
      case 'max_distance':
        request.maxDistance = readFloat('max_distance', value);
        break;
      case 'min_score':
        request.minScore = readFloat('min_score', value);
        break;
      case 'filter':
        if (!isPlainObject(value)) throw wrongType('filter', value);
        request.filter = ctx.parseFilter(value, 'knn');
        break;
      case 'method_parameters':
        request.efSearch = readMethodParameters(value);
        break;
      case 'rescore':
        request.rescore = value !== false;
        break;
      case 'expand_nested_docs':
        readBoolean('expand_nested_docs', value);
        break;
    }
  }
  // declareExclusiveFieldSet(rescore, max_distance) and (rescore, min_score)
  for (const radial of ['max_distance', 'min_score']) {
    if ('rescore' in spec && radial in spec) {
      throw illegalArgument(`The following fields are not allowed together: [rescore, ${radial}]`);
    }
  }
}

/** MethodParametersParser#fromXContent (ParsingExceptions, wrapped by the ObjectParser): the ef_search given, if any. */
function readMethodParameters(value: unknown): number | undefined {
  if (!isPlainObject(value)) throw wrongType('method_parameters', value);
  const entries = Object.entries(value);
  if (entries.length === 0) {
    throw fieldParseError('method_parameters', parsingError('method_parameters cannot be empty'));
  }
  for (const [name, v] of entries) {
    if (!METHOD_PARAMETERS.has(name)) {
      throw fieldParseError(
        'method_parameters',
        parsingError(`[knn] unknown method parameter found [${name}]`),
      );
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw fieldParseError('method_parameters', parsingError(`${name} value must be a positive integer`));
    }
  }
  const ef = (value as Record<string, unknown>).ef_search;
  return typeof ef === 'number' ? ef : undefined;
}

/** KNNQueryBuilder.Builder#validate: the builder's own checks, as IllegalArgumentExceptions. */
function validate(r: KnnRequest): void {
  if (!r.vector) throw illegalArgument('[knn] requires query vector');
  const set = [r.k, r.maxDistance, r.minScore].filter((v) => v !== undefined).length;
  if (set !== 1) throw illegalArgument('[knn] requires exactly one of k, distance or score to be set');
  if (r.k !== undefined && (r.k <= 0 || r.k > K_MAX)) {
    throw illegalArgument(`[knn] requires k to be in the range (0, ${K_MAX}]`);
  }
  if (r.minScore !== undefined && r.minScore <= 0)
    throw illegalArgument('[knn] requires minScore to be greater than 0');
}

/** KNNQueryBuilder#doToQuery failures: IllegalArgumentExceptions that the shard reports as query_shard_exception. */
function shardError(ctx: QueryParseContext, reason: string): OpenSearchError {
  return failedToCreateQuery(ctx.indexName, illegalArgument(reason));
}

function isZero(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

const f = Math.fround;

/** Which scores a radial search keeps: Lucene compares scores (>=), Faiss distances (strictly within the radius). */
interface Radial {
  /** The radius as the plugin reports it (explanations). */
  radius: number;
  /** The score threshold equivalent to the radius. */
  threshold: number;
  inclusive: boolean;
}

/** The score of an inner product (k-NN SpaceType.INNER_PRODUCT.scoreTranslation(−ip), Faiss.java). */
const ipScore = innerProductScore;

function radialOf(r: KnnRequest, space: SpaceType, engine: 'faiss' | 'lucene'): Radial {
  if (engine === 'lucene') {
    // Lucene.java: min_score is the score threshold as is; max_distance goes through DISTANCE_TRANSLATIONS
    // (cosine (2 − d) / 2, innerproduct d ≤ 0 ? 1 / (1 − d) : d + 1) or SpaceType#scoreTranslation (l2: 1 / (1 + d)).
    let threshold: number;
    if (r.minScore !== undefined) threshold = r.minScore;
    else {
      const d = r.maxDistance as number;
      if (space === 'cosinesimil') threshold = f(f(2 - d) / 2);
      else if (space === 'innerproduct') threshold = d <= 0 ? f(1 / f(1 - d)) : f(d + 1);
      else threshold = f(1 / f(1 + d));
    }
    return { radius: threshold, threshold, inclusive: true };
  }
  // Faiss.java: min_score → distance (SCORE_TO_DISTANCE_TRANSFORMATIONS: cosine 2s − 1, innerproduct s > 1 ? 1 − s :
  // 1/s − 1; l2 SpaceType.L2#scoreToDistanceTranslation 1/s − 1); max_distance → cosine 1 − d, others as is.
  let radius: number;
  if (r.minScore !== undefined) {
    const s = r.minScore;
    if (space === 'cosinesimil') radius = f(f(2 * s) - 1);
    else if (space === 'innerproduct') radius = s > 1 ? f(1 - s) : f(f(1 / s) - 1);
    else radius = f(f(1 / s) - 1);
  } else {
    const d = r.maxDistance as number;
    radius = space === 'cosinesimil' ? f(1 - d) : d;
  }
  // The radius in score terms: l2 keeps squared distance < r; cosine keeps cos > r; innerproduct keeps −ip < r.
  let threshold: number;
  if (space === 'l2') threshold = l2Score(radius);
  else if (space === 'cosinesimil') threshold = cosineScore(radius);
  else threshold = ipScore(f(-radius));
  return { radius, threshold, inclusive: false };
}

export const knnQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('knn', body);
  let field: string | undefined;
  const request: KnnRequest = { field: '', boost: 1, ignoreUnmapped: false, rescore: false };
  let shorthand: unknown;
  let hasSpec = false;
  for (const [key, value] of Object.entries(o)) {
    if (field !== undefined) {
      throw parsingError(`[knn] query doesn't support multiple fields, found [${field}] and [${key}]`);
    }
    field = key;
    if (isPlainObject(value)) {
      hasSpec = true;
      parseBody(value, ctx, request);
    } else shorthand = value;
  }
  if (!hasSpec) request.vector = shorthandVector(shorthand);
  if (!field) throw illegalArgument('[knn] requires fieldName');
  request.field = field;
  validate(request);

  // KNNQueryBuilder#doToQuery, in its order.
  const info = ctx.mappings.field(field);
  if (!info && request.ignoreUnmapped) return MATCH_NONE;
  if (!info || info.type !== 'knn_vector') throw shardError(ctx, `Field '${field}' is not knn_vector type.`);
  const config = knnConfigOf(info.params, ctx.mappings.knnEnabled);
  if (!config.engine) throw shardError(ctx, `Field '${field}' is not built for ANN search.`);
  const engine = config.engine;
  const space = config.spaceType as SpaceType;
  const vector = request.vector as Float32Array;
  // KNNVectorFieldType#transformQueryVector: Faiss cosine normalizes the query (VectorUtil#l2normalize) first.
  if (engine === 'faiss' && space === 'cosinesimil' && isZero(vector)) {
    throw shardError(ctx, 'Cannot normalize a zero-length vector');
  }
  if (request.maxDistance !== undefined && request.maxDistance < 0 && space !== 'innerproduct') {
    throw shardError(
      ctx,
      `[knn] requires distance to be non-negative for space type: ${SPACE_ENUM_NAMES[space]}`,
    );
  }
  if (request.minScore !== undefined && request.minScore > 1 && space !== 'innerproduct') {
    throw shardError(
      ctx,
      `[knn] requires score to be in the range [0, 1] for space type: ${SPACE_ENUM_NAMES[space]}`,
    );
  }
  if (vector.length !== config.dimension) {
    throw shardError(
      ctx,
      `Query vector has invalid dimension: ${vector.length}. Dimension should be: ${config.dimension}`,
    );
  }
  if (space === 'cosinesimil' && isZero(vector)) {
    throw shardError(ctx, 'zero vector is not supported when space type is [cosinesimil]');
  }
  const radial = request.k === undefined ? radialOf(request, space, engine) : undefined;
  // the `flat` method (Lucene) has no graph: always exact
  const graph = config.method === 'hnsw' ? { m: config.m, efConstruction: config.efConstruction } : undefined;
  const efSearch = request.efSearch ?? ctx.knnEfSearch ?? DEFAULT_EF_SEARCH;
  return new KnnQuery(
    field,
    vector,
    space,
    engine,
    request.k,
    radial,
    request.filter,
    request.boost,
    graph,
    efSearch,
  );
};

/** The knn query compiled for one index: exact top k (or radial set) over the field's vectors. */
export class KnnQuery implements Query {
  private cached: { reader: object; generation: number; result: DocSet; filtered: number } | undefined;

  constructor(
    readonly field: string,
    readonly vector: Float32Array,
    readonly space: SpaceType,
    readonly engine: 'faiss' | 'lucene',
    readonly k: number | undefined,
    readonly radial: Radial | undefined,
    readonly filter: Query | undefined,
    readonly boost: number,
    /** The mapping's HNSW parameters, or undefined for a field without a graph (`flat`). */
    readonly graph: HnswParams | undefined,
    readonly efSearch: number = DEFAULT_EF_SEARCH,
  ) {}

  execute(searcher: Searcher): DocSet {
    const reader = searcher.reader;
    if (this.cached && this.cached.reader === reader && this.cached.generation === reader.generation) {
      return this.cached.result;
    }
    const column = reader.vector(this.field);
    let result: DocSet = EMPTY_DOC_SET;
    let filtered = -1;
    if (column) {
      let candidates: Candidates = { kind: 'all' };
      if (this.filter) {
        const docs = this.filter.execute(searcher).docs;
        filtered = 0;
        for (let i = 0; i < docs.length; i++) if (column.has(docs[i])) filtered++;
        candidates = { kind: 'list', docs };
      }
      const request: ExactRequest = { reader, column, space: this.space, query: this.vector, candidates };
      if (filtered !== 0) {
        if (this.k === undefined) result = this.radialSearch(request);
        else {
          result = this.approximate(request, this.k) ?? exactTopK(request, this.k);
        }
      }
    }
    if (this.boost !== 1) {
      const scores = new Float32Array(result.scores.length);
      // KNNScorer / DocAndScoreQuery: score * boost in float.
      for (let i = 0; i < scores.length; i++) scores[i] = result.scores[i] * this.boost;
      result = { docs: result.docs, scores };
    }
    this.cached = { reader, generation: reader.generation, result, filtered };
    return result;
  }

  /** The graph search of an unfiltered knn, when the field has a graph. */
  private approximate(request: ExactRequest, k: number): DocSet | undefined {
    if (!this.graph || this.filter) return undefined;
    const graph = graphOf(request.reader, this.field, request.column, this.space, this.graph);
    return graph && approximateTopK(request, graph, k, this.efSearch);
  }

  private radialSearch(request: ExactRequest): DocSet {
    const { threshold, inclusive } = this.radial as Radial;
    const within = exactWithin(request, inclusive ? (s) => s >= threshold : (s) => s > threshold);
    if (this.engine === 'lucene' || within.docs.length <= MAX_RESULT_WINDOW) return within;
    // Faiss's range search stops at max_result_window results: keep the best ones.
    return exactTopK({ ...request, candidates: { kind: 'list', docs: within.docs } }, MAX_RESULT_WINDOW);
  }

  explain(searcher: Searcher, doc: number): Explanation {
    const result = this.execute(searcher);
    const at = indexOfDoc(result.docs, doc);
    const n = result.docs.length;
    if (this.engine === 'lucene') {
      // Lucene's DocAndScoreQuery weight (AbstractKnnVectorQuery).
      if (at < 0) return { value: 0, description: `not in top ${n} docs`, details: [] };
      return { value: result.scores[at], description: `within top ${n} docs`, details: [] };
    }
    if (at < 0) return { value: 0, description: `not in top ${this.k ?? n}`, details: [] };
    return this.faissExplanation(searcher, doc, result.scores[at]);
  }

  /** KNNWeight#explain (k-NN 3.x) for the Faiss engine. */
  private faissExplanation(searcher: Searcher, doc: number, score: number): Explanation {
    const high = this.radial
      ? `the type of knn search executed was Radial with the radius of ${javaFloat(this.radial.radius)}`
      : 'the type of knn search executed was Approximate-NN';
    const filtered = this.cached?.filtered ?? -1;
    let leaf = 'the type of knn search executed at leaf was ';
    let exact = false;
    if (this.filter && this.k !== undefined && filtered <= this.k) {
      leaf += `Exact since filteredIds = ${filtered} is less than or equal to K = ${this.k}`;
      exact = true;
    } else if (this.filter && filtered * this.vector.length <= MAX_DISTANCE_COMPUTATIONS) {
      leaf += `Exact since max distance computation = ${MAX_DISTANCE_COMPUTATIONS} is greater than or equal to cardinality = ${filtered}`;
      exact = true;
    } else leaf += 'Approximate-NN';
    leaf += ` with vectorDataType = FLOAT, spaceType = ${this.space}`;
    if (exact)
      return { value: score, description: high, details: [{ value: score, description: leaf, details: [] }] };
    const raw = this.rawScore(searcher, doc);
    const formula =
      this.space === 'cosinesimil'
        ? '`Math.max((2.0F - rawScore) / 2.0F, 0.0F)`'
        : this.space === 'innerproduct' && raw < 0
          ? '`-rawScore + 1`'
          : '`1 / (1 + rawScore)`';
    return {
      value: score,
      description: high,
      details: [
        {
          value: score,
          description: `${leaf} where score is computed as ${formula} from:`,
          details: [{ value: raw, description: 'rawScore, returned from faiss library', details: [] }],
        },
      ],
    };
  }

  /** The raw score the plugin translates (Faiss.java): squared L2, −ip for innerproduct, 1 − cos for cosine. */
  private rawScore(searcher: Searcher, doc: number): number {
    const column = searcher.reader.vector(this.field);
    if (!column) return 0;
    const offset = doc * column.dimension;
    if (this.space === 'l2') return squareDistance(this.vector, column.data, offset);
    if (this.space === 'innerproduct') return f(-dotProduct(this.vector, column.data, offset));
    const cos = cosineFrom(
      cosineDot(this.vector, column.data, offset),
      cosineNormSquared(this.vector, 0, this.vector.length),
      cosineNormSquared(column.data, offset, column.dimension),
    );
    return f(1 - cos);
  }
}

/** Java's Float.toString for the numbers explanations print (enough for integral and short decimal values). */
function javaFloat(value: number): string {
  const text = String(f(value));
  return /[.eE]/.test(text) || !Number.isFinite(value) ? text : `${text}.0`;
}
