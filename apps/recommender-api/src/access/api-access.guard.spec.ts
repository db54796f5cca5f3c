import { chargedScopes } from './api-access.guard';

describe('chargedScopes', () => {
  it('charges the scopes a route needs when the key holds them all', () => {
    expect(chargedScopes({ all: ['travel'] }, ['travel', 'admin'])).toEqual(['travel']);
    expect(chargedScopes({ all: ['travel', 'networking'] }, ['networking', 'travel'])).toEqual([
      'travel',
      'networking',
    ]);
  });

  it('refuses a key missing any of them', () => {
    expect(chargedScopes({ all: ['travel'] }, ['networking', 'catalog', 'admin'])).toBeUndefined();
    expect(chargedScopes({ all: ['travel', 'networking'] }, ['travel'])).toBeUndefined();
    expect(chargedScopes({ all: ['admin'] }, [])).toBeUndefined();
  });

  it('charges the first of `any` the key holds, and refuses a key holding none', () => {
    const either = { all: [], any: ['travel', 'networking'] } as const;
    expect(chargedScopes(either, ['networking'])).toEqual(['networking']);
    expect(chargedScopes(either, ['networking', 'travel'])).toEqual(['travel']);
    expect(chargedScopes(either, ['catalog', 'admin'])).toBeUndefined();
  });
});
