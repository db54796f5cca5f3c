import { Client } from '@opensearch-project/opensearch';
import { createEmbeddedClient } from '@app/embedded-engine';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sampleEdge, sampleMember, samplePlace } from './catalog-fixtures.spec-helpers';
import { toMemberEdgeDocument } from './member-edge.mapper';
import { MemberDocument, toMemberDocument } from './member.mapper';
import { PlaceDocument, toPlaceDocument } from './place.mapper';
import { EMBEDDING_DIMENSION } from './vocabulary';

/**
 * Golden fixture for `index-templates/`: every file parses; every field of the catalog's documents is mapped with the
 * type written below (and nothing else is mapped); and the embedded engine accepts the templates, creates the
 * versioned indices from them, indexes the documents and finds them again.
 */

const TEMPLATES_DIR = join(__dirname, '../../../index-templates');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template JSON is asserted field by field
type Json = any;

interface TemplateFile {
  file: string;
  name: string;
  kind: 'component-template' | 'index-template';
  body: Json;
}

function loadTemplateFiles(): TemplateFile[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const match = /^(.+)\.(component-template|index-template)\.json$/.exec(file);
      if (!match)
        throw new Error(`${file}: expected <name>.component-template.json or <name>.index-template.json`);
      const body: Json = JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8'));
      return { file, name: match[1], kind: match[2] as TemplateFile['kind'], body };
    });
}

/** The intended mapping type of every document field, by dotted path (objects are walked, geo points are leaves). */
const PLACE_FIELD_TYPES = {
  id: 'keyword',
  name: 'text',
  description: 'text',
  city: 'keyword',
  country: 'keyword',
  location: 'geo_point',
  categories: 'keyword',
  tags: 'keyword',
  priceLevel: 'integer',
  rating: 'float',
  ratingCount: 'integer',
  popularity: 'float',
  curated: 'boolean',
  editorialNote: 'text',
  status: 'keyword',
  createdAt: 'date',
  updatedAt: 'date',
  embedding: 'knn_vector',
} satisfies Record<keyof PlaceDocument, string>;

const MEMBER_FIELD_TYPES = {
  id: 'keyword',
  displayName: 'text',
  headline: 'text',
  professions: 'keyword',
  industries: 'keyword',
  interests: 'keyword',
  city: 'keyword',
  country: 'keyword',
  location: 'geo_point',
  languages: 'keyword',
  visibility: 'keyword',
  verified: 'boolean',
  createdAt: 'date',
  lastActiveAt: 'date',
  profileEmbedding: 'knn_vector',
  tasteEmbedding: 'knn_vector',
  'preferences.industries': 'keyword',
  'preferences.languages': 'keyword',
  'preferences.maxDistanceKm': 'float',
  'preferences.hard.industries': 'boolean',
  'preferences.hard.languages': 'boolean',
  'preferences.hard.maxDistanceKm': 'boolean',
  'stats.impressions7d': 'integer',
  'stats.likesReceived7d': 'integer',
  'stats.passesReceived7d': 'integer',
  'stats.connectionCount': 'integer',
  email: 'keyword',
} satisfies Record<Exclude<keyof MemberDocument, 'preferences' | 'stats'>, string> & Record<string, string>;

const EDGE_FIELD_TYPES = {
  kind: 'keyword',
  a: 'keyword',
  b: 'keyword',
  members: 'keyword',
  createdAt: 'date',
};

/** Multi-fields added for search: `<field>.<sub>` → type. */
const MULTI_FIELDS: Record<string, Record<string, string>> = {
  places: { 'name.keyword': 'keyword', 'tags.text': 'text' },
  members: { 'displayName.keyword': 'keyword', 'professions.text': 'text', 'interests.text': 'text' },
  member_edges: {},
};

const SCHEMAS = [
  {
    schema: 'places',
    index: 'places_v1',
    componentTemplate: 'places-mappings',
    indexTemplate: 'places',
    fieldTypes: PLACE_FIELD_TYPES as Record<string, string>,
    document: () => toPlaceDocument(samplePlace()) as unknown as Record<string, unknown>,
  },
  {
    schema: 'members',
    index: 'members_v1',
    componentTemplate: 'members-mappings',
    indexTemplate: 'members',
    fieldTypes: MEMBER_FIELD_TYPES as Record<string, string>,
    document: () => toMemberDocument(sampleMember()) as unknown as Record<string, unknown>,
  },
  {
    schema: 'member_edges',
    index: 'member_edges_v1',
    componentTemplate: 'member-edges-mappings',
    indexTemplate: 'member-edges',
    fieldTypes: EDGE_FIELD_TYPES as Record<string, string>,
    document: () => toMemberEdgeDocument(sampleEdge()).document as unknown as Record<string, unknown>,
  },
];

/** Dotted leaf paths of a document; a path the golden table names (e.g. a geo point) is a leaf. */
function documentLeafPaths(
  value: Record<string, unknown>,
  table: Record<string, string>,
  prefix = '',
): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const isObject = typeof child === 'object' && child !== null && !Array.isArray(child);
    if (isObject && !(path in table))
      paths.push(...documentLeafPaths(child as Record<string, unknown>, table, path));
    else paths.push(path);
  }
  return paths;
}

/** Leaf fields of a mapping, multi-fields included: dotted path → mapping node. */
function mappedLeaves(properties: Json, prefix = ''): Map<string, Json> {
  const leaves = new Map<string, Json>();
  for (const [name, node] of Object.entries<Json>(properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (node.properties) {
      for (const [p, n] of mappedLeaves(node.properties, path)) leaves.set(p, n);
      continue;
    }
    leaves.set(path, node);
    for (const [sub, subNode] of Object.entries<Json>(node.fields ?? {}))
      leaves.set(`${path}.${sub}`, subNode);
  }
  return leaves;
}

const files = loadTemplateFiles();
const fileNamed = (kind: TemplateFile['kind'], name: string): TemplateFile => {
  const file = files.find((f) => f.kind === kind && f.name === name);
  if (!file) throw new Error(`no ${kind} named ${name}`);
  return file;
};

describe('index template files', () => {
  it('are the component and index templates of the three schemas', () => {
    expect(files.map((f) => f.file)).toEqual([
      'member-edges-mappings.component-template.json',
      'member-edges.index-template.json',
      'members-mappings.component-template.json',
      'members.index-template.json',
      'places-mappings.component-template.json',
      'places.index-template.json',
      'recommender-settings.component-template.json',
    ]);
  });

  it.each(files.map((f) => [f.file, f] as const))(
    '%s carries _meta.version and a description',
    (_file, f) => {
      expect(Number.isInteger(f.body._meta?.version) && f.body._meta.version >= 1).toBe(true);
      expect(typeof f.body._meta.description).toBe('string');
    },
  );

  it('index templates are composed only of component templates that exist here', () => {
    const components = new Set(files.filter((f) => f.kind === 'component-template').map((f) => f.name));
    for (const template of files.filter((f) => f.kind === 'index-template')) {
      for (const name of template.body.composed_of) expect(components).toContain(name);
    }
  });

  describe.each(SCHEMAS)(
    '$schema',
    ({ schema, index, componentTemplate, indexTemplate, fieldTypes, document }) => {
      const mappings = fileNamed('component-template', componentTemplate).body.template.mappings;
      const leaves = mappedLeaves(mappings.properties);

      it(`matches ${index} and no other schema's index`, () => {
        const patterns: string[] = fileNamed('index-template', indexTemplate).body.index_patterns;
        expect(patterns).toEqual([`${schema}_v*`]);
        for (const other of SCHEMAS.filter((s) => s.schema !== schema)) {
          expect(patterns.some((p) => other.index.startsWith(p.slice(0, -1)))).toBe(false);
        }
      });

      it('maps every field of the TypeScript document, each with its intended type', () => {
        const documentFields = documentLeafPaths(document(), fieldTypes).sort();
        expect(documentFields).toEqual(Object.keys(fieldTypes).sort());
        for (const field of documentFields)
          expect([field, leaves.get(field)?.type]).toEqual([field, fieldTypes[field]]);
      });

      it('maps nothing but the document fields and their search multi-fields', () => {
        const expected = { ...fieldTypes, ...MULTI_FIELDS[schema] };
        const mapped = Object.fromEntries([...leaves].map(([path, node]) => [path, node.type]));
        expect(mapped).toEqual(expected);
      });

      it('is strict and stamped with its schema and version', () => {
        expect(mappings.dynamic).toBe('strict');
        expect(mappings._meta).toEqual({
          schema,
          version: fileNamed('component-template', componentTemplate).body._meta.version,
        });
      });

      it(`maps embeddings as ${EMBEDDING_DIMENSION}-d cosine knn vectors`, () => {
        for (const [path, node] of leaves) {
          if (node.type !== 'knn_vector') continue;
          expect([path, node.dimension, node.method?.space_type]).toEqual([
            path,
            EMBEDDING_DIMENSION,
            'cosinesimil',
          ]);
        }
      });
    },
  );
});

describe('index templates in the embedded engine', () => {
  let client: Client;

  beforeAll(async () => {
    client = createEmbeddedClient(); // no dataDir: in memory
    for (const f of files.filter((file) => file.kind === 'component-template')) {
      await client.cluster.putComponentTemplate({ name: f.name, body: f.body });
    }
    for (const f of files.filter((file) => file.kind === 'index-template')) {
      await client.indices.putIndexTemplate({ name: f.name, body: f.body });
    }
  });

  afterAll(() => client.close());

  it('simulates places_v1 with k-NN on and the places mappings', async () => {
    const { body } = await client.indices.simulateIndexTemplate({ name: 'places_v1' });
    const simulated = body as Json;
    expect(simulated.template.settings.index.knn).toBe('true');
    expect(simulated.template.mappings._meta).toEqual({ schema: 'places', version: 1 });
  });

  it.each(SCHEMAS)(
    'creates $index from its template with the golden field types',
    async ({ index, fieldTypes, schema }) => {
      await client.indices.create({ index });
      const { body } = await client.indices.getMapping({ index });
      const leaves = mappedLeaves((body as Json)[index].mappings.properties);
      const mapped = Object.fromEntries([...leaves].map(([path, node]) => [path, node.type]));
      expect(mapped).toEqual({ ...fieldTypes, ...MULTI_FIELDS[schema] });
    },
  );

  it('indexes a valid place and finds it by vector, filter and text', async () => {
    const place = samplePlace();
    await client.index({ index: 'places_v1', id: place.id, body: toPlaceDocument(place), refresh: true });

    const byVector = await client.search({
      index: 'places_v1',
      body: {
        query: {
          knn: {
            embedding: {
              vector: place.embedding,
              k: 10,
              filter: {
                bool: { filter: [{ term: { status: 'active' } }, { term: { categories: 'museum' } }] },
              },
            },
          },
        },
      },
    });
    const hit = (byVector.body as Json).hits.hits[0];
    expect(hit._id).toBe(place.id);
    expect(hit._score).toBeCloseTo(1, 5); // cosinesimil score (1 + cos) / 2 of a vector with itself
    expect(hit._source).toEqual(toPlaceDocument(place));

    const byText = await client.search({
      index: 'places_v1',
      body: {
        query: {
          bool: {
            must: { multi_match: { query: 'azulejo tiles', fields: ['name', 'description', 'tags.text'] } },
            filter: { geo_distance: { distance: '5km', location: { lat: 38.72, lon: -9.14 } } },
          },
        },
      },
    });
    expect((byText.body as Json).hits.hits.map((h: Json) => h._id)).toEqual([place.id]);
  });

  it('indexes members with and without their optional fields and filters on private ones', async () => {
    const member = sampleMember();
    const {
      stats: _s,
      profileEmbedding: _p,
      tasteEmbedding: _t,
      email: _e,
      ...newMember
    } = sampleMember({
      id: 'member-new',
    });
    await client.index({ index: 'members_v1', id: member.id, body: toMemberDocument(member) });
    await client.index({
      index: 'members_v1',
      id: newMember.id,
      body: toMemberDocument(newMember),
      refresh: true,
    });

    const { body } = await client.search({
      index: 'members_v1',
      body: {
        query: {
          bool: {
            filter: [
              { term: { visibility: 'visible' } },
              { term: { 'preferences.hard.languages': true } },
              { range: { 'stats.likesReceived7d': { gte: 10 } } },
            ],
          },
        },
      },
    });
    expect((body as Json).hits.hits.map((h: Json) => h._id)).toEqual([member.id]);
  });

  it('indexes an edge under its deterministic id and finds it from either member', async () => {
    const { id, document } = toMemberEdgeDocument(sampleEdge());
    await client.index({ index: 'member_edges_v1', id, body: document, refresh: true });
    await client.index({ index: 'member_edges_v1', id, body: document, refresh: true }); // the same write again
    for (const memberId of [document.a, document.b]) {
      const { body } = await client.search({
        index: 'member_edges_v1',
        body: { query: { bool: { filter: [{ term: { kind: 'block' } }, { term: { members: memberId } }] } } },
      });
      expect((body as Json).hits.hits.map((h: Json) => h._id)).toEqual([id]);
    }
  });

  it('refuses a document with a field the schema does not have', async () => {
    const error = await client
      .index({ index: 'places_v1', id: 'p-extra', body: { ...toPlaceDocument(samplePlace()), owner: 'x' } })
      .catch((e: Json) => e);
    expect(error.meta.statusCode).toBe(400);
    expect(error.meta.body.error.type).toBe('strict_dynamic_mapping_exception');
  });
});
