import { CatalogRepository } from '@app/search';
import { expectNoStackTrace, sampleMember, samplePlace, startApi, TestApi } from './api.e2e-helpers';

/** Catalog writes over HTTP on the embedded engine: single and batch, idempotency, per-item results, bad input. */
describe('catalog API', () => {
  let api: TestApi;
  let repository: CatalogRepository;
  beforeAll(async () => {
    api = await startApi();
    repository = api.app.get(CatalogRepository);
  });
  afterAll(() => api.close());

  describe('PUT /v1/catalog/places/{id}', () => {
    it('creates (201), then replaces (200): idempotent', async () => {
      const place = samplePlace({ id: 'put-1' });
      expect(await api.request('PUT', '/v1/catalog/places/put-1', place)).toMatchObject({
        status: 201,
        body: { id: 'put-1', result: 'created' },
      });
      expect(await api.request('PUT', '/v1/catalog/places/put-1', place)).toMatchObject({
        status: 200,
        body: { id: 'put-1', result: 'updated' },
      });
      expect(await repository.count('places')).toBeGreaterThanOrEqual(1);
      expect(await repository.existing('places', ['put-1'])).toEqual(new Set(['put-1']));
    });

    it('takes the id from the path when the body has none', async () => {
      const { id: _id, ...withoutId } = samplePlace();
      expect(await api.request('PUT', '/v1/catalog/places/from-path', withoutId)).toMatchObject({
        status: 201,
        body: { id: 'from-path' },
      });
    });

    it('refuses a body id that differs from the path', async () => {
      const answer = await api.request('PUT', '/v1/catalog/places/a', samplePlace({ id: 'b' }));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'id', message: 'id must equal the id in the path (a)' }]);
    });

    it('names each field with the wrong type and the problem', async () => {
      const answer = await api.request('PUT', '/v1/catalog/places/p', {
        ...samplePlace({ id: 'p' }),
        rating: 'high',
        priceLevel: 9,
        location: { lat: 91, lon: 0 },
        categories: ['volcano'],
        embedding: [1, 2],
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      const fields = answer.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['categories', 'embedding', 'location.lat', 'priceLevel', 'rating']);
      expect(answer.body.errors).toContainEqual({
        field: 'location.lat',
        message: 'location.lat must not be greater than 90',
      });
      expect(answer.body.message).toContain('priceLevel must not be greater than 4');
      expectNoStackTrace(answer);
    });

    it('refuses unknown fields, naming them', async () => {
      const answer = await api.request('PUT', '/v1/catalog/places/p', {
        ...samplePlace({ id: 'p' }),
        owner: 'me',
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'owner', message: 'property owner should not exist' }]);
    });

    it('refuses a malformed id in the path', async () => {
      const answer = await api.request('PUT', '/v1/catalog/places/bad%20id', samplePlace());
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'id', message: "id must be 1 to 64 characters among letters, digits, '_' and '-'" },
      ]);
    });

    it.each([
      ['an array', [samplePlace()]],
      ['a string', '"place"'],
      ['null', 'null'],
    ])('refuses a body that is %s', async (_name, body) => {
      const answer = await api.request('PUT', '/v1/catalog/places/p', body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: '', message: 'the request body must be a JSON object' }]);
    });
  });

  describe('POST /v1/catalog/places:batch', () => {
    it('stores the good items, reports each bad one, one result per item in order', async () => {
      const answer = await api.request('POST', '/v1/catalog/places:batch', {
        items: [
          samplePlace({ id: 'batch-1' }),
          { ...samplePlace({ id: 'batch-2' }), rating: 7 },
          'not an object',
          samplePlace({ id: 'batch-3' }),
          { ...samplePlace({ id: 'batch-4' }), extra: true },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        stored: 2,
        failed: 3,
        items: [
          { index: 0, id: 'batch-1', status: 201, result: 'created' },
          {
            index: 1,
            id: 'batch-2',
            status: 400,
            result: 'invalid',
            errors: [{ field: 'rating', message: 'rating must not be greater than 5' }],
          },
          {
            index: 2,
            status: 400,
            result: 'invalid',
            errors: [{ field: '', message: 'the item must be a JSON object' }],
          },
          { index: 3, id: 'batch-3', status: 201, result: 'created' },
          {
            index: 4,
            id: 'batch-4',
            status: 400,
            result: 'invalid',
            errors: [{ field: 'extra', message: 'property extra should not exist' }],
          },
        ],
      });
      expect(await repository.existing('places', ['batch-1', 'batch-2', 'batch-3', 'batch-4'])).toEqual(
        new Set(['batch-1', 'batch-3']),
      );
    });

    it('is idempotent: the same batch again updates the same documents', async () => {
      const items = [samplePlace({ id: 'again-1' }), samplePlace({ id: 'again-2' })];
      await api.request('POST', '/v1/catalog/places:batch', { items });
      const before = await repository.count('places');
      const answer = await api.request('POST', '/v1/catalog/places:batch', { items });
      expect(answer.body.items.map((i: { result: string }) => i.result)).toEqual(['updated', 'updated']);
      expect(await repository.count('places')).toBe(before);
    });

    it('takes 1,000 items and refuses 1,001', async () => {
      const items = Array.from({ length: 1_000 }, (_, i) => samplePlace({ id: `many-${i}` }));
      const ok = await api.request('POST', '/v1/catalog/places:batch', { items });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ stored: 1_000, failed: 0 });
      const tooMany = await api.request('POST', '/v1/catalog/places:batch', {
        items: [...items, samplePlace()],
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors).toEqual([
        { field: 'items', message: 'items must contain no more than 1000 elements' },
      ]);
    });

    it.each([
      [{}, 'items', 'items must be an array'],
      [{ items: [] }, 'items', 'items must contain at least 1 elements'],
      [{ items: 'x' }, 'items', 'items must be an array'],
      [{ items: [1], more: 1 }, 'more', 'property more should not exist'],
    ])('refuses a malformed batch %j', async (body, field, message) => {
      const answer = await api.request('POST', '/v1/catalog/places:batch', body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toContainEqual({ field, message });
    });
  });

  describe('DELETE /v1/catalog/places/{id}', () => {
    it('deletes, then answers not_found: idempotent', async () => {
      await api.request('PUT', '/v1/catalog/places/gone', samplePlace({ id: 'gone' }));
      expect(await api.request('DELETE', '/v1/catalog/places/gone')).toMatchObject({
        status: 200,
        body: { id: 'gone', result: 'deleted' },
      });
      expect(await api.request('DELETE', '/v1/catalog/places/gone')).toMatchObject({
        status: 200,
        body: { id: 'gone', result: 'not_found' },
      });
      expect(await repository.existing('places', ['gone'])).toEqual(new Set());
    });
  });

  describe('members', () => {
    it('PUT, batch and DELETE work as for places', async () => {
      expect((await api.request('PUT', '/v1/catalog/members/m-1', sampleMember({ id: 'm-1' }))).status).toBe(
        201,
      );
      const batch = await api.request('POST', '/v1/catalog/members:batch', {
        items: [sampleMember({ id: 'm-2' }), { ...sampleMember({ id: 'm-3' }), visibility: 'invisible' }],
      });
      expect(batch.body).toMatchObject({
        stored: 1,
        failed: 1,
        items: [
          { index: 0, id: 'm-2', status: 201, result: 'created' },
          {
            index: 1,
            id: 'm-3',
            status: 400,
            result: 'invalid',
            errors: [
              {
                field: 'visibility',
                message: 'visibility must be one of the following values: visible, hidden, paused',
              },
            ],
          },
        ],
      });
      expect((await api.request('DELETE', '/v1/catalog/members/m-1')).body).toEqual({
        id: 'm-1',
        result: 'deleted',
      });
    });

    it('names nested fields of a member', async () => {
      const member = sampleMember({ id: 'm-x' });
      const answer = await api.request('PUT', '/v1/catalog/members/m-x', {
        ...member,
        preferences: { ...member.preferences, hard: { ...member.preferences.hard, languages: 'yes' } },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          field: 'preferences.hard.languages',
          message: 'preferences.hard.languages must be a boolean value',
        },
      ]);
    });
  });

  describe('blocks and connections', () => {
    it('PUT a block: 201, then 200 exists; DELETE: deleted, then not_found', async () => {
      expect(await api.request('PUT', '/v1/members/ana/blocks/bruno')).toMatchObject({
        status: 201,
        body: { id: 'block:ana:bruno', result: 'created', kind: 'block', a: 'ana', b: 'bruno' },
      });
      expect(await api.request('PUT', '/v1/members/ana/blocks/bruno')).toMatchObject({
        status: 200,
        body: { result: 'exists' },
      });
      // A block takes effect at once: it is searchable when the answer comes.
      expect(await repository.existing('member_edges', ['block:ana:bruno'])).toEqual(
        new Set(['block:ana:bruno']),
      );
      expect((await api.request('DELETE', '/v1/members/ana/blocks/bruno')).body).toMatchObject({
        result: 'deleted',
      });
      expect((await api.request('DELETE', '/v1/members/ana/blocks/bruno')).body).toMatchObject({
        result: 'not_found',
      });
    });

    it('stores a connection once per pair, whichever member writes it', async () => {
      expect((await api.request('PUT', '/v1/members/zoe/connections/adam')).body).toMatchObject({
        id: 'connection:adam:zoe',
        result: 'created',
      });
      expect((await api.request('PUT', '/v1/members/adam/connections/zoe')).body).toMatchObject({
        id: 'connection:adam:zoe',
        result: 'exists',
      });
      expect((await api.request('DELETE', '/v1/members/adam/connections/zoe')).body).toMatchObject({
        result: 'deleted',
      });
    });

    it('refuses a relationship with oneself and malformed ids', async () => {
      const self = await api.request('PUT', '/v1/members/ana/blocks/ana');
      expect(self.status).toBe(400);
      expect(self.body.errors[0].field).toBe('otherId');
      const bad = await api.request('PUT', '/v1/members/ana/connections/a:b');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('otherId');
    });
  });
});
