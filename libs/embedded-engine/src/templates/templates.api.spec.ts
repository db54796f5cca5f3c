import { EngineState } from '../engine-state';
import { asOpenSearchError } from '../errors';
import { indexRoutes } from '../indices/indices.api';
import { Router } from '../rest/router';
import { WalRecord } from '../storage/records';
import { templateRoutes } from './templates.api';

describe('template routes', () => {
  let state: EngineState;
  let router: Router;
  let committed: WalRecord[];

  beforeEach(() => {
    state = new EngineState(() => 1_700_000_000_000);
    committed = [];
    state.changeLog = {
      append: async (records) => void committed.push(...records),
      close: async () => undefined,
    };
    router = new Router().add(...templateRoutes(state), ...indexRoutes(state));
  });

  const call = async (method: string, path: string, body?: unknown, query: Record<string, string> = {}) => {
    try {
      return await router.dispatch({
        method,
        path,
        query,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const e = asOpenSearchError(error);
      return { status: e.status, body: e.toResponseBody() };
    }
  };

  it('puts, gets and deletes an index template, committing its records', async () => {
    const template = { index_patterns: ['test-*'], template: { settings: { number_of_shards: 1 } } };
    expect(await call('PUT', '/_index_template/test', template)).toEqual({
      status: 200,
      body: { acknowledged: true },
    });
    expect(committed).toEqual([
      {
        op: 'put_index_template',
        name: 'test',
        template: { index_patterns: ['test-*'], template: { settings: { 'index.number_of_shards': '1' } } },
      },
    ]);
    expect(await call('GET', '/_index_template/test', undefined, { flat_settings: 'true' })).toEqual({
      status: 200,
      body: {
        index_templates: [
          {
            name: 'test',
            index_template: {
              index_patterns: ['test-*'],
              template: { settings: { 'index.number_of_shards': '1' } },
            },
          },
        ],
      },
    });
    expect((await call('HEAD', '/_index_template/test')).status).toBe(200);
    expect((await call('HEAD', '/_index_template/nope')).status).toBe(404);
    expect(await call('PUT', '/_index_template/test', template, { create: 'true' })).toEqual({
      status: 400,
      body: {
        error: {
          root_cause: [
            { type: 'illegal_argument_exception', reason: 'index template [test] already exists' },
          ],
          type: 'illegal_argument_exception',
          reason: 'index template [test] already exists',
        },
        status: 400,
      },
    });
    expect(await call('DELETE', '/_index_template/test')).toEqual({
      status: 200,
      body: { acknowledged: true },
    });
    expect(await call('GET', '/_index_template/test')).toEqual({
      status: 404,
      body: {
        error: {
          root_cause: [
            { type: 'resource_not_found_exception', reason: 'index template matching [test] not found' },
          ],
          type: 'resource_not_found_exception',
          reason: 'index template matching [test] not found',
        },
        status: 404,
      },
    });
    expect(await call('GET', '/_index_template')).toEqual({ status: 200, body: { index_templates: [] } });
  });

  it('requires a body and refuses unknown parameters', async () => {
    expect((await call('PUT', '/_index_template/t')).body).toMatchObject({
      error: { type: 'parse_exception', reason: 'request body is required' },
    });
    expect((await call('PUT', '/_index_template/t', { index_patterns: ['a'] }, { bogus: '1' })).status).toBe(
      400,
    );
  });

  it('component templates: put, get, refuse deletion while used', async () => {
    await call('PUT', '/_component_template/ct', {
      template: { mappings: { properties: { f: { type: 'keyword' } } } },
      version: 1,
    });
    expect(await call('GET', '/_component_template/ct')).toEqual({
      status: 200,
      body: {
        component_templates: [
          {
            name: 'ct',
            component_template: {
              template: { mappings: { properties: { f: { type: 'keyword' } } } },
              version: 1,
            },
          },
        ],
      },
    });
    await call('PUT', '/_index_template/t', { index_patterns: ['a*'], composed_of: ['ct'] });
    expect((await call('DELETE', '/_component_template/ct')).body).toMatchObject({
      error: {
        type: 'illegal_argument_exception',
        reason: 'component templates [ct] cannot be removed as they are still in use by index templates [t]',
      },
    });
  });

  it('new indices take their matching template', async () => {
    await call('PUT', '/_component_template/ct', {
      template: { settings: { number_of_replicas: 0 }, aliases: { from_ct: {} } },
    });
    await call('PUT', '/_index_template/t', {
      index_patterns: ['bar-*'],
      composed_of: ['ct'],
      template: {
        settings: { 'index.number_of_shards': 2 },
        mappings: { properties: { f: { type: 'integer' } } },
      },
    });
    expect(
      (
        await call('PUT', '/bar-1', {
          mappings: { properties: { g: { type: 'keyword' } } },
          aliases: { other: {} },
        })
      ).status,
    ).toBe(200);
    const index = (await call('GET', '/bar-1')).body as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(index['bar-1'].aliases).toEqual({ from_ct: {}, other: {} });
    expect(index['bar-1'].mappings).toEqual({
      properties: { f: { type: 'integer' }, g: { type: 'keyword' } },
    });
    expect((index['bar-1'].settings.index as Record<string, unknown>).number_of_shards).toBe('2');
    expect((index['bar-1'].settings.index as Record<string, unknown>).number_of_replicas).toBe('0');
  });

  it('simulates an index', async () => {
    await call('PUT', '/_index_template/test', {
      index_patterns: 'te*',
      template: { mappings: { properties: { field: { type: 'keyword' } } } },
    });
    expect(await call('POST', '/_index_template/_simulate_index/test')).toEqual({
      status: 200,
      body: {
        template: { settings: {}, mappings: { properties: { field: { type: 'keyword' } } }, aliases: {} },
        overlapping: [],
      },
    });
    expect(await call('POST', '/_index_template/_simulate_index/nothing')).toEqual({ status: 200, body: {} });
    expect((await call('POST', '/_index_template/_simulate/test')).status).toBe(200);
  });
});
