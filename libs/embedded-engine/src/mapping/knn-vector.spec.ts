import { OpenSearchError } from '../errors';
import { KnnVectorError, parseKnnVector, validateKnnMapping } from './knn-vector';

function failure(fn: () => unknown): OpenSearchError {
  try {
    fn();
  } catch (error) {
    return error instanceof KnnVectorError ? error.error : (error as OpenSearchError);
  }
  throw new Error('expected a failure');
}

describe('validateKnnMapping (KNNVectorFieldMapper.TypeParser)', () => {
  it('resolves defaults: faiss, l2, hnsw, m 16, ef_construction 100', () => {
    expect(validateKnnMapping('v', { dimension: 3 }, true)).toEqual({
      dimension: 3,
      spaceType: 'l2',
      engine: 'faiss',
      m: 16,
      efConstruction: 100,
      method: 'hnsw',
    });
    const lucene = validateKnnMapping(
      'v',
      {
        dimension: '4',
        method: {
          name: 'hnsw',
          engine: 'lucene',
          space_type: 'COSINESIMIL',
          parameters: { m: 8, ef_construction: 64 },
        },
      },
      true,
    );
    expect(lucene).toEqual({
      dimension: 4,
      spaceType: 'cosinesimil',
      engine: 'lucene',
      m: 8,
      efConstruction: 64,
      method: 'hnsw',
    });
  });

  it('fails as the plugin does', () => {
    expect(failure(() => validateKnnMapping('v', {}, true)).reason).toBe(
      'Dimension value missing for vector: v',
    );
    expect(failure(() => validateKnnMapping('v', { dimension: 0 }, true)).reason).toBe(
      'Dimension value must be greater than 0 for vector: v',
    );
    expect(failure(() => validateKnnMapping('v', { dimension: 16001 }, true)).reason).toBe(
      'Validation Failed: 1: Dimension value cannot be greater than 16000 for vector with engine: faiss;',
    );
    expect(
      failure(() => validateKnnMapping('v', { dimension: 2, method: { name: 'hnsw' } }, false)).reason,
    ).toBe('Cannot set modelId or method parameters when index.knn setting is false');
    expect(
      failure(() =>
        validateKnnMapping('v', { dimension: 2, method: { name: 'hnsw', engine: 'nmslib' } }, true),
      ).reason,
    ).toBe(
      'nmslib engine is deprecated in OpenSearch  and cannot be used for new index creation in OpenSearch from  3.0.0.',
    );
    expect(failure(() => validateKnnMapping('v', { dimension: 2, space_type: 'cosine' }, true)).reason).toBe(
      'Unable to find space: cosine . Valid values are: [l2, cosinesimil, l1, linf, innerproduct, hamming]',
    );
    expect(
      failure(() =>
        validateKnnMapping(
          'v',
          { dimension: 2, space_type: 'l2', method: { name: 'hnsw', space_type: 'innerproduct' } },
          true,
        ),
      ).reason,
    ).toBe('Space type in "method" and top level space type should be same or one of them should be defined');
  });

  it('keeps l1/linf for flat (index.knn false) fields', () => {
    expect(validateKnnMapping('v', { dimension: 2, space_type: 'l1' }, false).spaceType).toBe('l1');
    expect(failure(() => validateKnnMapping('v', { dimension: 2, space_type: 'l1' }, true)).reason).toBe(
      'Validation Failed: 1: "hnsw" configuration does not support space type: "l1".;',
    );
  });
});

describe('parseKnnVector', () => {
  const config = validateKnnMapping('v', { dimension: 3 }, true);

  it('stores float32 values', () => {
    const vector = parseKnnVector([0.1, '0.2', 3], config)!;
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Array.from(vector)).toEqual([Math.fround(0.1), Math.fround(0.2), 3]);
    expect(parseKnnVector(null, config)).toBeNull();
  });

  it('checks the dimension and, for cosinesimil, the zero vector', () => {
    expect(failure(() => parseKnnVector([1, 2], config)).reason).toBe(
      'Vector dimension mismatch. Expected: 3, Given: 2',
    );
    const cosine = validateKnnMapping('v', { dimension: 2, space_type: 'cosinesimil' }, true);
    expect(failure(() => parseKnnVector([0, 0], cosine)).reason).toBe(
      'zero vector is not supported when space type is [cosinesimil]',
    );
  });
});
