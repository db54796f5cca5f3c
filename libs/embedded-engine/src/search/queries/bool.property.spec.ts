import fc from 'fast-check';
import { createEmbeddedClient } from '../../client/create-embedded-client';

/**
 * `bool` against a brute-force reading of its definition, over random documents and random clauses: a document
 * matches when it matches every must and filter clause, no must_not clause, and at least `minimum_should_match`
 * should clauses (one when there are only should clauses; every live document scoring 0 when there are only
 * must_not clauses); it scores the number of must and should clauses it matches (a keyword `term` scores 1). An
 * empty bool is match_all (every live document, scoring 1).
 * Some documents are deleted, so that dead doc ids sit in the lists.
 */
const TAGS = ['a', 'b', 'c', 'd', 'e'];
const DOCS = 60;

interface Clauses {
  must: string[];
  filter: string[];
  should: string[];
  mustNot: string[];
  msm: number | undefined;
}

const tagsOf = (i: number): string[] =>
  TAGS.filter((_, t) => (i * 7 + t * 3) % (t + 2) === 0 || (i + t) % 5 === 0);
const deleted = (i: number) => i % 11 === 3;

/** "Has tag `flag` and not tag `accepts`": the flag's docs, those with `accepts` weighted 0, under min_score 1. */
const fails = ([flag, accepts]: [string, string]) => ({
  function_score: {
    query: { term: { tag: flag } },
    functions: [{ filter: { term: { tag: accepts } }, weight: 0 }],
    boost_mode: 'replace',
    min_score: 1,
  },
});

/** Whether doc `tags` has `flag` and not `accepts` (what `fails` matches). */
const failsDoc = (tags: Set<string>, [flag, accepts]: [string, string]) =>
  tags.has(flag) && !tags.has(accepts);

/** Term filters on tags, and the ids when given: the cheap clauses of the executeWithin properties. */
interface CheapFilters {
  filter: string[];
  idsOnly: number[] | undefined;
}
const cheapFilterClauses = (c: CheapFilters): object[] => [
  ...c.filter.map((t) => ({ term: { tag: t } })),
  ...(c.idsOnly ? [{ ids: { values: c.idsOnly.map(String) } }] : []),
];
/** The live docs passing the cheap filters, with their tags, for a brute-force reading. */
function docsPassing(c: CheapFilters): { id: string; tags: Set<string> }[] {
  const out: { id: string; tags: Set<string> }[] = [];
  for (let i = 0; i < DOCS; i++) {
    if (deleted(i)) continue;
    const tags = new Set(tagsOf(i));
    if (!c.filter.every((t) => tags.has(t))) continue;
    if (c.idsOnly && !c.idsOnly.includes(i)) continue;
    out.push({ id: String(i), tags });
  }
  return out;
}

function expected(c: Clauses): Map<string, number> {
  const out = new Map<string, number>();
  const required = c.must.length + c.filter.length;
  const msm = c.msm ?? (required === 0 && c.should.length > 0 ? 1 : 0);
  for (let i = 0; i < DOCS; i++) {
    if (deleted(i)) continue;
    const tags = new Set(tagsOf(i));
    if (![...c.must, ...c.filter].every((t) => tags.has(t))) continue;
    if (c.mustNot.some((t) => tags.has(t))) continue;
    const should = c.should.filter((t) => tags.has(t)).length;
    const empty = required + c.should.length + c.mustNot.length === 0;
    if (should < msm && !empty) continue;
    if (required === 0 && c.should.length > 0 && should === 0) continue;
    out.set(String(i), empty ? 1 : c.must.filter((t) => tags.has(t)).length + should);
  }
  return out;
}

describe('bool query, property', () => {
  const client = createEmbeddedClient();
  beforeAll(async () => {
    await client.indices.create({
      index: 'b',
      body: { mappings: { properties: { tag: { type: 'keyword' } } } },
    });
    const body: object[] = [];
    for (let i = 0; i < DOCS; i++) body.push({ index: { _index: 'b', _id: String(i) } }, { tag: tagsOf(i) });
    await client.bulk({ body, refresh: true });
    for (let i = 0; i < DOCS; i++) if (deleted(i)) await client.delete({ index: 'b', id: String(i) });
    await client.indices.refresh({ index: 'b' });
  });
  afterAll(() => client.close());

  it('matches and scores as the definition says', async () => {
    const tags = fc.array(fc.constantFrom(...TAGS), { maxLength: 3 });
    const clauses = fc.record({
      must: tags,
      filter: tags,
      should: tags,
      mustNot: tags,
      msm: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(clauses, async (c) => {
        const term = (t: string) => ({ term: { tag: t } });
        const bool: Record<string, unknown> = {
          must: c.must.map(term),
          filter: c.filter.map(term),
          should: c.should.map(term),
          must_not: c.mustNot.map(term),
        };
        if (c.msm !== undefined) bool.minimum_should_match = c.msm;
        const answer = await client.search({ index: 'b', body: { query: { bool }, size: DOCS } });
        const got = new Map(
          (answer.body.hits.hits as { _id: string; _score: number }[]).map((h) => [h._id, h._score]),
        );
        // an empty bool is rewritten to match_all before minimum_should_match applies (BoolQueryBuilder#doRewrite)
        const empty = c.must.length + c.filter.length + c.should.length + c.mustNot.length === 0;
        const want = !empty && c.msm !== undefined && c.msm > c.should.length ? new Map() : expected(c);
        expect(got).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('strikes out the matches of a function_score with min_score in must_not, as the definition says', async () => {
    // "has tag `flag` and not tag `accepts`": the flag's docs, those with `accepts` weighted 0, under min_score 1.
    // Among many candidates such a clause only looks at the candidates still kept (executeWithin); among few, at
    // all of its own matches: both must strike out the same documents.
    const tag = fc.constantFrom(...TAGS);
    const cases = fc.record({
      filter: fc.array(tag, { maxLength: 2 }),
      mustNot: fc.array(fc.tuple(tag, tag), { minLength: 1, maxLength: 3 }),
      idsOnly: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: DOCS - 1 }), { maxLength: 3 }), {
        nil: undefined,
      }),
    });
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const filter = cheapFilterClauses(c);
        const answer = await client.search({
          index: 'b',
          body: { query: { bool: { filter, must_not: c.mustNot.map(fails) } }, size: DOCS } as never,
        });
        const got = (answer.body.hits.hits as { _id: string }[]).map((h) => h._id).sort();
        const want = docsPassing(c)
          .filter(({ tags }) => !c.mustNot.some((f) => failsDoc(tags, f)))
          .map(({ id }) => id);
        expect(got).toEqual(want.sort());
      }),
      { numRuns: 150 },
    );
  });

  it('shows a costly required or should clause only the docs the others let through, and matches the definition', async () => {
    // `fails(flag, accepts)` (a function_score: "has flag and not accepts") as a filter, a should clause, and inside a
    // bool nested in a function's filter; with few candidates (ids) the bool shows it only those (executeWithin).
    const tag = fc.constantFrom(...TAGS);
    const cases = fc.record({
      filter: fc.array(tag, { maxLength: 2 }),
      fails: fc.array(fc.tuple(tag, tag), { minLength: 1, maxLength: 2 }),
      should: fc.array(fc.tuple(tag, tag), { maxLength: 2 }),
      idsOnly: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: DOCS - 1 }), { maxLength: 4 }), {
        nil: undefined,
      }),
      nested: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const filter = [...cheapFilterClauses(c), ...c.fails.map(fails)];
        const bool: Record<string, unknown> = { filter, should: c.should.map(fails) };
        if (c.should.length > 0) bool.minimum_should_match = 1;
        // nested: the same bool as a function's filter, under a function_score over everything (weight 2 where it
        // matches, min_score 2)
        const query = c.nested
          ? {
              function_score: {
                query: { match_all: {} },
                functions: [{ filter: { bool }, weight: 2 }],
                boost_mode: 'replace',
                min_score: 2,
              },
            }
          : { bool };
        const answer = await client.search({ index: 'b', body: { query, size: DOCS } as never });
        const got = (answer.body.hits.hits as { _id: string }[]).map((h) => h._id).sort();
        const want = docsPassing(c)
          .filter(({ tags }) => c.fails.every((f) => failsDoc(tags, f)))
          .filter(({ tags }) => c.should.length === 0 || c.should.some((f) => failsDoc(tags, f)))
          .map(({ id }) => id);
        expect(got).toEqual(want.sort());
      }),
      { numRuns: 200 },
    );
  });
});
