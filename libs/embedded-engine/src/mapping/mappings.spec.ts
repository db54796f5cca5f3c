import { OpenSearchError } from '../errors';
import { Mappings } from './mappings';

const ctx = { knnEnabled: true };

function failure(fn: () => unknown): OpenSearchError {
  try {
    fn();
  } catch (error) {
    return error as OpenSearchError;
  }
  throw new Error('expected a failure');
}

describe('Mappings.parse / toJSON', () => {
  it('prints properties sorted by name, objects without a type unless empty, configured parameters only', () => {
    const mappings = Mappings.parse(
      {
        dynamic: false,
        _meta: { version: 2 },
        properties: {
          title: { type: 'text', fields: { raw: { type: 'keyword' } } },
          address: { properties: { city: { type: 'keyword', index: true, ignore_above: '100' } } },
          empty: { type: 'object' },
          price: { type: 'scaled_float', scaling_factor: 100, coerce: true },
          'a.b': { type: 'long' },
        },
      },
      ctx,
    );
    const json = mappings.toJSON();
    expect(JSON.stringify(json)).toBe(
      JSON.stringify({
        dynamic: 'false',
        _meta: { version: 2 },
        properties: {
          a: { properties: { b: { type: 'long' } } },
          address: { properties: { city: { type: 'keyword', ignore_above: 100 } } },
          empty: { type: 'object' },
          price: { type: 'scaled_float', coerce: true, scaling_factor: 100 },
          title: { type: 'text', fields: { raw: { type: 'keyword' } } },
        },
      }),
    );
    expect(Mappings.parse(json, ctx).toJSON()).toEqual(json);
    expect(mappings.field('title.raw')).toEqual({ path: 'title.raw', type: 'keyword', params: {} });
    expect(mappings.fields().map((f) => f.path)).toEqual([
      'title',
      'title.raw',
      'address.city',
      'price',
      'a.b',
    ]);
    expect(Mappings.empty().toJSON()).toEqual({});
  });

  it('wraps definition errors as index creation does', () => {
    const error = failure(() => Mappings.parse({ properties: { bar: { type: 'foo' } } }, ctx));
    expect(error.type).toBe('mapper_parsing_exception');
    expect(error.reason).toBe(
      'Failed to parse mapping [_doc]: No handler for type [foo] declared on field [bar]',
    );
    expect(error.causedBy?.reason).toBe('No handler for type [foo] declared on field [bar]');
    expect(failure(() => Mappings.parse({ foo: 'bar' }, ctx)).causedBy?.reason).toBe(
      'Root mapping definition has unsupported parameters:  [foo : bar]',
    );
    expect(
      failure(() => Mappings.parse({ properties: { bar: { type: 'keyword', foo: 1 } } }, ctx)).causedBy
        ?.reason,
    ).toBe('unknown parameter [foo] on mapper [bar] of type [keyword]');
    expect(
      failure(() => Mappings.parse({ properties: { bar: { index: false } } }, ctx)).causedBy?.reason,
    ).toBe('No type specified for field [bar]');
    expect(
      failure(() => Mappings.parse({ properties: { g: { type: 'geo_point', foo: 'x' } } }, ctx)).causedBy
        ?.reason,
    ).toBe('Mapping definition for [g] has unsupported parameters:  [foo : x]');
    expect(
      failure(() => Mappings.parse({ properties: { p: { type: 'scaled_float' } } }, ctx)).causedBy?.reason,
    ).toBe('Field [scaling_factor] is required');
    const knn = failure(() => Mappings.parse({ properties: { v: { type: 'knn_vector' } } }, ctx));
    expect(knn.reason).toBe('Failed to parse mapping [_doc]: Dimension value missing for vector: v');
    expect(knn.causedBy?.type).toBe('illegal_argument_exception');
  });
});

describe('Mappings#merge (PUT _mapping)', () => {
  const base = Mappings.parse(
    { properties: { title: { type: 'text' }, code: { type: 'keyword', index: false } } },
    ctx,
  );

  it('adds fields and leaves the original untouched', () => {
    const merged = base.merge({ properties: { views: { type: 'long' } } }, ctx);
    expect(Object.keys(merged.toJSON().properties as object)).toEqual(['code', 'title', 'views']);
    expect(base.field('views')).toBeUndefined();
  });

  it('rejects type changes and non-updateable parameter changes with OpenSearch wording', () => {
    const type = failure(() => base.merge({ properties: { title: { type: 'keyword' } } }, ctx));
    expect([type.type, type.reason]).toEqual([
      'illegal_argument_exception',
      'mapper [title] cannot be changed from type [text] to [keyword]',
    ]);
    expect(failure(() => base.merge({ properties: { code: { type: 'keyword' } } }, ctx)).reason).toBe(
      'Mapper for [code] conflicts with existing mapper:\n\tCannot update parameter [index] from [false] to [true]',
    );
    expect(
      failure(() => base.merge({ properties: { title: { properties: { x: { type: 'long' } } } } }, ctx))
        .reason,
    ).toBe("Can't merge a non object mapping [title] with an object mapping");
  });

  it('updates updateable parameters and adds multi-fields', () => {
    const merged = base.merge(
      {
        properties: {
          code: { type: 'keyword', index: false, ignore_above: 10, fields: { t: { type: 'text' } } },
        },
      },
      ctx,
    );
    expect(merged.toJSON().properties).toMatchObject({
      code: { type: 'keyword', index: false, ignore_above: 10, fields: { t: { type: 'text' } } },
    });
  });
});

describe('Mappings.compose (index templates)', () => {
  it('replaces a redefined field and merges objects', () => {
    const composed = Mappings.compose(
      [
        { properties: { a: { type: 'keyword' }, o: { properties: { x: { type: 'long' } } } } },
        { properties: { a: { type: 'text' }, o: { properties: { y: { type: 'date' } } } } },
      ],
      ctx,
    );
    expect(composed.toJSON()).toEqual({
      properties: {
        a: { type: 'text' },
        o: { properties: { x: { type: 'long' }, y: { type: 'date' } } },
      },
    });
  });
});

describe('Mappings#parseDocument', () => {
  const mappings = Mappings.parse(
    {
      properties: {
        price: { type: 'long' },
        tag: { type: 'keyword', ignore_above: 5, null_value: 'none' },
        flag: { type: 'boolean' },
        location: { type: 'geo_point' },
        v: { type: 'knn_vector', dimension: 3 },
        a: { properties: { b: { type: 'long' } } },
        strict_obj: { dynamic: 'strict', properties: { x: { type: 'long' } } },
        people: { properties: { name: { type: 'keyword' } } },
      },
    },
    ctx,
  );

  it('indexes mapped values as their types store them', () => {
    const doc = mappings.parseDocument(
      '1',
      {
        price: '12.7',
        tag: [12, 'toolong', null],
        flag: 'false',
        location: '41.12,-71.34',
        'a.b': 3,
        people: [{ name: 'x' }, { name: 'y' }],
        v: [1, 2, 3],
      },
      ctx,
    );
    expect(doc.updatedMappings).toBeUndefined();
    expect(doc.fields.get('price')).toEqual([12]);
    // "toolong" is longer than ignore_above 5; null takes null_value
    expect(doc.fields.get('tag')).toEqual(['12', 'none']);
    expect(doc.fields.get('flag')).toEqual([false]);
    expect(doc.fields.get('location')).toEqual([{ lat: 41.12, lon: -71.34 }]);
    expect(doc.fields.get('a.b')).toEqual([3]);
    expect(doc.fields.get('people.name')).toEqual(['x', 'y']);
    expect(doc.fields.get('v')?.[0]).toEqual(new Float32Array([1, 2, 3]));
  });

  it('maps new fields dynamically like OpenSearch', () => {
    const doc = mappings.parseDocument(
      '1',
      {
        title: 'Hello',
        when: '2015-01-01',
        slash: '2015/01/01',
        n: 5,
        f: 1.5,
        yes: true,
        obj: { inner: 'x' },
        num: '12',
      },
      ctx,
    );
    expect(doc.fields.get('title')).toEqual(['Hello']);
    expect(doc.fields.get('title.keyword')).toEqual(['Hello']);
    expect(doc.fields.get('when')).toEqual([1420070400000]);
    expect(doc.fields.get('obj.inner.keyword')).toEqual(['x']);
    const properties = doc.updatedMappings!.toJSON().properties as Record<string, unknown>;
    expect(properties.title).toEqual({
      type: 'text',
      fields: { keyword: { type: 'keyword', ignore_above: 256 } },
    });
    expect(properties.when).toEqual({ type: 'date' });
    expect(properties.slash).toEqual({
      type: 'date',
      format: 'yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis',
    });
    expect(properties.n).toEqual({ type: 'long' });
    expect(properties.f).toEqual({ type: 'float' });
    expect(properties.yes).toEqual({ type: 'boolean' });
    expect(properties.num).toEqual(properties.title); // numeric strings are neither dates nor (without numeric_detection) numbers
    expect(properties.obj).toEqual({ properties: { inner: properties.title } });
    expect(mappings.field('title')).toBeUndefined();
  });

  it('follows dynamic false and strict', () => {
    const off = Mappings.parse({ dynamic: false, properties: {} }, ctx).parseDocument('1', { x: 1 }, ctx);
    expect(off.updatedMappings).toBeUndefined();
    expect(off.fields.size).toBe(0);
    const strict = Mappings.parse({ dynamic: 'strict' }, ctx);
    const error = failure(() => strict.parseDocument('1', { foo: 1 }, ctx));
    expect([error.type, error.reason]).toEqual([
      'strict_dynamic_mapping_exception',
      'mapping set to strict, dynamic introduction of [foo] within [_doc] is not allowed',
    ]);
    expect(failure(() => mappings.parseDocument('1', { strict_obj: { y: 1 } }, ctx)).reason).toBe(
      'mapping set to strict, dynamic introduction of [y] within [strict_obj] is not allowed',
    );
  });

  it('reports values a field cannot take', () => {
    const price = failure(() => mappings.parseDocument('1', { price: 'abc' }, ctx));
    expect(price.reason).toBe(
      "failed to parse field [price] of type [long] in document with id '1'. Preview of field's value: 'abc'",
    );
    expect([price.causedBy?.type, price.causedBy?.reason]).toEqual([
      'illegal_argument_exception',
      'For input string: "abc"',
    ]);
    expect(failure(() => mappings.parseDocument('2', { flag: 'yes' }, ctx)).causedBy?.reason).toBe(
      'Failed to parse value [yes] as only [true] or [false] are allowed.',
    );
    const geo = failure(() => mappings.parseDocument('1', { location: { lat: 91, lon: 0 } }, ctx));
    expect([geo.reason, geo.causedBy?.reason]).toEqual([
      'failed to parse field [location] of type [geo_point]',
      'illegal latitude value [91.0] for location',
    ]);
    const knn = failure(() => mappings.parseDocument('1', { v: [1, 2] }, ctx));
    expect([knn.reason, knn.causedBy?.reason]).toEqual([
      "failed to parse field [v] of type [knn_vector] in document with id '1'. Preview of field's value: 'null'",
      'Vector dimension mismatch. Expected: 3, Given: 2',
    ]);
    expect(failure(() => mappings.parseDocument('1', { a: 1 }, ctx)).reason).toBe(
      'object mapping for [a] tried to parse field [a] as object, but found a concrete value',
    );
    const dots = failure(() => mappings.parseDocument('1', { 'x.': 1 }, ctx));
    expect([dots.reason, dots.causedBy?.reason]).toEqual([
      'failed to parse',
      'object field starting or ending with a [.] makes object resolution ambiguous: [x.]',
    ]);
  });

  it('rejects one dynamic field seen with two types in the same document', () => {
    const error = failure(() => Mappings.empty().parseDocument('1', { x: [1, 'a'] }, ctx));
    expect([error.type, error.reason]).toEqual([
      'illegal_argument_exception',
      'mapper [x] cannot be changed from type [long] to [text]',
    ]);
  });

  it('skips disabled objects but keeps their mapping', () => {
    const disabled = Mappings.parse({ properties: { raw: { enabled: false } } }, ctx);
    const doc = disabled.parseDocument('1', { raw: { anything: [1, { b: 2 }] } }, ctx);
    expect(doc.fields.size).toBe(0);
    expect(doc.updatedMappings).toBeUndefined();
    expect(disabled.toJSON()).toEqual({ properties: { raw: { type: 'object', enabled: false } } });
  });
});
