import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTarget, Target } from './target';

/**
 * Data-driven conformance cases (`cases/*.json`): each file sets up an index with documents, then sends each case's
 * request to `_search` and checks the hits' order and scores (relative 1e-6) or the error, as OpenSearch 3.x answers.
 * In-process by default; with OPENSEARCH_URL the same cases run against a real cluster.
 */
interface ExpectedHit {
  _id: string;
  _score?: number | null;
  sort?: unknown[];
}

interface Case {
  name: string;
  source: string;
  why?: string;
  /** Defaults to `_search`; `_count` cases check `count`. */
  endpoint?: '_search' | '_count';
  request: Record<string, unknown>;
  expect: {
    total?: number;
    relation?: 'eq' | 'gte';
    hits?: ExpectedHit[];
    max_score?: number | null;
    count?: number;
    status?: number;
    error?: { type: string; reason?: string; caused_by?: { type: string; reason?: string } };
    /** For errors wrapped by the search phase: the root cause. */
    root_cause?: { type: string; reason?: string };
  };
}

interface CaseFile {
  topic: string;
  setup: {
    body: Record<string, unknown>;
    docs: { _id: string; _source: Record<string, unknown> }[];
    /** Stored scripts put before the cases run (PUT _scripts/{id}/score, so OpenSearch compiles them too). */
    scripts?: Record<string, { lang: string; source: string }>;
  };
  cases: Case[];
}

const CASES_DIR = join(__dirname, 'cases');
const files = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const RELATIVE_TOLERANCE = 1e-6;

export function closeTo(actual: number, expected: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
}

describe('conformance cases', () => {
  let t: Target;
  beforeAll(async () => {
    t = await openTarget('client');
  });
  afterAll(() => t.close());

  describe.each(files)('%s', (file) => {
    const spec = JSON.parse(readFileSync(join(CASES_DIR, file), 'utf8')) as CaseFile;
    let index: string;
    beforeAll(async () => {
      index = t.indexName(spec.topic);
      const created = await t.request('PUT', `/${index}`, spec.setup.body);
      if (created.status !== 200) throw new Error(`setup of ${file} failed: ${JSON.stringify(created.body)}`);
      for (const [id, script] of Object.entries(spec.setup.scripts ?? {})) {
        const put = await t.request('PUT', `/_scripts/${id}/score`, { script });
        if (put.status !== 200)
          throw new Error(`script ${id} of ${file} was refused: ${JSON.stringify(put.body)}`);
      }
      if (spec.setup.docs.length > 0) {
        const lines = spec.setup.docs.flatMap((d) => [
          JSON.stringify({ index: { _id: d._id } }),
          JSON.stringify(d._source),
        ]);
        const bulk = await t.request('POST', `/${index}/_bulk`, `${lines.join('\n')}\n`, { refresh: 'true' });
        if (bulk.body.errors)
          throw new Error(
            `documents of ${file} were refused: ${JSON.stringify(bulk.body.items.filter((i: Record<string, { error?: unknown }>) => Object.values(i)[0].error))}`,
          );
      }
    });

    it.each(spec.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const response = await t.request('POST', `/${index}/${c.endpoint ?? '_search'}`, c.request);
      const e = c.expect;
      if (e.status !== undefined && e.status >= 400) {
        expect({ status: response.status, type: response.body?.error?.type }).toEqual({
          status: e.status,
          type: e.error?.type,
        });
        if (e.error?.reason !== undefined) expect(response.body.error.reason).toBe(e.error.reason);
        if (e.error?.caused_by) expect(response.body.error.caused_by).toMatchObject(e.error.caused_by);
        if (e.root_cause) expect(response.body.error.root_cause[0]).toMatchObject(e.root_cause);
        return;
      }
      expect(response.status).toBe(200);
      if (e.count !== undefined) expect(response.body.count).toBe(e.count);
      if (e.total !== undefined) expect(response.body.hits.total.value).toBe(e.total);
      if (e.relation !== undefined) expect(response.body.hits.total.relation).toBe(e.relation);
      if (e.max_score !== undefined) {
        if (e.max_score === null) expect(response.body.hits.max_score).toBeNull();
        else expect(closeTo(response.body.hits.max_score, e.max_score)).toBe(true);
      }
      if (e.hits) {
        const actual = response.body.hits.hits.map(
          (h: { _id: string; _score: number | null; sort?: unknown[] }) => h,
        );
        expect(actual.map((h: { _id: string }) => h._id)).toEqual(e.hits.map((h) => h._id));
        e.hits.forEach((h, i) => {
          if (h._score === undefined) return;
          if (h._score === null) {
            expect(actual[i]._score).toBeNull();
            return;
          }
          if (!closeTo(actual[i]._score, h._score)) {
            throw new Error(
              `hit ${i} (${h._id}): _score ${actual[i]._score}, expected ${h._score}${c.why ? `\nwhy: ${c.why}` : ''}`,
            );
          }
        });
        e.hits.forEach((h, i) => {
          if (h.sort !== undefined) expect(actual[i].sort).toEqual(h.sort);
        });
      }
    });
  });
});
