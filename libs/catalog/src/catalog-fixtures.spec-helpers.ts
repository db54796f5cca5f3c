import { EMBEDDING_DIMENSION } from './vocabulary';
import { Member } from './member.dto';
import { MemberEdge } from './member-edge.dto';
import { Place } from './place.dto';

/** A deterministic, non-zero test embedding. */
export function testEmbedding(seed: number): number[] {
  return Array.from(
    { length: EMBEDDING_DIMENSION },
    (_, i) => Math.round(Math.sin(seed * 31 + i) * 1e4) / 1e4,
  );
}

/** A valid place with every field set (optional ones too), as JSON would bring it. */
export function samplePlace(overrides: Partial<Place> = {}): Place {
  return {
    id: 'place-lisbon-azulejo',
    name: 'Museu Nacional do Azulejo',
    description: 'Five centuries of Portuguese tiles in a former convent.',
    city: 'Lisbon',
    country: 'PT',
    location: { lat: 38.7247, lon: -9.1136 },
    categories: ['museum', 'historic_site'],
    tags: ['tiles', 'convent', 'rainy day'],
    priceLevel: 2,
    rating: 4.6,
    ratingCount: 12840,
    popularity: 87.5,
    curated: true,
    editorialNote: 'Go early; the chapel is the highlight.',
    status: 'active',
    createdAt: '2024-03-01T09:00:00Z',
    updatedAt: '2025-01-15T10:30:00.250Z',
    embedding: testEmbedding(1),
    ...overrides,
  };
}

/** A valid member with every field set (optional ones too), as JSON would bring it. */
export function sampleMember(overrides: Partial<Member> = {}): Member {
  return {
    id: 'member-ana',
    displayName: 'Ana M.',
    headline: 'Documentary producer looking for co-producers',
    professions: ['producer'],
    industries: ['film', 'media'],
    interests: ['documentaries', 'surfing'],
    city: 'Lisbon',
    country: 'PT',
    location: { lat: 38.7169, lon: -9.1399 },
    languages: ['pt', 'en'],
    visibility: 'visible',
    verified: true,
    createdAt: '2024-06-01T12:00:00Z',
    lastActiveAt: '2025-05-30T18:45:00+01:00',
    profileEmbedding: testEmbedding(2),
    tasteEmbedding: testEmbedding(3),
    preferences: {
      industries: ['film', 'music'],
      languages: ['en'],
      maxDistanceKm: 50,
      hard: { industries: false, languages: true, maxDistanceKm: false },
    },
    stats: { impressions7d: 120, likesReceived7d: 14, passesReceived7d: 30, connectionCount: 9 },
    email: 'ana@example.com',
    ...overrides,
  };
}

export function sampleEdge(overrides: Partial<MemberEdge> = {}): MemberEdge {
  return {
    kind: 'block',
    a: 'member-ana',
    b: 'member-bruno',
    createdAt: '2025-05-01T08:00:00Z',
    ...overrides,
  };
}
