import { EngineState } from '../engine-state';
import { asOpenSearchError } from '../errors';
import { indexRoutes } from '../indices/indices.api';
import { Router } from '../rest/router';
import { WalRecord } from '../storage/records';
import { aliasRoutes } from './aliases.api';

describe('alias routes', () => {
  let state: EngineState;
  let router: Router;
  let committed: WalRecord[];

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
  const aliasesOf = (index: string) => Object.fromEntries(state.indices.get(index)?.meta.aliases ?? []);

  beforeEach(async () => {
    state = new EngineState(() => 1_700_000_000_000);
    router = new Router().add(...aliasRoutes(state), ...indexRoutes(state));
    for (const name of ['logs-1', 'logs-2', 'other']) await call('PUT', `/${name}`);
    committed = [];
    state.changeLog = {
      append: async (records) => void committed.push(...records),
      close: async () => undefined,
    };
  });

  it('adds with wildcards and options, recording each index alias set', async () => {
    const response = await call('POST', '/_aliases', {
      actions: [
        { add: { index: 'logs-*', alias: 'logs', filter: { term: { level: 'error' } }, routing: 1 } },
        { add: { indices: ['other'], aliases: ['o1', 'o2'], is_write_index: true } },
      ],
    });
    expect(response).toEqual({ status: 200, body: { acknowledged: true } });
    expect(aliasesOf('logs-1')).toEqual({
      logs: { filter: { term: { level: 'error' } }, index_routing: '1', search_routing: '1' },
    });
    expect(aliasesOf('other')).toEqual({ o1: { is_write_index: true }, o2: { is_write_index: true } });
    expect(committed.map((r) => r.op === 'set_aliases' && r.index)).toEqual(['logs-1', 'logs-2', 'other']);
  });

  it('is atomic: a failing action applies nothing', async () => {
    const response = await call('POST', '/_aliases', {
      actions: [{ add: { index: 'logs-1', alias: 'a' } }, { add: { index: 'logs-2', alias: 'other' } }],
    });
    expect(response).toEqual({
      status: 400,
      body: {
        error: {
          root_cause: [
            {
              type: 'invalid_alias_name_exception',
              reason: 'Invalid alias name [other], an index exists with the same name as the alias',
              index: 'other',
              index_uuid: state.indices.get('other')?.uuid,
            },
          ],
          type: 'invalid_alias_name_exception',
          reason: 'Invalid alias name [other], an index exists with the same name as the alias',
          index: 'other',
          index_uuid: state.indices.get('other')?.uuid,
        },
        status: 400,
      },
    });
    expect(aliasesOf('logs-1')).toEqual({});
    expect(committed).toEqual([]);
  });

  it('refuses two write indices for one alias', async () => {
    await call('POST', '/_aliases', {
      actions: [{ add: { index: 'logs-1', alias: 'w', is_write_index: true } }],
    });
    const response = await call('POST', '/_aliases', {
      actions: [{ add: { index: 'logs-2', alias: 'w', is_write_index: true } }],
    });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({
      error: {
        type: 'illegal_state_exception',
        reason: 'alias [w] has more than one write index [logs-1,logs-2]',
      },
    });
    // Swapping the write index in one request is fine.
    expect(
      (
        await call('POST', '/_aliases', {
          actions: [
            { add: { index: 'logs-1', alias: 'w', is_write_index: false } },
            { add: { index: 'logs-2', alias: 'w', is_write_index: true } },
          ],
        })
      ).status,
    ).toBe(200);
  });

  it('removes aliases by pattern; nothing to remove is aliases_not_found_exception', async () => {
    await call('POST', '/_aliases', { actions: [{ add: { index: 'logs-1', aliases: ['a1', 'a2', 'b'] } }] });
    expect(
      (await call('POST', '/_aliases', { actions: [{ remove: { index: 'logs-1', alias: 'a*' } }] })).status,
    ).toBe(200);
    expect(aliasesOf('logs-1')).toEqual({ b: {} });
    expect(
      await call('POST', '/_aliases', { actions: [{ remove: { index: 'logs-1', alias: 'zzz' } }] }),
    ).toEqual({
      status: 404,
      body: {
        error: {
          root_cause: [
            {
              type: 'aliases_not_found_exception',
              reason: 'aliases [zzz] missing',
              'resource.type': 'aliases',
              'resource.id': 'zzz',
            },
          ],
          type: 'aliases_not_found_exception',
          reason: 'aliases [zzz] missing',
          'resource.type': 'aliases',
          'resource.id': 'zzz',
        },
        status: 404,
      },
    });
    const twice = await call('POST', '/_aliases', {
      actions: [
        { remove: { index: 'logs-1', alias: 'b' } },
        { remove: { index: 'logs-1', alias: 'b', must_exist: true } },
      ],
    });
    expect(twice.body).toMatchObject({
      error: { type: 'illegal_argument_exception', reason: 'required alias [b] does not exist' },
    });
  });

  it('remove_index deletes the index, and its name may become an alias in the same request', async () => {
    const response = await call('POST', '/_aliases', {
      actions: [{ add: { index: 'logs-1', alias: 'other' } }, { remove_index: { index: 'other' } }],
    });
    expect(response.status).toBe(200);
    expect(state.indices.has('other')).toBe(false);
    expect(aliasesOf('logs-1')).toEqual({ other: {} });
    expect(committed).toEqual([
      { op: 'delete_index', index: 'other' },
      { op: 'set_aliases', index: 'logs-1', aliases: { other: {} } },
    ]);
  });

  it('parses actions with OpenSearch messages', async () => {
    expect((await call('POST', '/_aliases', { actions: [] })).body).toMatchObject({
      error: {
        type: 'action_request_validation_exception',
        reason: 'Validation Failed: 1: Must specify at least one alias action;',
      },
    });
    const missingIndex = await call('POST', '/_aliases', { actions: [{ add: { alias: 'a' } }] });
    expect(missingIndex.body).toMatchObject({
      error: {
        type: 'x_content_parse_exception',
        reason: '[1:2] [aliases] failed to parse field [actions]',
        caused_by: { type: 'illegal_argument_exception', reason: 'One of [index] or [indices] is required' },
      },
    });
    const unknown = await call('POST', '/_aliases', {
      actions: [{ add: { index: 'logs-1', alias: 'a', must_exist: true } }],
    });
    expect(unknown.body).toMatchObject({
      error: {
        caused_by: {
          reason: '[1:14] [alias_action] failed to parse field [add]',
          caused_by: { reason: '[1:50] [add] unknown field [must_exist]' },
        },
      },
    });
    expect(
      (await call('POST', '/_aliases', { actions: [{ add: { index: 'nope', alias: 'a' } }] })).body,
    ).toMatchObject({
      error: { type: 'index_not_found_exception', reason: 'no such index [nope]' },
    });
  });

  it('PUT and DELETE /{index}/_alias/{name}', async () => {
    expect(await call('PUT', '/logs-1,logs-2/_alias/l', { routing: 'r', filter: { match_all: {} } })).toEqual(
      {
        status: 200,
        body: { acknowledged: true },
      },
    );
    expect(aliasesOf('logs-2')).toEqual({
      l: { filter: { match_all: {} }, index_routing: 'r', search_routing: 'r' },
    });
    expect((await call('DELETE', '/logs-1/_alias/l')).status).toBe(200);
    expect(aliasesOf('logs-1')).toEqual({});
    expect((await call('PUT', '/_alias/x')).body).toMatchObject({
      error: { reason: "[indices] can't be empty" },
    });
  });

  it('GET /_alias and friends, 404 with the missing names', async () => {
    await call('POST', '/_aliases', {
      actions: [
        { add: { index: 'logs-*', alias: 'logs' } },
        { add: { index: 'other', alias: 'o', is_write_index: true } },
      ],
    });
    expect(await call('GET', '/_alias')).toEqual({
      status: 200,
      body: {
        'logs-1': { aliases: { logs: {} } },
        'logs-2': { aliases: { logs: {} } },
        other: { aliases: { o: { is_write_index: true } } },
      },
    });
    expect(await call('GET', '/_alias/logs')).toEqual({
      status: 200,
      body: { 'logs-1': { aliases: { logs: {} } }, 'logs-2': { aliases: { logs: {} } } },
    });
    expect(await call('GET', '/other/_alias')).toEqual({
      status: 200,
      body: { other: { aliases: { o: { is_write_index: true } } } },
    });
    expect(await call('GET', '/_alias/x')).toEqual({
      status: 404,
      body: { error: 'alias [x] missing', status: 404 },
    });
    expect(await call('GET', '/_alias/o,x,y')).toEqual({
      status: 404,
      body: {
        error: 'aliases [x,y] missing',
        status: 404,
        other: { aliases: { o: { is_write_index: true } } },
      },
    });
    expect(await call('GET', '/_alias/nothing*')).toEqual({ status: 200, body: {} });
    expect((await call('HEAD', '/_alias/logs')).status).toBe(200);
    expect((await call('HEAD', '/_alias/x')).status).toBe(404);
    expect(await call('GET', '/_cat/aliases', undefined, { format: 'json' })).toEqual({
      status: 200,
      body: [
        {
          alias: 'logs',
          index: 'logs-1',
          filter: '-',
          'routing.index': '-',
          'routing.search': '-',
          is_write_index: '-',
        },
        {
          alias: 'logs',
          index: 'logs-2',
          filter: '-',
          'routing.index': '-',
          'routing.search': '-',
          is_write_index: '-',
        },
        {
          alias: 'o',
          index: 'other',
          filter: '-',
          'routing.index': '-',
          'routing.search': '-',
          is_write_index: 'true',
        },
      ],
    });
  });
});
