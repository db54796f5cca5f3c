import { OpenSearchError, illegalArgument, mapperParsing } from '../errors';
import { isPlainObject } from '../rest/json';
import { javaParseFloat } from './numeric';

/**
 * knn_vector mapping validation and vector parsing, as the k-NN plugin does them
 * (KNNVectorFieldMapper.TypeParser, SpaceType, KNNEngine, KNNValidationUtil#validateVectorDimension,
 * KNNVectorFieldMapper#parseCreateField). See /work/shared/reference/knn-and-painless.md §1.
 */

export type SpaceType = 'l2' | 'cosinesimil' | 'innerproduct' | 'l1' | 'linf' | 'hamming';
export type KnnEngine = 'faiss' | 'lucene';

export interface KnnConfig {
  dimension: number;
  spaceType: SpaceType;
  /** undefined for a flat field (index.knn false): exact search only */
  engine?: KnnEngine;
  m: number;
  efConstruction: number;
  /** `hnsw` (a graph is built for large indices) or Lucene's `flat` (exact only); undefined for a flat field. */
  method?: 'hnsw' | 'flat';
}

/** SpaceType.VALID_VALUES */
const SPACE_TYPES: SpaceType[] = ['l2', 'cosinesimil', 'l1', 'linf', 'innerproduct', 'hamming'];
/** KNNEngine.MAX_DIMENSIONS_BY_ENGINE: 16,000 for every engine */
export const KNN_MAX_DIMENSION = 16000;
/** KNNSettings: INDEX_KNN_DEFAULT_ALGO_PARAM_M, default ef_construction for indices created >= 2.12 */
const DEFAULT_M = 16;
const DEFAULT_EF_CONSTRUCTION = 100;
/** Spaces each engine's hnsw supports for float vectors (Lucene.java / Faiss.java method definitions). */
const ENGINE_SPACES: Record<KnnEngine, SpaceType[]> = {
  lucene: ['l2', 'cosinesimil', 'innerproduct'],
  faiss: ['l2', 'cosinesimil', 'innerproduct'],
};

/** SpaceType#getSpace: case-insensitive. */
function spaceType(value: unknown): SpaceType {
  const text = String(value);
  const found = SPACE_TYPES.find((s) => s === text.toLowerCase());
  if (!found) {
    throw illegalArgument(`Unable to find space: ${text} . Valid values are: [${SPACE_TYPES.join(', ')}]`);
  }
  return found;
}

/** ValidationException as OpenSearch prints it. */
const validation = (problems: string[]): OpenSearchError =>
  new OpenSearchError(
    400,
    'validation_exception',
    `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`,
  );

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** Validates a knn_vector definition (parameters already checked for unknown names) and resolves its defaults. */
export function validateKnnMapping(
  name: string,
  def: Record<string, unknown>,
  knnEnabled: boolean,
): KnnConfig {
  let dimension = -1;
  if ('dimension' in def) {
    const raw = def.dimension;
    if (raw === null) throw illegalArgument('Dimension cannot be null');
    const parsed = positiveInt(raw);
    if (parsed === undefined) {
      throw illegalArgument(
        `Unable to parse [dimension] from provided value [${String(raw)}] for vector [${name}]`,
      );
    }
    if (parsed <= 0) throw illegalArgument(`Dimension value must be greater than 0 for vector: ${name}`);
    dimension = parsed;
  }
  const dataType = def.data_type === undefined ? 'float' : String(def.data_type);
  if (!['float', 'byte', 'binary'].includes(dataType)) {
    throw illegalArgument(
      `Invalid value provided for [data_type] field. Supported values are [binary, byte, float]`,
    );
  }
  if (dataType !== 'float') {
    throw illegalArgument(
      `[data_type] [${dataType}] is not supported by this engine; only [float] vectors are`,
    );
  }
  if (def.model_id !== undefined && def.model_id !== null) {
    if (def.method !== undefined)
      throw illegalArgument(`Method and model can not be both specified in the mapping: ${name}`);
    throw illegalArgument(`[model_id] is not supported by this engine (trained models are unavailable)`);
  }
  const topLevelSpace = def.space_type === undefined ? undefined : spaceType(def.space_type);
  const method = def.method;

  if (!knnEnabled) {
    // FlatVectorFieldMapper: TypeParser#validateFromFlat
    if (method !== undefined && method !== null) {
      throw illegalArgument('Cannot set modelId or method parameters when index.knn setting is false');
    }
    if (dimension === -1) throw illegalArgument(`Dimension value missing for vector: ${name}`);
    if (def.mode !== undefined || def.compression_level !== undefined) {
      throw mapperParsing(
        `Compression and mode can not be specified in a flat mapping configuration for field: ${name}`,
      );
    }
    if (dimension > KNN_MAX_DIMENSION) {
      throw validation([`Dimension value cannot be greater than ${KNN_MAX_DIMENSION} for vector: ${name}`]);
    }
    return {
      dimension,
      spaceType: topLevelSpace ?? 'l2',
      m: DEFAULT_M,
      efConstruction: DEFAULT_EF_CONSTRUCTION,
    };
  }

  let engine: KnnEngine = 'faiss'; // KNNEngine.DEFAULT
  let methodSpace: SpaceType | undefined;
  let m = DEFAULT_M;
  let efConstruction = DEFAULT_EF_CONSTRUCTION;
  let methodKind: 'hnsw' | 'flat' = 'hnsw';
  if (method !== undefined && method !== null) {
    if (!isPlainObject(method)) throw mapperParsing('Unable to parse MethodComponent');
    const methodName = method.name;
    if (methodName === undefined) throw mapperParsing('Invalid method name: null');
    for (const key of Object.keys(method)) {
      if (!['name', 'engine', 'space_type', 'parameters'].includes(key))
        throw mapperParsing(`Invalid parameter: ${key}`);
    }
    if (method.engine !== undefined) {
      const e = String(method.engine).toLowerCase();
      if (e === 'nmslib') {
        // KNNVectorFieldMapper#validateBlockedKNNEngine (spacing as in the source)
        throw illegalArgument(
          'nmslib engine is deprecated in OpenSearch  and cannot be used for new index creation in OpenSearch from  3.0.0.',
        );
      }
      if (e !== 'faiss' && e !== 'lucene')
        throw illegalArgument(`Invalid engine type: ${String(method.engine)}`);
      engine = e;
    }
    if (method.space_type !== undefined) methodSpace = spaceType(method.space_type);
    if (methodName === 'ivf') throw validation(['"method" requires training.']);
    if (methodName !== 'hnsw' && !(methodName === 'flat' && engine === 'lucene')) {
      throw validation([`Invalid method name: ${String(methodName)}`]);
    }
    methodKind = methodName;
    if (method.parameters !== undefined && method.parameters !== null) {
      if (!isPlainObject(method.parameters))
        throw mapperParsing('Unable to parse parameters for main method component');
      const problems: string[] = [];
      for (const [key, value] of Object.entries(method.parameters)) {
        if (key === 'm' || key === 'ef_construction') {
          const n = positiveInt(value);
          if (n === undefined || n <= 0) problems.push(`Invalid parameter for key: ${key}`);
          else if (key === 'm') m = n;
          else efConstruction = n;
        } else if (!(engine === 'faiss' && key === 'encoder')) {
          problems.push(`Invalid parameter for key: ${key}`);
        }
      }
      if (problems.length > 0) throw validation(problems);
    }
    if (topLevelSpace !== undefined && methodSpace !== undefined && topLevelSpace !== methodSpace) {
      throw mapperParsing(
        'Space type in "method" and top level space type should be same or one of them should be defined',
      );
    }
  }
  const space = methodSpace ?? topLevelSpace ?? 'l2';
  const problems: string[] = [];
  if (!ENGINE_SPACES[engine].includes(space)) {
    problems.push(`"hnsw" configuration does not support space type: "${space}".`);
  }
  if (dimension > KNN_MAX_DIMENSION) {
    problems.push(
      `Dimension value cannot be greater than ${KNN_MAX_DIMENSION} for vector with engine: ${engine}`,
    );
  }
  if (problems.length > 0) throw validation(problems);
  if (dimension === -1) throw illegalArgument(`Dimension value missing for vector: ${name}`);
  return { dimension, spaceType: space, engine, m, efConstruction, method: methodKind };
}

/** A knn_vector parse failure: FieldMapper#parse quotes the parser's current token as the preview. */
export class KnnVectorError extends Error {
  constructor(
    readonly error: OpenSearchError,
    /** the preview OpenSearch prints: the element being read, or 'null' once the array has ended */
    readonly preview: string,
  ) {
    super(error.reason);
  }
}

/**
 * A document's vector: an array of numbers (or numeric strings), or a single number for dimension 1.
 * Null: no value. Errors as KNNVectorFieldMapper#parseCreateField and KNNValidationUtil raise them.
 */
export function parseKnnVector(value: unknown, config: KnnConfig): Float32Array | null {
  if (value === null || value === undefined) return null;
  const elements = Array.isArray(value) ? value : [value];
  const vector = new Float32Array(elements.length);
  let zero = true;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    let f: number;
    if (typeof element === 'number') f = Math.fround(element);
    else if (typeof element === 'string') {
      try {
        f = javaParseFloat(element);
      } catch (error) {
        throw new KnnVectorError(error as OpenSearchError, element);
      }
    } else {
      throw new KnnVectorError(
        new OpenSearchError(
          400,
          'illegal_argument_exception',
          `Current token is not a number: ${JSON.stringify(element)}`,
        ),
        element === null ? 'null' : String(element),
      );
    }
    if (Number.isNaN(f))
      throw new KnnVectorError(illegalArgument('KNN vector values cannot be NaN'), String(element));
    if (!Number.isFinite(f))
      throw new KnnVectorError(illegalArgument('KNN vector values cannot be infinity'), String(element));
    if (f !== 0) zero = false;
    vector[i] = f;
  }
  if (vector.length !== config.dimension) {
    throw new KnnVectorError(
      illegalArgument(`Vector dimension mismatch. Expected: ${config.dimension}, Given: ${vector.length}`),
      'null',
    );
  }
  if (config.spaceType === 'cosinesimil' && zero) {
    throw new KnnVectorError(
      illegalArgument('zero vector is not supported when space type is [cosinesimil]'),
      'null',
    );
  }
  return vector;
}

/** The resolved k-NN configuration of a knn_vector field from its mapping parameters (for search modules). */
export function knnConfigOf(params: Readonly<Record<string, unknown>>, knnEnabled = true): KnnConfig {
  return validateKnnMapping('', params as Record<string, unknown>, knnEnabled);
}
