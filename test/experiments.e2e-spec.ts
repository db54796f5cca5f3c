import { ExperimentCatalog } from '@app/experiments';
import { ExposureRecord, SignalStore } from '@app/signals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperimentCatalog } from '../apps/recommender-api/src/experiments/experiment-catalog.loader';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import { testEmbedding } from '../libs/catalog/src/catalog-fixtures.spec-helpers';
import { sampleMember, samplePlace, startApi, TEST_API_KEYS, TestApi } from './api.e2e-helpers';

const LISBON = { lat: 38.7223, lon: -9.1393 };

/** One layer holding two experiments of the travel feed, and one city experiment of the discovery feed. */
const FILES: Record<string, unknown> = {
  'layers.json': {
    layers: [
      { name: 'travel-ranking', holdout: 0 },
      { name: 'networking-ranking', holdout: 0 },
      { name: 'networking-scoring', holdout: 0 },
    ],
  },
  'curated-quota.json': {
    name: 'curated-quota',
    version: 3,
    description: 'Without the curated source.',
    scenario: 'travel',
    layer: 'travel-ranking',
    salt: 'curated-quota-e2e',
    unit: 'member',
    allocation: { offset: 0, share: 0.5 },
    start: '2020-01-01T00:00:00Z',
    variants: [
      { name: 'control', weight: 1, parameters: {} },
      { name: 'no-curated', weight: 1, parameters: { 'travel.curated.quota': 0 } },
    ],
  },
  'taste-interleave.json': {
    name: 'taste-interleave',
    version: 1,
    description: 'Taste alone against no taste at all, interleaved.',
    scenario: 'travel',
    layer: 'travel-ranking',
    salt: 'taste-interleave-e2e',
    unit: 'member',
    allocation: { offset: 0.5, share: 0.5 },
    start: '2020-01-01T00:00:00Z',
    variants: [
      {
        name: 'taste-vs-none',
        weight: 1,
        interleave: {
          A: { parameters: { 'travel.score.taste': 5, 'travel.score.quality': 0 } },
          B: { parameters: { 'travel.score.taste': 0, 'travel.score.quality': 5 } },
        },
      },
    ],
  },
  'city-boost.json': {
    name: 'city-boost',
    version: 1,
    description: 'A stronger exposure boost, by city.',
    scenario: 'networking',
    layer: 'networking-ranking',
    salt: 'city-boost-e2e',
    unit: 'city',
    allocation: { offset: 0, share: 1 },
    start: '2020-01-01T00:00:00Z',
    variants: [
      { name: 'control', weight: 1, parameters: {} },
      { name: 'boost', weight: 1, parameters: { 'networking.exposure.maxBoost': 0.9 } },
    ],
  },
};

const MUTUAL_V2: Record<string, unknown> = {
  'mutual-v2.json': {
    name: 'mutual-v2',
    version: 1,
    description: 'The mutual score that counts an unknown taste as unknown.',
    scenario: 'networking',
    layer: 'networking-scoring',
    salt: 'mutual-v2-e2e',
    unit: 'member',
    allocation: { offset: 0, share: 1 },
    start: '2020-01-01T00:00:00Z',
    variants: [
      { name: 'v1', weight: 1, parameters: {}, script: 'members-mutual-score-v1' },
      { name: 'v2', weight: 1, parameters: {}, script: 'members-mutual-score-v2' },
    ],
  },
};

function writeExperiments(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'experiments-e2e-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** The first member id `member-<n>` that the catalog puts in `label` (experiment:variant) of a feed. */
function memberIn(
  catalog: ExperimentCatalog,
  label: string,
  scenario: 'travel' | 'networking' = 'travel',
): string {
  for (let n = 0; n < 1_000; n++) {
    const memberId = `member-${n}`;
    const assignments = catalog.assign(scenario, { memberId, city: 'Lisbon', now: Date.now() });
    if (assignments.some((a) => !a.holdout && `${a.experiment}:${a.variant}` === label)) return memberId;
  }
  throw new Error(`no member in ${label}`);
}

/** The exposure records of one request, once its side effects have run (they run after the answer). */
async function exposuresOf(store: SignalStore, requestId: string): Promise<ExposureRecord[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const records = (await store.readExposures({ limit: 10_000 }))
      .map((entry) => entry.exposure)
      .filter((record) => record.requestId === requestId);
    if (records.length > 0) return records;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

describe('experiments', () => {
  let dir: string;
  let api: TestApi;
  let store: SignalStore;
  let catalog: ExperimentCatalog;
  let control: string;
  let noCurated: string;
  let interleaved: string;
  let scoredByV1: string;
  let scoredByV2: string;

  beforeAll(async () => {
    dir = writeExperiments({ ...FILES, ...MUTUAL_V2 });
    catalog = loadExperimentCatalog(dir);
    control = memberIn(catalog, 'curated-quota:control');
    noCurated = memberIn(catalog, 'curated-quota:no-curated');
    interleaved = memberIn(catalog, 'taste-interleave:taste-vs-none');
    scoredByV1 = memberIn(catalog, 'mutual-v2:v1', 'networking');
    scoredByV2 = memberIn(catalog, 'mutual-v2:v2', 'networking');
    api = await startApi({ experimentsDir: dir });
    store = api.app.get<SignalStore>(SIGNAL_STORE);
    const places = Array.from({ length: 60 }, (_, i) =>
      samplePlace({
        id: `place-${i}`,
        name: `Place ${i}`,
        location: { lat: LISBON.lat + (i % 10) * 0.002, lon: LISBON.lon + Math.floor(i / 10) * 0.002 },
        curated: i % 3 === 0,
        rating: 3 + (i % 20) / 10,
        embedding: testEmbedding(10 + i),
      }),
    );
    expect((await api.request('POST', '/v1/catalog/places:batch', { items: places })).status).toBe(200);
    for (const id of new Set([
      control,
      noCurated,
      interleaved,
      scoredByV1,
      scoredByV2,
      'viewer-1',
      'viewer-2',
    ])) {
      expect((await api.request('PUT', `/v1/catalog/members/${id}`, sampleMember({ id }))).status).toBe(201);
    }
    // A new member: a profile, no taste embedding yet.
    const newcomer = sampleMember({ id: 'newcomer', displayName: 'New', tasteEmbedding: undefined });
    expect((await api.request('PUT', '/v1/catalog/members/newcomer', newcomer)).status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const feed = (memberId: string, query = '', limit = 10) =>
    api.request(
      'GET',
      `/v1/travel/members/${memberId}/places?city=Lisbon&limit=${limit}&explain=true${query}`,
    );
  const curatedSource = (answer: { body: { explanation: { request: { sources: { name: string }[] } } } }) =>
    answer.body.explanation.request.sources.find((s) => s.name === 'CuratedNearby') as unknown as {
      quota: number;
      kept: number;
    };

  it('gives two members in different variants their variant, named in the answer, and its parameters', async () => {
    const a = await feed(control);
    const b = await feed(noCurated);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.experiments).toEqual(['curated-quota:control']);
    expect(b.body.experiments).toEqual(['curated-quota:no-curated']);
    // travel.curated.quota = 0 in the variant: the curated source takes nothing; the control keeps its default.
    expect(curatedSource(b)).toMatchObject({ quota: 0, kept: 0 });
    expect(curatedSource(a).quota).toBeGreaterThan(0);
    expect(curatedSource(a).kept).toBeGreaterThan(0);
    // The same member gets the same variant on every request.
    expect((await feed(control)).body.experiments).toEqual(['curated-quota:control']);
  });

  it('logs one exposure per served page: its items in order, its variant and unit, the page number', async () => {
    const first = await feed(noCurated);
    const [record, ...more] = await exposuresOf(store, first.body.requestId);
    expect(more).toEqual([]);
    expect(record).toEqual({
      requestId: first.body.requestId,
      scenario: 'travel',
      memberId: noCurated,
      at: expect.any(Number),
      page: 1,
      experiments: [
        { experiment: 'curated-quota', version: 3, variant: 'no-curated', unit: 'member', unitId: noCurated },
      ],
      items: first.body.items.map((item: { id: string }, position: number) => ({ id: item.id, position })),
    });
    const second = await feed(noCurated, `&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    const [next, ...again] = await exposuresOf(store, second.body.requestId);
    expect(again).toEqual([]);
    expect(next.page).toBe(2);
    expect(next.items.map((item) => item.id)).toEqual(
      second.body.items.map((item: { id: string }) => item.id),
    );
    // The first page's record is still the only one of its request.
    expect(await exposuresOf(store, first.body.requestId)).toHaveLength(1);
  });

  it('serves a team draft of the two rankers to a member in an interleaved variant, crediting each position', async () => {
    const answer = await feed(interleaved, '', 12);
    expect(answer.body.experiments).toEqual(['taste-interleave:taste-vs-none']);
    expect(answer.body.items).toHaveLength(12);
    const [record] = await exposuresOf(store, answer.body.requestId);
    const teams = record.items.map((item) => item.team);
    expect(teams.every((team) => team === 'A' || team === 'B')).toBe(true);
    // Team draft: after each pair of picks the two teams have contributed equally.
    for (let n = 2; n <= teams.length; n += 2) {
      const a = teams.slice(0, n).filter((team) => team === 'A').length;
      expect(a).toBe(n / 2);
    }
    // Both rankers ran: the trace holds each one's sources.
    const names = answer.body.explanation.request.sources.map((s: { name: string }) => s.name);
    expect(names.filter((name: string) => name === 'CuratedNearby')).toHaveLength(2);
  });

  it('randomises the discovery feed by city: every viewer of a city gets its variant', async () => {
    const answers = await Promise.all(
      ['viewer-1', 'viewer-2'].map((id) => api.request('GET', `/v1/networking/members/${id}/discovery`)),
    );
    const expected = catalog
      .assign('networking', { memberId: 'viewer-1', city: 'Lisbon', now: Date.now() })
      .find((a) => !a.holdout && a.experiment === 'city-boost');
    const variant = (expected as { variant: string }).variant;
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.experiments).toContain(`city-boost:${variant}`);
    }
    const [record] = await exposuresOf(store, answers[0].body.requestId);
    expect(record.experiments).toContainEqual({
      experiment: 'city-boost',
      version: 1,
      variant,
      unit: 'city',
      unitId: 'Lisbon',
    });
  });

  it('ranks with the stored script a variant picks: v2 counts a newcomer without a taste as unknown, v1 as zero', async () => {
    const engineScoreOfNewcomer = async (viewer: string) => {
      const answer = await api.request('GET', `/v1/networking/members/${viewer}/discovery?explain=true`);
      expect(answer.status).toBe(200);
      expect(answer.body.experiments).toContain(`mutual-v2:${viewer === scoredByV1 ? 'v1' : 'v2'}`);
      const item = answer.body.explanation.items.find((i: { id: string }) => i.id === 'newcomer');
      expect(item).toBeDefined();
      return item.engineScore as number;
    };
    const v1 = await engineScoreOfNewcomer(scoredByV1);
    const v2 = await engineScoreOfNewcomer(scoredByV2);
    // The two viewers have the same profile: only the script differs. v2 adds the viewer's interest in the newcomer.
    expect(v2).toBeGreaterThan(v1);
  });

  it('shows operators the experiments and where a member stands now (admin scope)', async () => {
    const list = await api.requestAs(TEST_API_KEYS.admin, 'GET', '/v1/experiments');
    expect(list.status).toBe(200);
    expect(list.body.layers).toEqual([
      { name: 'networking-ranking', holdout: 0 },
      { name: 'networking-scoring', holdout: 0 },
      { name: 'travel-ranking', holdout: 0 },
    ]);
    expect(list.body.experiments.map((e: { name: string; running: boolean }) => [e.name, e.running])).toEqual(
      [
        ['city-boost', true],
        ['curated-quota', true],
        ['mutual-v2', true],
        ['taste-interleave', true],
      ],
    );
    const assignment = await api.requestAs(
      TEST_API_KEYS.admin,
      'GET',
      `/v1/experiments/curated-quota/assignment/${noCurated}`,
    );
    expect(assignment.body).toEqual({
      experiment: 'curated-quota',
      memberId: noCurated,
      assigned: true,
      variant: 'no-curated',
      unit: 'member',
      unitId: noCurated,
      parameters: { 'travel.curated.quota': 0 },
      at: expect.any(String),
    });
    const elsewhere = await api.requestAs(
      TEST_API_KEYS.admin,
      'GET',
      `/v1/experiments/curated-quota/assignment/${interleaved}`,
    );
    expect(elsewhere.body).toMatchObject({ assigned: false, reason: expect.stringContaining('allocation') });
    expect(
      (await api.requestAs(TEST_API_KEYS.admin, 'GET', '/v1/experiments/nope/assignment/x')).status,
    ).toBe(404);
    expect((await api.requestAs(TEST_API_KEYS.travel, 'GET', '/v1/experiments')).status).toBe(403);
  });
});

describe('experiment files at boot', () => {
  it('stops the boot with every problem of a bad file named', async () => {
    const dir = writeExperiments({
      ...FILES,
      'curated-quota.json': {
        ...(FILES['curated-quota.json'] as object),
        variants: [
          { name: 'control', weight: 1, parameters: {} },
          { name: 'strong', weight: 1, parameters: { 'travel.score.taste': 9, 'travel.nothing.here': 1 } },
        ],
      },
      'broken.json': '{ "name": ',
    });
    try {
      const boot = startApi({ experimentsDir: dir });
      await expect(boot).rejects.toThrow(
        `${join(dir, 'curated-quota.json')}: variants[1].parameters: travel.score.taste = 9 is out of its bounds [0, 5]`,
      );
      await expect(boot).rejects.toThrow(
        `${join(dir, 'curated-quota.json')}: variants[1].parameters: travel.nothing.here is unknown`,
      );
      await expect(boot).rejects.toThrow(`${join(dir, 'broken.json')}: is not valid JSON`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a variant whose script is unknown or ranks another feed's index", async () => {
    const dir = writeExperiments({
      ...FILES,
      'curated-quota.json': {
        ...(FILES['curated-quota.json'] as object),
        variants: [
          { name: 'control', weight: 1, parameters: {} },
          { name: 'people', weight: 1, parameters: {}, script: 'members-mutual-score-v2' },
        ],
      },
    });
    try {
      await expect(startApi({ experimentsDir: dir })).rejects.toThrow(
        'curated-quota:people picks members-mutual-score-v2, which does not rank the travel feed (its scripts are places-…)',
      );
      writeFileSync(
        join(dir, 'curated-quota.json'),
        JSON.stringify({
          ...(FILES['curated-quota.json'] as object),
          variants: [
            { name: 'control', weight: 1, parameters: {} },
            { name: 'v9', weight: 1, parameters: {}, script: 'places-taste-score-v9' },
          ],
        }),
      );
      await expect(startApi({ experimentsDir: dir })).rejects.toThrow(
        /curated-quota\.json: variants\[1\]\.script/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
