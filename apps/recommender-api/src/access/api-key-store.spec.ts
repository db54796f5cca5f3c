import { apiKeyEntry, parseApiKeyList } from './api-key-list';
import { ApiKeyStore } from './api-key-store';

describe('ApiKeyStore', () => {
  const store = new ApiKeyStore(
    parseApiKeyList(
      [
        apiKeyEntry('travel-app', ['travel'], 'rk_travel'),
        apiKeyEntry('ops', ['admin', 'catalog'], 'rk_ops'),
      ].join(','),
    ),
  );

  it('finds the key a request presents, whatever its position in the list', () => {
    expect(store.identify('rk_travel')?.name).toBe('travel-app');
    expect(store.identify('rk_ops')).toMatchObject({ name: 'ops', scopes: ['admin', 'catalog'] });
  });

  it('knows no other key: a prefix, a longer key, another case, the hash itself, nothing', () => {
    for (const other of ['rk_trave', 'rk_travel ', 'RK_TRAVEL', 'rk_travelx', '', 'travel-app']) {
      expect(store.identify(other)).toBeUndefined();
    }
    const hash = parseApiKeyList(apiKeyEntry('x', ['travel'], 'rk_travel'))[0].sha256.toString('hex');
    expect(store.identify(hash)).toBeUndefined();
  });

  it('knows nothing without keys', () => {
    expect(new ApiKeyStore([]).identify('rk_travel')).toBeUndefined();
  });
});
