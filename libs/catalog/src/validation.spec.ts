import { sampleEdge, sampleMember, samplePlace, testEmbedding } from './catalog-fixtures.spec-helpers';
import { FieldError, validateMember, validateMemberEdge, validatePlace } from './validation';

/** The errors of an input that must be refused. */
function errorsOf(result: { ok: true } | { ok: false; errors: FieldError[] }): FieldError[] {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors;
}

const withoutField = <T extends object>(item: T, field: keyof T): unknown => {
  const copy = { ...item } as Record<string, unknown>;
  delete copy[field as string];
  return copy;
};

describe('validatePlace', () => {
  it('accepts a complete place and returns its value', () => {
    const result = validatePlace(samplePlace());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toEqual(samplePlace());
  });

  it('accepts a place without its optional editorial note', () => {
    expect(validatePlace(withoutField(samplePlace(), 'editorialNote')).ok).toBe(true);
  });

  it('names nested fields by their path', () => {
    const errors = errorsOf(validatePlace(samplePlace({ location: { lat: 91, lon: -181 } })));
    expect(errors).toEqual([
      { field: 'location.lat', message: 'location.lat must not be greater than 90' },
      { field: 'location.lon', message: 'location.lon must not be less than -180' },
    ]);
  });

  it('refuses unknown fields, at the top and nested', () => {
    const errors = errorsOf(
      validatePlace({ ...samplePlace(), owner: 'x', location: { lat: 1, lon: 2, alt: 3 } }),
    );
    expect(errors).toEqual([
      { field: 'owner', message: 'property owner should not exist' },
      { field: 'location.alt', message: 'property location.alt should not exist' },
    ]);
  });

  it.each([
    ['id', 'place 1', 'id must be 1 to 64 characters'],
    ['name', '', 'name must be longer than or equal to 1 characters'],
    ['country', 'pt', 'country must be an upper-case ISO 3166-1 alpha-2 country code'],
    ['country', 'ZZ', 'country must be an upper-case ISO 3166-1 alpha-2 country code'],
    ['location', 'Lisbon', 'location must be an object'],
    ['categories', [], 'categories must contain at least 1 elements'],
    ['categories', ['museum', 'spaceport'], 'each value in categories must be one of: museum, gallery'],
    ['categories', ['cafe', 'cafe'], "All categories's elements must be unique"],
    ['priceLevel', 5, 'priceLevel must not be greater than 4'],
    ['priceLevel', 2.5, 'priceLevel must be an integer number'],
    ['rating', -0.1, 'rating must not be less than 0'],
    ['rating', '4.5', 'rating must be a number'],
    ['ratingCount', -1, 'ratingCount must not be less than 0'],
    ['popularity', -3, 'popularity must not be less than 0'],
    ['curated', 'yes', 'curated must be a boolean value'],
    ['status', 'open', 'status must be one of the following values: active, closed, draft'],
    ['createdAt', '2024-03-01', 'createdAt must be an ISO 8601 date-time with a time zone'],
    ['createdAt', '2024-02-30T10:00:00Z', 'createdAt must be an ISO 8601 date-time with a time zone'],
    ['updatedAt', '2020-01-01T00:00:00Z', 'updatedAt must not be earlier than createdAt'],
    ['embedding', testEmbedding(1).slice(0, 63), 'embedding must have exactly 64 numbers (got 63)'],
    [
      'embedding',
      [...testEmbedding(1).slice(0, 63), 'x'],
      'embedding must contain only finite numbers (element 63 is "x")',
    ],
    [
      'embedding',
      [...testEmbedding(1).slice(0, 63), 1e39],
      'embedding must contain only finite numbers (element 63 is 1e+39)',
    ],
    ['embedding', new Array(64).fill(0), 'embedding must not be all zeros'],
  ])('refuses %s = %j', (field, value, message) => {
    const errors = errorsOf(validatePlace({ ...samplePlace(), [field]: value }));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe(field);
    expect(errors[0].message).toContain(message);
  });

  it('reports a missing required field by name', () => {
    const errors = errorsOf(validatePlace(withoutField(samplePlace(), 'name')));
    expect(errors).toEqual([{ field: 'name', message: expect.stringMatching(/^name /) }]);
  });

  it('reports every bad field of an item, one message each', () => {
    const errors = errorsOf(validatePlace({ ...samplePlace(), priceLevel: 0, rating: 6, status: 'x' }));
    expect(errors.map((e) => e.field)).toEqual(['priceLevel', 'rating', 'status']);
  });

  it.each([null, 'a place', 42, [samplePlace()]])('refuses %j as an item', (input) => {
    expect(errorsOf(validatePlace(input))).toEqual([
      { field: '', message: 'the item must be a JSON object' },
    ]);
  });

  it('accepts the bounds themselves', () => {
    const place = samplePlace({ location: { lat: -90, lon: 180 }, rating: 5, priceLevel: 1, popularity: 0 });
    expect(validatePlace(place).ok).toBe(true);
  });
});

describe('validateMember', () => {
  it('accepts a complete member', () => {
    expect(validateMember(sampleMember()).ok).toBe(true);
  });

  it('accepts a new member without embeddings, stats or email', () => {
    let member = sampleMember();
    for (const field of ['profileEmbedding', 'tasteEmbedding', 'stats', 'email'] as const) {
      member = withoutField(member, field) as typeof member;
    }
    expect(validateMember(member).ok).toBe(true);
  });

  it('names fields two levels deep', () => {
    const member = sampleMember();
    const errors = errorsOf(
      validateMember({
        ...member,
        preferences: {
          ...member.preferences,
          maxDistanceKm: 0,
          hard: { ...member.preferences.hard, languages: 'yes' },
        },
      }),
    );
    expect(errors).toEqual([
      { field: 'preferences.maxDistanceKm', message: 'preferences.maxDistanceKm must not be less than 1' },
      { field: 'preferences.hard.languages', message: 'preferences.hard.languages must be a boolean value' },
    ]);
  });

  it.each([
    ['visibility', 'invisible', 'visibility must be one of the following values: visible, hidden, paused'],
    ['languages', ['portuguese'], 'each value in languages must be an ISO 639-1 language code'],
    ['industries', ['cooking'], 'each value in industries must be one of: technology'],
    ['email', 'not-an-email', 'email must be an email'],
    ['tasteEmbedding', [1, 2, 3], 'tasteEmbedding must have exactly 64 numbers (got 3)'],
    ['lastActiveAt', '2020-01-01T00:00:00Z', 'lastActiveAt must not be earlier than createdAt'],
    ['displayName', 'x'.repeat(81), 'displayName must be shorter than or equal to 80 characters'],
  ])('refuses %s = %j', (field, value, message) => {
    const errors = errorsOf(validateMember({ ...sampleMember(), [field]: value }));
    expect(errors).toEqual([{ field, message: expect.stringContaining(message) }]);
  });

  it('refuses negative stats by their path', () => {
    const member = sampleMember();
    const errors = errorsOf(validateMember({ ...member, stats: { ...member.stats, likesReceived7d: -1 } }));
    expect(errors).toEqual([
      { field: 'stats.likesReceived7d', message: 'stats.likesReceived7d must not be less than 0' },
    ]);
  });
});

describe('validateMemberEdge', () => {
  it('accepts a block and a connection', () => {
    expect(validateMemberEdge(sampleEdge()).ok).toBe(true);
    expect(validateMemberEdge(sampleEdge({ kind: 'connection' })).ok).toBe(true);
  });

  it('refuses an edge from a member to themselves', () => {
    expect(errorsOf(validateMemberEdge(sampleEdge({ b: 'member-ana' })))).toEqual([
      { field: 'b', message: 'b must differ from a (a member has no edge to themselves)' },
    ]);
  });

  it('refuses unknown kinds and ids with the separator of edge ids', () => {
    const errors = errorsOf(validateMemberEdge({ ...sampleEdge(), kind: 'follow', a: 'x:y' }));
    expect(errors.map((e) => e.field)).toEqual(['kind', 'a']);
  });
});
