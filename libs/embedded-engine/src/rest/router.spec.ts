import { OpenSearchError } from '../errors';
import { Router } from './router';

describe('Router', () => {
  const router = new Router().add(
    { method: 'GET', path: '/{index}', handler: (c) => ({ status: 200, body: { index: c.param('index') } }) },
    { method: 'GET', path: '/_cat/indices', handler: () => ({ status: 200, body: 'cat' }) },
    {
      method: 'PUT',
      path: '/{index}/_doc/{id}',
      params: ['refresh'],
      handler: (c) => ({ status: 201, body: { id: c.param('id') } }),
    },
  );
  const call = (method: string, path: string, query: Record<string, string> = {}) =>
    router.dispatch({ method, path, query });

  it('prefers literal segments and decodes path parameters', async () => {
    expect(await call('GET', '/_cat/indices')).toEqual({ status: 200, body: 'cat' });
    expect(await call('GET', '/my%2Dindex')).toEqual({ status: 200, body: { index: 'my-index' } });
    expect(await call('PUT', '/i/_doc/_weird%20id')).toEqual({ status: 201, body: { id: '_weird id' } });
  });

  it('answers HEAD with the GET handler and no body', async () => {
    expect(await call('HEAD', '/i')).toEqual({ status: 200, body: undefined });
  });

  it('405 lists the allowed methods, sorted; an unknown path is 400', async () => {
    expect(await call('DELETE', '/i/_doc/1')).toEqual({
      status: 405,
      body: {
        error: 'Incorrect HTTP method for uri [/i/_doc/1] and method [DELETE], allowed: [PUT]',
        status: 405,
      },
      headers: { Allow: 'PUT' },
    });
    expect(await call('GET', '/a/b/c', { x: '1' })).toEqual({
      status: 400,
      body: { error: 'no handler found for uri [/a/b/c?x=1] and method [GET]' },
    });
  });

  it('names unknown parameters, sorted, with suggestions above 0.5 similarity', async () => {
    await expect(call('PUT', '/i/_doc/1', { refesh: 'true', zzz: '1' })).rejects.toEqual(
      new OpenSearchError(
        400,
        'illegal_argument_exception',
        'request [/i/_doc/1] contains unrecognized parameters: [refesh] -> did you mean [refresh]?, [zzz]',
      ),
    );
    // `pretty` and `filter_path` are taken by every endpoint.
    expect((await call('PUT', '/i/_doc/1', { pretty: '', filter_path: 'x' })).status).toBe(201);
  });
});
