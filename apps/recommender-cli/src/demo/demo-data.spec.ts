import { validateMember, validateMemberEdge, validatePlace } from '@app/catalog';
import { MIN_DEMO_CITY_POPULATION } from './demo-cities';
import { DEFAULT_DEMO_OPTIONS, DemoData, apportion, generateDemoData, hiddenTastes } from './demo-data';
import { distanceKm } from './geo';
import { memberAffinity, placeAffinity, placeUtility } from './hidden-world';
import { LATENT_DIMENSION, dot } from './latent-space';
import { SeededRandom } from './seeded-random';

const DAY_MS = 86_400_000;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The full-size data set, generated once for the whole file. */
let data: DemoData;
let generationMs: number;
let placeIndex: Map<string, number>;
let memberIndex: Map<string, number>;

beforeAll(() => {
  const started = performance.now();
  data = generateDemoData();
  generationMs = performance.now() - started;
  placeIndex = new Map(data.places.map((p, i) => [p.id, i]));
  memberIndex = new Map(data.members.map((m, i) => [m.id, i]));
});

describe('generateDemoData, full size', () => {
  it('takes seconds, not minutes', () => {
    console.info(
      `demo data: ${data.places.length} places, ${data.members.length} members, ${data.interactions.length} interactions, ` +
        `${data.edges.length} edges in ${Math.round(generationMs)} ms`,
    );
    expect(generationMs).toBeLessThan(20_000); // about 3 s in plain Node on our 2-core machines; Jest is slower
  });

  it('makes 20,000 places and 10,000 members in about 150 big real cities', () => {
    expect(data.places).toHaveLength(20_000);
    expect(data.members).toHaveLength(10_000);
    expect(data.cities.length).toBeGreaterThanOrEqual(140);
    expect(data.cities.every((c) => c.population > MIN_DEMO_CITY_POPULATION)).toBe(true);
    expect(new Set(data.places.map((p) => p.city)).size).toBe(data.cities.length);
    expect(new Set(data.members.map((m) => m.city)).size).toBe(data.cities.length);
    expect(new Set(data.cities.map((c) => c.country)).size).toBeGreaterThan(60);
  });

  it('puts places and members near the centre of their city', () => {
    const centres = new Map(data.cities.map((c) => [`${c.country}|${c.name}`, c]));
    const far = [...data.places, ...data.members].filter(
      (item) => distanceKm(centres.get(`${item.country}|${item.city}`)!, item.location) > 40,
    );
    expect(far).toEqual([]);
  });

  it('gives unique ids', () => {
    expect(new Set(data.places.map((p) => p.id)).size).toBe(data.places.length);
    expect(new Set(data.members.map((m) => m.id)).size).toBe(data.members.length);
    expect(new Set(data.interactions.map((e) => e.id)).size).toBe(data.interactions.length);
  });

  it('has every kind of place and member the feeds need: curated, fresh, closed, draft, new, hidden, paused', () => {
    const now = Date.parse(data.options.now);
    const share = (count: number, total: number) => count / total;
    expect(share(data.places.filter((p) => p.curated).length, data.places.length)).toBeGreaterThan(0.03);
    expect(data.places.filter((p) => now - Date.parse(p.createdAt) < 14 * DAY_MS).length).toBeGreaterThan(
      400,
    );
    expect(data.places.some((p) => p.status === 'closed')).toBe(true);
    expect(data.places.some((p) => p.status === 'draft')).toBe(true);
    expect(data.members.filter((m) => m.tasteEmbedding === undefined).length).toBeGreaterThan(200);
    expect(data.members.some((m) => m.visibility === 'hidden')).toBe(true);
    expect(data.members.some((m) => m.visibility === 'paused')).toBe(true);
    expect(data.members.some((m) => m.preferences.hard.languages)).toBe(true);
  });

  it('passes the catalog validation (a sample of one in ten places and members; every edge)', () => {
    const failures: unknown[] = [];
    data.places.forEach((place, i) => {
      if (i % 10 !== 0) return;
      const result = validatePlace(place);
      if (!result.ok) failures.push({ id: place.id, errors: result.errors });
    });
    data.members.forEach((member, i) => {
      if (i % 10 !== 0) return;
      const result = validateMember(member);
      if (!result.ok) failures.push({ id: member.id, errors: result.errors });
    });
    for (const edge of data.edges) {
      const result = validateMemberEdge(edge);
      if (!result.ok) failures.push({ edge, errors: result.errors });
    }
    expect(failures).toEqual([]);
  });
});

describe('the interaction history', () => {
  it('has every type of event, in large numbers', () => {
    const counts: Record<string, number> = {};
    for (const e of data.interactions)
      counts[`${e.target.kind}:${e.type}`] = (counts[`${e.target.kind}:${e.type}`] ?? 0) + 1;
    console.info(`demo interactions: ${JSON.stringify(counts)}`);
    for (const type of ['view', 'save', 'like', 'pass', 'book'])
      expect(counts[`place:${type}`]).toBeGreaterThan(5_000);
    for (const type of ['like', 'pass', 'connect']) expect(counts[`member:${type}`]).toBeGreaterThan(5_000);
    expect(counts['member:block']).toBeGreaterThan(100);
  });

  it('is in time order, inside the history window, after the member and the place existed', () => {
    const now = Date.parse(data.options.now);
    const start = now - data.options.historyDays * DAY_MS;
    // ISO strings of one format compare as the times they write.
    const misplaced = data.interactions.filter((event, i) => {
      const at = Date.parse(event.at);
      const outOfOrder = i > 0 && event.at < data.interactions[i - 1].at;
      const beforeActor = event.at < data.members[memberIndex.get(event.memberId)!].createdAt;
      const beforePlace =
        event.target.kind === 'place' && event.at < data.places[placeIndex.get(event.target.id)!].createdAt;
      return outOfOrder || at < start || at > now || beforeActor || beforePlace;
    });
    expect(misplaced).toEqual([]);
  });

  it('touches only active places and shows only visible members', () => {
    const wrongTargets = data.interactions.filter((event) =>
      event.target.kind === 'place'
        ? data.places[placeIndex.get(event.target.id)!].status !== 'active'
        : // Liking back and connecting answer a like: the one answered may have paused since.
          event.type === 'pass' && data.members[memberIndex.get(event.target.id)!].visibility !== 'visible',
    );
    expect(wrongTargets).toEqual([]);
    const hiddenActors = data.interactions.filter(
      (event) =>
        event.target.kind === 'member' &&
        event.type === 'pass' &&
        data.members[memberIndex.get(event.memberId)!].visibility === 'hidden',
    );
    expect(hiddenActors).toEqual([]);
  });

  it('makes a connection edge of every connect event, and none between blocked members', () => {
    const edgeIds = new Set(data.edges.map((e) => `${e.kind}:${e.a}:${e.b}`));
    expect(edgeIds.size).toBe(data.edges.length);
    const blocked = new Set(
      data.edges.filter((e) => e.kind === 'block').flatMap((e) => [`${e.a}|${e.b}`, `${e.b}|${e.a}`]),
    );
    const connections = data.edges.filter((e) => e.kind === 'connection');
    expect(connections.every((e) => e.a < e.b && !blocked.has(`${e.a}|${e.b}`))).toBe(true);
    const connects = data.interactions.filter((e) => e.type === 'connect');
    expect(connects).toHaveLength(connections.length);
  });

  it('aggregates the members\u2019 stats and last activity from the history', () => {
    const weekAgo = Date.parse(data.options.now) - 7 * DAY_MS;
    const likesLastWeek = data.interactions.filter(
      (e) => e.target.kind === 'member' && e.type === 'like' && Date.parse(e.at) >= weekAgo,
    ).length;
    expect(data.members.reduce((sum, m) => sum + m.stats!.likesReceived7d, 0)).toBe(likesLastWeek);
    expect(data.members.reduce((sum, m) => sum + m.stats!.connectionCount, 0)).toBe(
      2 * data.edges.filter((e) => e.kind === 'connection').length,
    );
    expect(data.members.every((m) => m.lastActiveAt >= m.createdAt)).toBe(true);
  });
});

describe('hidden tastes drive the history', () => {
  const placeAffinityOf = (memberId: string, placeId: string) =>
    placeAffinity(
      data.hidden.members[memberIndex.get(memberId)!],
      data.hidden.places[placeIndex.get(placeId)!],
    );

  /** Mean affinity of `count` member–place pairs drawn at random (seeded). */
  function randomPairsAffinity(count: number): number {
    const random = new SeededRandom('random-pairs');
    return mean(
      Array.from({ length: count }, () =>
        placeAffinity(random.pick(data.hidden.members), random.pick(data.hidden.places)),
      ),
    );
  }

  it('saved places have a clearly higher latent affinity than random places; passed ones a lower one', () => {
    const byType: Record<string, number[]> = { view: [], save: [], like: [], book: [], pass: [] };
    for (const event of data.interactions) {
      if (event.target.kind === 'place')
        byType[event.type].push(placeAffinityOf(event.memberId, event.target.id));
    }
    const random = randomPairsAffinity(50_000);
    const means = Object.fromEntries(Object.entries(byType).map(([type, values]) => [type, mean(values)]));
    console.info(
      `mean latent affinity: random ${random.toFixed(3)}, ${JSON.stringify(means, (_, v) => (typeof v === 'number' ? +v.toFixed(3) : v))}`,
    );
    expect(means.save - random).toBeGreaterThan(0.2);
    expect(means.book).toBeGreaterThan(means.save);
    expect(means.save).toBeGreaterThan(means.view);
    expect(means.view).toBeGreaterThan(random);
    expect(means.pass).toBeLessThan(random);
  });

  it('liked and connected people have a higher latent affinity than passed ones', () => {
    const byType: Record<string, number[]> = { like: [], pass: [], connect: [], block: [] };
    for (const event of data.interactions) {
      if (event.target.kind !== 'member') continue;
      const viewer = data.hidden.members[memberIndex.get(event.memberId)!];
      const candidate = data.hidden.members[memberIndex.get(event.target.id)!];
      byType[event.type].push(memberAffinity(viewer, candidate));
    }
    expect(mean(byType.like) - mean(byType.pass)).toBeGreaterThan(0.15);
    expect(mean(byType.connect)).toBeGreaterThan(mean(byType.pass));
    expect(mean(byType.block)).toBeLessThan(mean(byType.like));
  });

  it('tells a good recommender from a bad one: taste embeddings beat popularity, which beats random', () => {
    // For members with a taste embedding: the hidden utility of their top 20 home-city places under three rankings.
    const random = new SeededRandom('rankers');
    const scores = { taste: [] as number[], popularity: [] as number[], random: [] as number[] };
    const members = data.members.filter((m) => m.tasteEmbedding).slice(0, 300);
    for (const member of members) {
      const hiddenMember = data.hidden.members[memberIndex.get(member.id)!];
      const candidates = data.places
        .map((place, i) => ({ place, hidden: data.hidden.places[i] }))
        .filter((c) => c.place.city === member.city && c.place.status === 'active');
      const top20Affinity = (score: (c: (typeof candidates)[number]) => number) =>
        mean(
          [...candidates]
            .sort((x, y) => score(y) - score(x))
            .slice(0, 20)
            .map((c) => placeUtility(hiddenMember, c.hidden)),
        );
      scores.taste.push(top20Affinity((c) => dot(member.tasteEmbedding!, c.place.embedding)));
      scores.popularity.push(top20Affinity((c) => c.place.popularity));
      const shuffled = new Map(candidates.map((c) => [c.place.id, random.next()]));
      scores.random.push(top20Affinity((c) => shuffled.get(c.place.id)!));
    }
    const taste = mean(scores.taste);
    const popularity = mean(scores.popularity);
    const chance = mean(scores.random);
    console.info(
      `top-20 hidden utility: taste ${taste.toFixed(3)}, popularity ${popularity.toFixed(3)}, random ${chance.toFixed(3)}`,
    );
    expect(taste - popularity).toBeGreaterThan(0.08);
    expect(popularity).toBeGreaterThan(chance);
  });
});

describe('determinism', () => {
  const small = { placeCount: 2_000, memberCount: 1_000 };

  it('gives the same documents and counts for the same seed', () => {
    const first = generateDemoData(small);
    const second = generateDemoData(small);
    expect(second.places.slice(0, 5)).toEqual(first.places.slice(0, 5));
    expect(second.members.slice(0, 5)).toEqual(first.members.slice(0, 5));
    expect(second.interactions.slice(0, 20)).toEqual(first.interactions.slice(0, 20));
    expect([
      second.places.length,
      second.members.length,
      second.edges.length,
      second.interactions.length,
    ]).toEqual([first.places.length, first.members.length, first.edges.length, first.interactions.length]);
    expect(hiddenTastes(second).members[0]).toEqual(hiddenTastes(first).members[0]);
  });

  it('gives other data for another seed', () => {
    const other = generateDemoData({ ...small, seed: 'another-seed' });
    expect(other.places[0].embedding).not.toEqual(generateDemoData(small).places[0].embedding);
  });

  it('every document of a small data set passes the catalog validation', () => {
    const set = generateDemoData({ ...small, seed: 'validation' });
    const failures = [
      ...set.places.map((p) => validatePlace(p)),
      ...set.members.map((m) => validateMember(m)),
      ...set.edges.map((e) => validateMemberEdge(e)),
    ].filter((result) => !result.ok);
    expect(failures).toEqual([]);
  });

  it('uses the documented defaults', () => {
    expect(data.options).toEqual(DEFAULT_DEMO_OPTIONS);
  });
});

describe('hiddenTastes', () => {
  it('exports a JSON-ready taste per member and a vector per place, with the affinity formulas', () => {
    const tastes = hiddenTastes(data);
    expect(tastes.members).toHaveLength(data.members.length);
    expect(tastes.places).toHaveLength(data.places.length);
    expect(tastes.latentDimension).toBe(LATENT_DIMENSION);
    expect(tastes.members[0].taste).toHaveLength(LATENT_DIMENSION);
    expect(tastes.affinity.place).toContain('dot(member.taste, place.vector)');
    const parsed = JSON.parse(JSON.stringify({ member: tastes.members[0], place: tastes.places[0] }));
    // The exported (rounded) vectors give the same affinity as the generator's, to 4 decimals.
    expect(placeAffinity(parsed.member, parsed.place)).toBeCloseTo(
      placeAffinity(data.hidden.members[0], data.hidden.places[0]),
      4,
    );
  });
});

describe('apportion', () => {
  it('splits a total in proportion to weights, exactly, city after city', () => {
    const assignment = apportion(10, [1, 1, 2]);
    // 2.5, 2.5 and 5: the tie for the last item goes to the first city.
    expect(assignment).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2, 2]);
    expect(apportion(20_000, [3, 7, 11])).toHaveLength(20_000);
  });
});
