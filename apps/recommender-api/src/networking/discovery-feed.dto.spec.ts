import { MEMBER_PRIVATE_FIELDS } from '@app/catalog';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DiscoveryFeedQueryDto, toDiscoveryMemberDto } from './discovery-feed.dto';
import { candidate, context, member } from './networking.spec-helpers';

describe('toDiscoveryMemberDto', () => {
  it('copies public fields only, with a distance bucket, mutual connections and shared interests', () => {
    const ctx = context({ connected: ['c1'], mutual: [['c1', 'x']] });
    const x = member('x', {
      interests: ['jazz', 'chess'],
      location: { lat: 38.7169, lon: -8.9 },
      email: 'x@example.com',
      stats: { impressions7d: 1, likesReceived7d: 1, passesReceived7d: 0, connectionCount: 3 },
    });
    const dto = toDiscoveryMemberDto(candidate(x, 1, { distanceKm: 20.8 }, ['1 mutual connection']), ctx);
    expect(dto).toEqual({
      id: 'x',
      displayName: 'Member x',
      headline: x.headline,
      professions: x.professions,
      industries: ['film'],
      city: 'Lisbon',
      distance: '5to25km',
      mutualConnections: 1,
      sharedInterests: ['jazz'],
      reasons: ['1 mutual connection'],
    });
    for (const field of MEMBER_PRIVATE_FIELDS) expect(dto).not.toHaveProperty(field);
  });
});

describe('DiscoveryFeedQueryDto', () => {
  const validate = (query: Record<string, unknown>) => {
    const dto = plainToInstance(DiscoveryFeedQueryDto, query);
    return {
      dto,
      errors: validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property),
    };
  };

  it('reads numbers and booleans from query strings', () => {
    expect(validate({ limit: '5', explain: 'true', cursor: 'abc' })).toEqual({
      dto: Object.assign(new DiscoveryFeedQueryDto(), { limit: 5, explain: true, cursor: 'abc' }),
      errors: [],
    });
    expect(validate({}).errors).toEqual([]);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '51' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ explain: 'yes' }, 'explain'],
    [{ cursor: '' }, 'cursor'],
    [{ page: '2' }, 'page'],
  ])('refuses %j', (query, field) => {
    expect(validate(query).errors).toEqual([field]);
  });
});
