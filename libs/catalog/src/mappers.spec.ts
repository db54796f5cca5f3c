import { sampleEdge, sampleMember, samplePlace } from './catalog-fixtures.spec-helpers';
import { MEMBER_FIELD_PRIVACY, MEMBER_PRIVATE_FIELDS } from './member.dto';
import { memberEdgeId } from './member-edge.dto';
import { fromMemberEdgeDocument, otherMember, toMemberEdgeDocument } from './member-edge.mapper';
import { ZERO_MEMBER_STATS, fromMemberDocument, toMemberDocument, toPublicMember } from './member.mapper';
import { PLACE_PRIVATE_FIELDS } from './place.dto';
import { fromPlaceDocument, toPlaceDocument, toPublicPlace } from './place.mapper';
import { validateMember } from './validation';

describe('places', () => {
  it('marks the embedding and the popularity signal private', () => {
    expect(PLACE_PRIVATE_FIELDS).toEqual(['popularity', 'embedding']);
  });

  it('drops the private fields from the public view and keeps the rest', () => {
    const place = samplePlace();
    const view = toPublicPlace(place);
    for (const field of PLACE_PRIVATE_FIELDS) expect(view).not.toHaveProperty(field);
    expect(view).toMatchObject({ id: place.id, name: place.name, rating: place.rating, curated: true });
  });

  it('round-trips through the engine document', () => {
    const place = samplePlace();
    expect(toPlaceDocument(place)).toEqual(place);
    expect(fromPlaceDocument(JSON.parse(JSON.stringify(toPlaceDocument(place))))).toEqual(place);
  });

  it('copies only the schema fields into the engine document', () => {
    const document = toPlaceDocument({ ...samplePlace(), extra: 'x' } as ReturnType<typeof samplePlace>);
    expect(document).not.toHaveProperty('extra');
  });
});

describe('members', () => {
  it('marks location, embeddings, preferences, stats, email and activity private', () => {
    expect([...MEMBER_PRIVATE_FIELDS].sort()).toEqual(
      [
        'email',
        'lastActiveAt',
        'location',
        'preferences',
        'profileEmbedding',
        'stats',
        'tasteEmbedding',
        'visibility',
      ].sort(),
    );
  });

  it('a public member view contains none of the private fields, nor their values', () => {
    const member = sampleMember();
    const view = toPublicMember(member);
    for (const field of MEMBER_PRIVATE_FIELDS) expect(view).not.toHaveProperty(field);
    const text = JSON.stringify(view);
    expect(text).not.toContain(member.email!);
    expect(text).not.toContain(String(member.location.lat));
    expect(text).not.toContain('maxDistanceKm');
  });

  it('a public member view keeps every public field', () => {
    const member = sampleMember();
    const publicFields = Object.keys(MEMBER_FIELD_PRIVACY).filter(
      (field) => MEMBER_FIELD_PRIVACY[field as keyof typeof MEMBER_FIELD_PRIVACY] === 'public',
    );
    expect(Object.keys(toPublicMember(member)).sort()).toEqual(publicFields.sort());
  });

  it('never lets an unclassified field through the public view', () => {
    const view = toPublicMember({ ...sampleMember(), passwordHash: 'secret' } as ReturnType<
      typeof sampleMember
    >);
    expect(view).not.toHaveProperty('passwordHash');
  });

  it('a public view of a validated DTO instance has no private fields either', () => {
    const result = validateMember(sampleMember());
    if (!result.ok) throw new Error('sample member must be valid');
    const view = toPublicMember(result.value);
    for (const field of MEMBER_PRIVATE_FIELDS) expect(view).not.toHaveProperty(field);
  });

  it('round-trips through the engine document', () => {
    const member = sampleMember();
    expect(fromMemberDocument(JSON.parse(JSON.stringify(toMemberDocument(member))))).toEqual(member);
  });

  it('gives a new member zero stats in the engine document, so scripts need no checks', () => {
    const {
      stats: _stats,
      profileEmbedding: _p,
      tasteEmbedding: _t,
      email: _e,
      ...newMember
    } = sampleMember();
    const document = toMemberDocument(newMember);
    expect(document.stats).toEqual(ZERO_MEMBER_STATS);
    expect(document).not.toHaveProperty('tasteEmbedding');
    expect(document).not.toHaveProperty('email');
  });
});

describe('member edges', () => {
  it('gives a block a directed, deterministic id', () => {
    expect(toMemberEdgeDocument(sampleEdge()).id).toBe('block:member-ana:member-bruno');
    expect(toMemberEdgeDocument(sampleEdge({ a: 'member-bruno', b: 'member-ana' })).id).toBe(
      'block:member-bruno:member-ana',
    );
  });

  it('gives both directions of a connection one id and one document', () => {
    const forward = toMemberEdgeDocument(sampleEdge({ kind: 'connection', a: 'm2', b: 'm1' }));
    const backward = toMemberEdgeDocument(sampleEdge({ kind: 'connection', a: 'm1', b: 'm2' }));
    expect(forward).toEqual(backward);
    expect(forward.id).toBe(memberEdgeId('connection', 'm2', 'm1'));
    expect(forward.document).toMatchObject({ a: 'm1', b: 'm2' });
  });

  it('lists both ends in members, so one term query finds a block from either side', () => {
    const { document } = toMemberEdgeDocument(sampleEdge());
    expect(document.members).toEqual(['member-ana', 'member-bruno']);
    expect(otherMember(document, 'member-bruno')).toBe('member-ana');
    expect(otherMember(document, 'member-carla')).toBeUndefined();
  });

  it('round-trips through the engine document', () => {
    expect(fromMemberEdgeDocument(toMemberEdgeDocument(sampleEdge()).document)).toEqual(sampleEdge());
  });
});
