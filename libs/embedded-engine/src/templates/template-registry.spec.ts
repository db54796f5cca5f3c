import { OpenSearchError } from '../errors';
import { patternsOverlap } from './pattern-overlap';
import { TemplateRegistry } from './template-registry';

function thrown(fn: () => unknown): OpenSearchError {
  try {
    fn();
  } catch (error) {
    return error as OpenSearchError;
  }
  throw new Error('expected an error');
}

describe('patternsOverlap (automaton intersection of index patterns)', () => {
  it.each([
    [['x*'], ['x*'], true],
    [['logs-*'], ['*-2024'], true],
    [['a*'], ['b*'], false],
    [['app-test-*-some-*'], ['app-test-*-some_other-*'], true],
    [['foo'], ['f*o'], true],
    [['foo'], ['bar'], false],
    [['te*'], ['t*', 't1*'], true],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
  });
});

describe('TemplateRegistry', () => {
  it('refuses overlapping patterns at the same priority with OpenSearch message', () => {
    const registry = new TemplateRegistry();
    registry.putIndexTemplate('a', { index_patterns: ['x*'] });
    const error = thrown(() => registry.putIndexTemplate('b', { index_patterns: 'x*' }));
    expect(error.type).toBe('illegal_argument_exception');
    expect(error.reason).toBe(
      'index template [b] has index patterns [x*] matching patterns from existing templates [a] with patterns (a => [x*]) that have the same priority [0], multiple index templates may not match during index creation, please use a different priority',
    );
    expect(registry.putIndexTemplate('b', { index_patterns: 'x*', priority: 1 })).toHaveLength(1);
  });

  it('validates the request: patterns required, priority >= 0, create, missing component templates', () => {
    const registry = new TemplateRegistry();
    expect(thrown(() => registry.putIndexTemplate('t', {}))).toEqual(
      new OpenSearchError(400, 'illegal_argument_exception', 'Required [index_patterns]'),
    );
    expect(
      thrown(() => registry.putIndexTemplate('t', { index_patterns: ['a*'], priority: -1 })).reason,
    ).toBe('Validation Failed: 1: index template priority must be >= 0;');
    const missing = thrown(() =>
      registry.putIndexTemplate('t', { index_patterns: ['a*'], composed_of: ['c', 'd'] }),
    );
    expect(missing.type).toBe('invalid_index_template_exception');
    expect(missing.reason).toBe(
      'index_template [t] invalid, cause [index template [t] specifies component templates [c, d] that do not exist]',
    );
    registry.putIndexTemplate('t', { index_patterns: ['a*'] });
    expect(
      thrown(() => registry.putIndexTemplate('t', { index_patterns: ['a*'] }, { create: true })).reason,
    ).toBe('index template [t] already exists');
    const unknown = thrown(() =>
      registry.putIndexTemplate(
        'u',
        { index_patterns: ['u*'], bogus: 1 },
        { text: '{"index_patterns":["u*"],"bogus":1}' },
      ),
    );
    expect(unknown).toMatchObject({
      type: 'x_content_parse_exception',
      reason: '[1:26] [index_template] unknown field [bogus]',
    });
  });

  it('collects name, pattern and settings problems into one invalid_index_template_exception', () => {
    const registry = new TemplateRegistry();
    const error = thrown(() =>
      registry.putIndexTemplate('Bad name', {
        index_patterns: ['_x'],
        template: { settings: { 'index.foo': 1 } },
      }),
    );
    expect(error.type).toBe('invalid_index_template_exception');
    expect(error.reason).toBe(
      "index_template [Bad name] invalid, cause [Validation Failed: 1: name must not contain a space;2: name must be lower cased;3: index_pattern [_x] must not start with '_';4: unknown setting [index.foo] please check that any required plugins are installed, or check the breaking changes documentation for removed settings;]",
    );
  });

  it('wraps invalid composite mappings', () => {
    const registry = new TemplateRegistry();
    const error = thrown(() =>
      registry.putIndexTemplate('t', {
        index_patterns: ['a*'],
        template: { mappings: { properties: { f: { type: 'nope' } } } },
      }),
    );
    expect(error.type).toBe('illegal_argument_exception');
    expect(error.reason).toBe('composable template [t] template after composition is invalid');
    expect(error.causedBy?.reason).toBe('invalid composite mappings for [t]');
    expect(error.causedBy?.causedBy?.type).toBe('mapper_parsing_exception');
  });

  it('shows templates as OpenSearch does: settings nested, aliases with both routings', () => {
    const registry = new TemplateRegistry();
    registry.putIndexTemplate('test', {
      index_patterns: ['test-*', 'test2-*'],
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { properties: { field: { type: 'text' } } },
        aliases: {
          test_alias: {},
          test_blias: { routing: 'b' },
          test_clias: { filter: { term: { user: 'foobar' } } },
        },
      },
      _meta: { owner: 'me' },
      version: 3,
    });
    expect(registry.getIndexTemplates('test')).toEqual({
      status: 200,
      body: {
        index_templates: [
          {
            name: 'test',
            index_template: {
              index_patterns: ['test-*', 'test2-*'],
              template: {
                settings: { index: { number_of_shards: '1', number_of_replicas: '0' } },
                mappings: { properties: { field: { type: 'text' } } },
                aliases: {
                  test_alias: {},
                  test_blias: { index_routing: 'b', search_routing: 'b' },
                  test_clias: { filter: { term: { user: 'foobar' } } },
                },
              },
              version: 3,
              _meta: { owner: 'me' },
            },
          },
        ],
      },
    });
    expect(registry.getIndexTemplates('nothing*')).toEqual({ status: 404, body: { index_templates: [] } });
    expect(thrown(() => registry.getIndexTemplates('missing'))).toEqual(
      new OpenSearchError(404, 'resource_not_found_exception', 'index template matching [missing] not found'),
    );
  });

  it('composes component templates in composed_of order, then the index template', () => {
    const registry = new TemplateRegistry();
    registry.putComponentTemplate('ct_low', {
      template: {
        settings: { number_of_replicas: 1 },
        mappings: { properties: { field1: { type: 'text' } } },
        aliases: { aliasname: { is_write_index: false } },
      },
    });
    registry.putComponentTemplate('ct_high', {
      template: {
        settings: { 'index.number_of_replicas': 0 },
        mappings: { properties: { field2: { type: 'keyword' } } },
        aliases: { aliasname: { is_write_index: true } },
      },
    });
    registry.putIndexTemplate('my-template', {
      index_patterns: ['foo', 'bar-*'],
      template: {
        settings: { 'index.number_of_shards': 2 },
        mappings: { properties: { field3: { type: 'integer' } } },
        aliases: { my_alias: {}, aliasname: { filter: { match_all: {} } }, '{index}-alias': {} },
      },
      composed_of: ['ct_low', 'ct_high'],
      priority: 400,
    });
    expect(registry.resolveForIndex('bar-baz')).toEqual({
      settings: { 'index.number_of_replicas': '0', 'index.number_of_shards': '2' },
      mappings: [
        { properties: { field1: { type: 'text' } } },
        { properties: { field2: { type: 'keyword' } } },
        { properties: { field3: { type: 'integer' } } },
      ],
      aliases: { aliasname: { filter: { match_all: {} } }, my_alias: {}, 'bar-baz-alias': {} },
      templateName: 'my-template',
    });
    expect(registry.resolveForIndex('other')).toEqual({ settings: {}, mappings: [], aliases: {} });
  });

  it('picks the matching template of highest priority; hidden indices skip global templates', () => {
    const registry = new TemplateRegistry();
    registry.putIndexTemplate('global', {
      index_patterns: ['*'],
      priority: 1,
      template: { settings: { number_of_shards: 5 } },
    });
    registry.putIndexTemplate('bar', {
      index_patterns: ['bar-*'],
      priority: 405,
      template: { settings: { number_of_shards: 3 } },
    });
    expect(registry.resolveForIndex('bar-baz').templateName).toBe('bar');
    expect(registry.resolveForIndex('zzz').templateName).toBe('global');
    expect(registry.resolveForIndex('zzz', { hidden: true }).templateName).toBeUndefined();
  });

  it('protects component templates in use, and reports missing templates on delete', () => {
    const registry = new TemplateRegistry();
    registry.putComponentTemplate('c1', { template: { settings: { number_of_shards: 1 } } });
    registry.putIndexTemplate('t', { index_patterns: ['a*'], composed_of: ['c1'] });
    expect(thrown(() => registry.deleteComponentTemplate('c*')).reason).toBe(
      'component templates [c1] cannot be removed as they are still in use by index templates [t]',
    );
    expect(thrown(() => registry.putComponentTemplate('c1', { template: {} }, { create: true })).reason).toBe(
      'component template [c1] already exists',
    );
    expect(thrown(() => registry.putComponentTemplate('c2', {})).reason).toBe('Required [template]');
    expect(registry.deleteIndexTemplate('t')).toEqual([{ op: 'delete_index_template', name: 't' }]);
    expect(registry.deleteComponentTemplate('c1')).toEqual([{ op: 'delete_component_template', name: 'c1' }]);
    expect(thrown(() => registry.deleteIndexTemplate('t'))).toEqual(
      new OpenSearchError(404, 'index_template_missing_exception', 'index_template [t] missing'),
    );
    expect(thrown(() => registry.deleteComponentTemplate('c1')).reason).toBe('index_template [c1] missing');
    expect(registry.deleteIndexTemplate('*')).toEqual([]);
    expect(thrown(() => registry.getComponentTemplates('c1')).reason).toBe(
      'component template matching [c1] not found',
    );
  });

  it('an unchanged template writes no record', () => {
    const registry = new TemplateRegistry();
    expect(registry.putIndexTemplate('t', { index_patterns: ['a*'] })).toHaveLength(1);
    expect(registry.putIndexTemplate('t', { index_patterns: ['a*'] })).toEqual([]);
  });

  it('rebuilds the same templates from its records', () => {
    const registry = new TemplateRegistry();
    registry.putComponentTemplate('c', {
      template: { settings: { 'index.number_of_shards': 2 }, aliases: { a: { routing: 1 } } },
      version: 2,
    });
    registry.putIndexTemplate('t', {
      index_patterns: ['a*'],
      composed_of: ['c'],
      template: { mappings: { properties: { f: { type: 'keyword' } } } },
    });
    const records = registry.records();
    expect(records.map((r) => r.op)).toEqual(['put_component_template', 'put_index_template']);
    const copy = new TemplateRegistry();
    for (const record of records) copy.apply(JSON.parse(JSON.stringify(record)));
    expect(copy.getIndexTemplates(undefined)).toEqual(registry.getIndexTemplates(undefined));
    expect(copy.getComponentTemplates(undefined)).toEqual(registry.getComponentTemplates(undefined));
    expect(copy.resolveForIndex('ab')).toEqual(registry.resolveForIndex('ab'));
  });

  it('simulates an index, with a template from the request added first', () => {
    const registry = new TemplateRegistry();
    registry.putIndexTemplate('existing_test', {
      index_patterns: 'te*',
      priority: 10,
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { properties: { field: { type: 'keyword' } } },
      },
    });
    registry.putComponentTemplate('ct', {
      template: {
        settings: { 'index.number_of_replicas': 2 },
        mappings: { properties: { ct_field: { type: 'keyword' } } },
      },
    });
    expect(registry.simulateIndex('test', undefined)).toEqual({
      template: {
        settings: { index: { number_of_replicas: '0', number_of_shards: '1' } },
        mappings: { properties: { field: { type: 'keyword' } } },
        aliases: {},
      },
      overlapping: [],
    });
    const simulated = registry.simulateIndex('test', {
      index_patterns: 'te*',
      priority: 15,
      template: { settings: { 'index.number_of_shards': 3 }, aliases: { test_alias: {} } },
      composed_of: ['ct'],
    });
    expect(simulated).toEqual({
      template: {
        settings: { index: { number_of_replicas: '2', number_of_shards: '3' } },
        mappings: { properties: { ct_field: { type: 'keyword' } } },
        aliases: { test_alias: {} },
      },
      overlapping: [{ name: 'existing_test', index_patterns: ['te*'] }],
    });
    expect(registry.simulateIndex('will_not_match', undefined)).toEqual({});
    expect(registry.hasIndexTemplate('existing_test')).toBe(true);
    expect(registry.simulateTemplate('existing_test', undefined).overlapping).toEqual([]);
    expect(thrown(() => registry.simulateTemplate('nope', undefined)).reason).toBe(
      'unable to simulate template [nope] that does not exist',
    );
  });
});
