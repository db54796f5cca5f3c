import { expectNoStackTrace, samplePlace, startApi, TestApi } from './api.e2e-helpers';

/** Errors are JSON in one shape, name the problem, and never carry a stack trace. */
describe('errors', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ bodyLimitBytes: 64 * 1024 });
  });
  afterAll(() => api.close());

  it('answers an unknown route with a 404 in JSON', async () => {
    for (const [method, url] of [
      ['GET', '/nope'],
      ['GET', '/v1/catalog/places/p1'],
      ['POST', '/v1/catalog/places:bulk'],
      ['PATCH', '/v1/events'],
    ]) {
      const answer = await api.request(method, url);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `Cannot ${method} ${url}`,
      });
    }
  });

  it('answers malformed JSON with a 400', async () => {
    for (const text of ['{"events": [', '{bad}', "{'single': 'quotes'}", '{"a":1}}']) {
      const answer = await api.request('POST', '/v1/events', text);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the request body is not valid JSON',
      });
    }
  });

  it('refuses JSON that would poison prototypes', async () => {
    const answer = await api.request('PUT', '/v1/catalog/places/p', '{"__proto__": {"admin": true}}');
    expect(answer.status).toBe(400);
    expectNoStackTrace(answer);
  });

  it('answers events that are not objects with a 400 naming them (found by the fuzz test)', async () => {
    for (const events of [[[]], [null], [1, 'x']]) {
      const answer = await api.request('POST', '/v1/events', { events });
      expect(answer.status).toBe(400);
      expectNoStackTrace(answer);
      expect(answer.body.errors[0]).toEqual({
        field: 'events[0]',
        message: 'events[0] must be a JSON object',
      });
    }
    for (const items of [[[]], [null]]) {
      const answer = await api.request('POST', '/v1/catalog/places:batch', { items });
      expect([200, 400]).toContain(answer.status);
      expectNoStackTrace(answer);
    }
  });

  it('answers an empty JSON body with a 400', async () => {
    const answer = await api.request('POST', '/v1/events', '');
    expect(answer.status).toBe(400);
  });

  it('answers a body over the limit with a 413', async () => {
    const items = Array.from({ length: 100 }, (_, i) => samplePlace({ id: `big-${i}` }));
    const answer = await api.request('POST', '/v1/catalog/places:batch', { items });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'the request body is too large',
    });
  });

  it('answers a body of another content type, or of none, with a 415', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/jsonx',
      '',
    ]) {
      const answer = await api.request('POST', '/v1/events', 'events=1', { 'content-type': type });
      expect(answer.status).toBe(415);
      expect(answer.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'unsupported content-type: send application/json',
      });
    }
  });

  it('refuses a body nested deeper than 32 levels with a 400 (it would overflow the validators)', async () => {
    const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    for (const [method, url, body] of [
      ['POST', '/v1/events', `{"events":[{"context":${deep(5_000)}}]}`],
      ['PUT', '/v1/catalog/places/p1', `{"id":"p1","extra":${deep(40)}}`],
      ['POST', '/v1/catalog/places:batch', `{"items":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
    ]) {
      const answer = await api.request(method, url, body);
      expect(answer.status).toBe(400);
      expect(answer.body.message).toBe('the request body nests deeper than 32 levels');
    }
    // 32 levels are read, and refused by validation for what they say.
    const answer = await api.request('PUT', '/v1/catalog/places/p1', `{"id":"p1","extra":${deep(30)}}`);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('property extra should not exist');
  });

  it('answers a URL the router cannot read in the same shape, without echoing it', async () => {
    expect((await api.request('GET', '/v1/travel/members/a%/places')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the URL is malformed (percent-encoding)',
    });
    expect((await api.request('GET', `/v1/travel/members/${'a'.repeat(101)}/places`)).body).toEqual({
      statusCode: 414,
      error: 'URI Too Long',
      message: 'a path segment is too long',
    });
  });

  it('never answers with a stack trace, whatever the input', async () => {
    const inputs: [string, string, unknown][] = [
      ['PUT', '/v1/catalog/places/x', { location: 'here' }],
      ['PUT', '/v1/catalog/members/x', { preferences: [] }],
      ['POST', '/v1/catalog/members:batch', { items: [null, [], 'x', 1, { id: {} }] }],
      ['POST', '/v1/events', { events: [{ target: null }, { target: [] }, { context: 'x' }] }],
      ['PUT', '/v1/members/%E0%A4%A/blocks/x', undefined],
    ];
    for (const [method, url, body] of inputs) {
      const answer = await api.request(method, url, body);
      // A batch answers 200 with a result per item; everything else here is a 400.
      expect(answer.status).toBe(url.endsWith(':batch') ? 200 : 400);
      expectNoStackTrace(answer);
    }
  });
});
