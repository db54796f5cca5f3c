import SwaggerParser from '@apidevtools/swagger-parser';
import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { sampleMember, samplePlace, startApi, TestAnswer, TestApi, testEmbedding } from './api.e2e-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is untyped JSON, walked generically */
type Schema = Record<string, any>;

/** The pages of the document itself: served beside the API, not part of it. */
const DOCS_ROUTES = /^\/docs($|[/-])/;

/** A route as the app serves it: `GET /v1/travel/members/:memberId/places`. */
function routeKey(method: string, path: string): string {
  return `${method} ${path}`;
}

/** Every route fastify serves, from its route tree (`printRoutes` without prefix compression). */
function servedRoutes(fastify: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    for (const method of match[3]?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.push(routeKey(method, stack.join('')));
    }
  }
  return routes;
}

interface ControllerRoute {
  method: string;
  /** fastify's form: `:name` for a parameter. */
  path: string;
  /** The DTO its `@Query()` is validated against. */
  query?: Type;
  /** The DTO its body is validated against (`@Body()` or a body decorator of ours). */
  body?: Type;
}

/** The properties class-validator checks on a DTO: what a client may send. */
function validatedProperties(dto: Type): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))].sort();
}

/** Every handler of every controller, with the DTOs its arguments are validated against, from Nest's metadata. */
function controllerRoutes(app: INestApplication): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type;
      const prefix = (Reflect.getMetadata(PATH_METADATA, controller) as string) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (name === 'constructor' || path === undefined) continue;
        const route: ControllerRoute = {
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number],
          path: `/${[prefix, path]
            .flatMap((part) => part.split('/'))
            .filter((part) => part !== '')
            .join('/')}`
            // `::` is how Nest writes a literal colon.
            .replace(/::/g, ':'),
        };
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as Type[];
        for (const [key, arg] of Object.entries(args)) {
          const type = types[arg.index];
          if (typeof type !== 'function' || validatedProperties(type).length === 0) continue;
          const kind = Number(key.split(':')[0]);
          if (kind === RouteParamtypes.QUERY && arg.data === undefined) route.query = type;
          // A custom decorator (its key is not a number) validated as a DTO is a body (see BodyWithPathId).
          else if (kind === RouteParamtypes.BODY || Number.isNaN(kind)) route.body = type;
        }
        routes.push(route);
      }
    }
  }
  return routes;
}

/** `/v1/members/:id/blocks/:otherId` → `/v1/members/{id}/blocks/{otherId}`; `places:batch` is no parameter. */
function openApiPath(path: string): string {
  return path.replace(/\/:(\w+)/g, '/{$1}');
}

/** The problems of `value` against `schema` (dereferenced): wrong type, missing required, undocumented property. */
function conformance(value: unknown, schema: Schema, at = '$'): string[] {
  if (schema.allOf) return schema.allOf.flatMap((part: Schema) => conformance(value, part, at));
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${at} is ${JSON.stringify(value)}, not in the enum`];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
      const record = value as Record<string, unknown>;
      const problems = (schema.required ?? [])
        .filter((key: string) => !(key in record))
        .map((key: string) => `${at}.${key} is required but missing`);
      for (const [key, item] of Object.entries(record)) {
        const property = schema.properties?.[key] ?? schema.additionalProperties;
        if (property === undefined || property === false) problems.push(`${at}.${key} is not documented`);
        else if (property !== true) problems.push(...conformance(item, property, `${at}.${key}`));
      }
      return problems;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at} is not an array`];
      return value.flatMap((item, i) => conformance(item, schema.items, `${at}[${i}]`));
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} is not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at} is not a number`];
    case 'string':
    case 'boolean':
      return typeof value === schema.type ? [] : [`${at} is not a ${schema.type}`];
    default:
      return [`${at}: the schema has no type`];
  }
}

/** Object schemas without any property: what a DTO without @ApiProperty turns into. */
function emptyObjects(schema: Schema, at: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const own =
    schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined ? [at] : [];
  const nested = Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
    emptyObjects(property as Schema, `${at}.${key}`),
  );
  return [...own, ...nested, ...(schema.items ? emptyObjects(schema.items, `${at}[]`) : [])];
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: Schema;
  /** The document with every $ref replaced by what it points to. */
  let resolved: Schema;

  beforeAll(async () => {
    api = await startApi();
    const answer = await api.request('GET', '/docs-json');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    document = answer.body;
    resolved = (await SwaggerParser.dereference(structuredClone(document) as any)) as Schema;
  });

  afterAll(() => api?.close());

  it('is a valid OpenAPI 3 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as any)).resolves.toBeDefined();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: 'Recommender API', version: 'v1' });
  });

  it('describes every route the app serves, with its path and query parameters, its body and its answers', () => {
    const routes = controllerRoutes(api.app);
    // The controllers' routes are exactly what fastify serves, the document's own pages aside.
    const served = servedRoutes(api.app.getHttpAdapter().getInstance());
    expect(served.filter((route) => !DOCS_ROUTES.test(route.split(' ')[1])).sort()).toEqual(
      routes.map((route) => routeKey(route.method, route.path)).sort(),
    );
    expect(routes.length).toBeGreaterThanOrEqual(18);

    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations as object).map((method) => routeKey(method.toUpperCase(), path)),
    );
    expect(documented.sort()).toEqual(routes.map((r) => routeKey(r.method, openApiPath(r.path))).sort());

    for (const route of routes) {
      const where = routeKey(route.method, route.path);
      const operation = resolved.paths[openApiPath(route.path)][route.method.toLowerCase()];
      const parameters = (operation.parameters ?? []) as Schema[];
      const named = (place: string) =>
        parameters
          .filter((p) => p.in === place)
          .map((p) => p.name)
          .sort();

      const pathParameters = [...route.path.matchAll(/\/:(\w+)/g)].map((m) => m[1]).sort();
      expect({ where, path: named('path') }).toEqual({ where, path: pathParameters });
      expect(parameters.filter((p) => p.in === 'path').every((p) => p.required === true)).toBe(true);
      const queryParameters = route.query ? validatedProperties(route.query) : [];
      expect({ where, query: named('query') }).toEqual({ where, query: queryParameters });
      for (const parameter of parameters)
        expect({ where, schema: parameter.schema?.type }).not.toEqual({ where });

      if (route.body) {
        const body = operation.requestBody?.content?.['application/json']?.schema;
        expect({ where, body: body?.type }).toEqual({ where, body: 'object' });
        expect({ where, fields: Object.keys(body.properties).sort() }).toEqual(
          expect.objectContaining({ where, fields: expect.arrayContaining(validatedProperties(route.body)) }),
        );
      } else {
        expect({ where, body: operation.requestBody }).toEqual({ where });
      }

      const successes = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
      expect({ where, successes: successes.length > 0 }).toEqual({ where, successes: true });
      for (const status of successes) {
        const content = operation.responses[status].content as Record<string, Schema>;
        const [type, media] = Object.entries(content ?? {})[0] ?? [];
        expect({ where, status, schema: media?.schema !== undefined }).toEqual({
          where,
          status,
          schema: true,
        });
        if (type === 'application/json') {
          expect({ where, status, type: media.schema.type }).toEqual({ where, status, type: 'object' });
          expect({ where, status, empty: emptyObjects(media.schema, '$') }).toEqual({
            where,
            status,
            empty: [],
          });
        }
      }
    }
  });

  it('has no empty schema: every DTO it names documents its fields', () => {
    const schemas = Object.entries(document.components.schemas as Record<string, Schema>);
    expect(schemas.length).toBeGreaterThan(20);
    const empty = schemas.flatMap(([name]) => emptyObjects(resolved.components.schemas[name], name));
    expect(empty).toEqual([]);
  });

  it('documents the request DTOs field by field, optional ones as optional', () => {
    const schemas = resolved.components.schemas as Record<string, Schema>;
    for (const dto of ['PlaceDto', 'MemberDto', 'InteractionEventDto', 'EventsBatchDto']) {
      expect(Object.keys(schemas[dto].properties).length).toBeGreaterThan(0);
    }
    expect(schemas.PlaceDto.required).not.toContain('editorialNote');
    expect(schemas.PlaceDto.required).toContain('embedding');
    expect(schemas.PlaceDto.properties.location.properties.lat).toMatchObject({ minimum: -90, maximum: 90 });
    expect(schemas.MemberDto.required).not.toContain('email');
    expect(schemas.MemberDto.properties.preferences.properties.hard.required).toEqual([
      'industries',
      'languages',
      'maxDistanceKm',
    ]);
    expect(schemas.InteractionEventDto.properties.type.enum).toContain('like');
  });

  describe('matches what the API answers', () => {
    beforeAll(async () => {
      const places = Array.from({ length: 8 }, (_, i) =>
        samplePlace({ id: `place-${i}`, curated: i % 2 === 0, embedding: testEmbedding(10 + i) }),
      );
      const members = ['viewer', 'member-1', 'member-2', 'member-3'].map((id, i) =>
        sampleMember({
          id,
          profileEmbedding: testEmbedding(100 + i),
          tasteEmbedding: testEmbedding(200 + i),
        }),
      );
      expect((await api.request('POST', '/v1/catalog/places:batch', { items: places })).status).toBe(200);
      expect((await api.request('POST', '/v1/catalog/members:batch', { items: members })).status).toBe(200);
    });

    /** The problems of an answer against the schema the document gives for its route and status. */
    function problems(method: string, path: string, answer: TestAnswer): string[] {
      const response = resolved.paths[path][method.toLowerCase()].responses[String(answer.status)];
      if (!response) return [`${method} ${path}: status ${answer.status} is not documented`];
      const schema = response.content?.['application/json']?.schema;
      return schema
        ? conformance(answer.body, schema)
        : [`${method} ${path}: ${answer.status} has no JSON schema`];
    }

    const at = () => new Date().toISOString();
    const cases: [string, string, string, unknown?][] = [
      [
        'GET',
        '/v1/travel/members/{memberId}/places',
        '/v1/travel/members/viewer/places?city=Lisbon&explain=true',
      ],
      ['GET', '/v1/travel/members/{memberId}/places', '/v1/travel/members/ghost/places?city=Lisbon'],
      [
        'GET',
        '/v1/travel/members/{memberId}/places',
        '/v1/travel/members/viewer/places?lat=91&lon=0&radiusKm=1',
      ],
      [
        'GET',
        '/v1/networking/members/{memberId}/discovery',
        '/v1/networking/members/viewer/discovery?explain=true',
      ],
      ['PUT', '/v1/catalog/places/{id}', '/v1/catalog/places/place-x', samplePlace({ id: 'place-x' })],
      ['PUT', '/v1/catalog/places/{id}', '/v1/catalog/places/place-x', samplePlace({ id: 'place-x' })],
      [
        'POST',
        '/v1/catalog/places:batch',
        '/v1/catalog/places:batch',
        { items: [samplePlace(), { id: 'bad!' }] },
      ],
      ['DELETE', '/v1/catalog/places/{id}', '/v1/catalog/places/place-x'],
      ['PUT', '/v1/members/{id}/blocks/{otherId}', '/v1/members/member-1/blocks/member-2'],
      ['DELETE', '/v1/members/{id}/blocks/{otherId}', '/v1/members/member-1/blocks/member-2'],
      ['GET', '/v1/admin/search/artifacts', '/v1/admin/search/artifacts'],
      ['POST', '/v1/admin/search/install', '/v1/admin/search/install'],
      ['GET', '/health/live', '/health/live'],
      ['GET', '/health/ready', '/health/ready'],
    ];

    // Rest parameters: with more named ones than a case has values, Jest would wait for a `done` callback.
    it.each(cases)('%s %s (%s)', async (...[method, path, url, body]) => {
      const answer = await api.request(method, url, body);
      expect(answer.status).toBeLessThan(500);
      expect(problems(method, path, answer)).toEqual([]);
    });

    it('POST /v1/events, recorded and refused', async () => {
      const batch = {
        events: [
          {
            id: 'o-e1',
            type: 'like',
            memberId: 'viewer',
            target: { kind: 'place', id: 'place-1' },
            at: at(),
          },
        ],
      };
      const recorded = await api.request('POST', '/v1/events', batch);
      expect(recorded.status).toBe(200);
      expect(problems('POST', '/v1/events', recorded)).toEqual([]);
      const refused = await api.request('POST', '/v1/events', {
        events: [{ ...batch.events[0], type: 'wink' }],
      });
      expect(refused.status).toBe(400);
      expect(problems('POST', '/v1/events', refused)).toEqual([]);
    });
  });

  it('is browsable at /docs with Swagger UI, served from this instance', async () => {
    const page = await api.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(
      expect.arrayContaining([
        '/docs/swagger-ui.css',
        '/docs/swagger-ui-bundle.js',
        '/docs/swagger-ui-standalone-preset.js',
      ]),
    );
    expect(page.text).toContain("url: '/docs-json'");
    for (const asset of assets) {
      const answer = await api.request('GET', asset);
      expect({ asset, status: answer.status }).toEqual({ asset, status: 200 });
      expect(answer.text.length).toBeGreaterThan(0);
    }
  });
});
