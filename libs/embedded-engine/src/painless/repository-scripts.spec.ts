import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbeddedClient } from '../client/create-embedded-client';
import { PainlessScoreScript } from './score-script';

/** The stored scripts of `painless/`: every file compiles, is in the manifest, and scores fixture documents as computed. */
const DIR = join(__dirname, '../../../../painless');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  scripts: { id: string; file: string; description: string }[];
};
const source = (id: string): string =>
  readFileSync(join(DIR, manifest.scripts.find((s) => s.id === id)!.file), 'utf8');

const NOW = '2026-11-01T00:00:00Z';
const DAY = 86_400_000;
const iso = (millis: number): string => new Date(millis).toISOString();

describe('painless/ scripts', () => {
  it('lists every .painless file in the manifest, and each compiles', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.painless'))
      .sort();
    expect(manifest.scripts.map((s) => s.file).sort()).toEqual(files);
    for (const s of manifest.scripts) {
      expect(s.id).toMatch(/^[a-z]+-[a-z-]+-v\d+$/);
      expect(() => PainlessScoreScript.compile(readFileSync(join(DIR, s.file), 'utf8'))).not.toThrow();
    }
  });

  async function scores(
    mappings: Record<string, unknown>,
    docs: Record<string, Record<string, unknown>>,
    id: string,
    params: Record<string, unknown>,
  ): Promise<Record<string, number>> {
    const client = await createEmbeddedClient();
    await client.indices.create({ index: 'fixture', body: { settings: { 'index.knn': true }, mappings } });
    for (const [docId, body] of Object.entries(docs))
      await client.index({ index: 'fixture', id: docId, body });
    await client.indices.refresh({ index: 'fixture' });
    await client.transport.request({
      method: 'PUT',
      path: `/_scripts/${id}/score`,
      body: { script: { lang: 'painless', source: source(id) } },
    });
    const response = await client.search({
      index: 'fixture',
      body: { query: { script_score: { query: { match_all: {} }, script: { id, params } } } },
    });
    return Object.fromEntries(
      (response.body.hits.hits as { _id: string; _score: number }[]).map((h) => [h._id, h._score]),
    );
  }

  it('places-taste-score-v1 scores two places as computed by hand', async () => {
    const taste = [0.5, 0.5, 0.5, 0.5];
    const result = await scores(
      {
        properties: {
          embedding: { type: 'knn_vector', dimension: 4 },
          categories: { type: 'keyword' },
          priceLevel: { type: 'integer' },
          location: { type: 'geo_point' },
          rating: { type: 'float' },
          ratingCount: { type: 'integer' },
          createdAt: { type: 'date' },
          curated: { type: 'boolean' },
        },
      },
      {
        a: {
          embedding: taste,
          categories: ['museum', 'cafe'],
          priceLevel: 2,
          location: { lat: 41.39, lon: 2.17 },
          rating: 4,
          ratingCount: 50,
          createdAt: NOW,
          curated: true,
        },
        b: {
          categories: ['park'],
          priceLevel: 4,
          rating: 5,
          ratingCount: 150,
          createdAt: iso(Date.parse(NOW) - 90 * DAY),
          curated: false,
        },
      },
      'places-taste-score-v1',
      {
        taste,
        affinities: { museum: 0.8, cafe: -0.2 },
        pricePreference: 2,
        origin: '41.39,2.17',
        originScale: '5km',
        now: NOW,
        weights: {
          query: 0,
          taste: 1,
          affinity: 1,
          price: 0.5,
          distance: 1,
          quality: 1,
          freshness: 0.5,
          curated: 0.25,
        },
      },
    );
    // a: taste (1+1)/2 = 1; affinity mean(0.8, -0.2) = 0.3 → (1+0.3)/2 = 0.65; price 1 × 0.5; distance ≈ 1 (the
    // quantized doc value is centimetres from the origin); quality 4/5 × 50/(50+50) = 0.4; fresh 1 × 0.5; curated 0.25
    expect(result.a).toBeCloseTo(1 + 0.65 + 0.5 + 1 + 0.4 + 0.5 + 0.25, 5);
    // b: no embedding 0; no affinity (1+0)/2 = 0.5; price 1/(1+|4-2|) × 0.5; no location 0; quality 5/5 × 150/200 =
    // 0.75; 90 days old = one half-life: 0.5 × 0.5; not curated 0
    expect(result.b).toBeCloseTo(0.5 + 0.5 / 3 + 0.75 + 0.25, 5);
  });

  it('members-mutual-score-v1 ranks mutual interest and damps heavily shown, rarely liked profiles', async () => {
    const viewerTaste = [1, 0, 0, 0];
    const viewerProfile = [0, 1, 0, 0];
    const result = await scores(
      {
        properties: {
          profileEmbedding: { type: 'knn_vector', dimension: 4 },
          tasteEmbedding: { type: 'knn_vector', dimension: 4 },
          industries: { type: 'keyword' },
          interests: { type: 'keyword' },
          location: { type: 'geo_point' },
          lastActiveAt: { type: 'date' },
          stats: { properties: { impressions7d: { type: 'integer' }, likesReceived7d: { type: 'integer' } } },
        },
      },
      {
        c: {
          profileEmbedding: viewerTaste,
          tasteEmbedding: viewerProfile,
          industries: ['film'],
          interests: ['jazz', 'chess'],
          location: { lat: 41.39, lon: 2.17 },
          lastActiveAt: NOW,
          stats: { impressions7d: 0, likesReceived7d: 0 },
        },
        d: {
          profileEmbedding: [-1, 0, 0, 0],
          tasteEmbedding: viewerProfile,
          lastActiveAt: iso(Date.parse(NOW) - 15 * DAY),
          stats: { impressions7d: 99, likesReceived7d: 0 },
        },
      },
      'members-mutual-score-v1',
      {
        viewerTaste,
        viewerProfile,
        viewerIndustries: ['film', 'tech'],
        viewerInterests: ['jazz'],
        origin: '41.39,2.17',
        distanceScale: '25km',
        now: NOW,
        weights: { mutual: 1, overlap: 1, distance: 0.5, activity: 0.5 },
      },
    );
    // c: mutual = harmonic mean of 1 and 1 = 1; overlap = 0.5 × 1/(1+1) + 0.5 × 1/(1+2) = 0.41666667;
    // distance ≈ 1 × 0.5; active now (offset 1d) 1 × 0.5; no impressions: damping 1
    expect(result.c).toBeCloseTo(1 + 0.25 + 1 / 6 + 0.5 + 0.5, 5);
    // d: forward (1-1)/2 = 0 → mutual 0; no overlap, no location; active 15 days ago: 14 days past the 1-day offset
    // = one half-life → 0.5 × 0.5 = 0.25; damping 1/(1 + ln(100) × (1 − 1/(1 + 10.9))) = 0.19163733
    const damping = 1 / (1 + Math.log1p(99) * (1 - 1 / (1 + 10.9)));
    expect(result.d).toBeCloseTo(0.25 * damping, 6);
  });

  it('members-mutual-score-v2 counts a candidate without a taste embedding as unknown, where v1 counts it as zero', async () => {
    const viewerTaste = [1, 0, 0, 0];
    const viewerProfile = [0, 1, 0, 0];
    const mappings = {
      properties: {
        profileEmbedding: { type: 'knn_vector', dimension: 4 },
        tasteEmbedding: { type: 'knn_vector', dimension: 4 },
        industries: { type: 'keyword' },
        interests: { type: 'keyword' },
        location: { type: 'geo_point' },
        lastActiveAt: { type: 'date' },
        stats: { properties: { impressions7d: { type: 'integer' }, likesReceived7d: { type: 'integer' } } },
      },
    };
    const docs = {
      // A new member: a profile, no taste yet.
      fresh: { profileEmbedding: [0.6, 0.8, 0, 0], lastActiveAt: NOW },
      // Taste known and pointing away from the viewer's profile: backward (1 + 0)/2 = 0.5.
      known: { profileEmbedding: [0.6, 0.8, 0, 0], tasteEmbedding: [1, 0, 0, 0], lastActiveAt: NOW },
    };
    const params = {
      viewerTaste,
      viewerProfile,
      viewerIndustries: [],
      viewerInterests: [],
      origin: '41.39,2.17',
      distanceScale: '25km',
      now: NOW,
      weights: { mutual: 1, overlap: 0, distance: 0, activity: 0.5 },
    };
    const v1 = await scores(mappings, docs, 'members-mutual-score-v1', params);
    const v2 = await scores(mappings, docs, 'members-mutual-score-v2', params);
    // forward = (1 + 0.6)/2 = 0.8 for both; activity 1 × 0.5.
    const harmonic = (2 * 0.8 * 0.5) / (0.8 + 0.5);
    expect(v1.fresh).toBeCloseTo(0.5, 5);
    expect(v2.fresh).toBeCloseTo(0.8 + 0.5, 5);
    expect(v1.known).toBeCloseTo(harmonic + 0.5, 5);
    expect(v2.known).toBeCloseTo(harmonic + 0.5, 5);
  });
});
