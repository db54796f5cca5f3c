import { apiKeyEntry, generateApiKey, parseApiKeyList, sha256Hex } from './api-key-list';

// printf %s test | sha256sum
const SHA256_OF_TEST = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('parseApiKeyList', () => {
  it('reads names, scopes and hashes, separated by commas, spaces or new lines', () => {
    const keys = parseApiKeyList(
      `travel-app:travel:${SHA256_OF_TEST}, ops:admin+catalog:${'A'.repeat(64)}\n  app.2:networking+travel:${'0'.repeat(64)}`,
    );
    expect(keys.map(({ name, scopes }) => ({ name, scopes }))).toEqual([
      { name: 'travel-app', scopes: ['travel'] },
      { name: 'ops', scopes: ['admin', 'catalog'] },
      { name: 'app.2', scopes: ['networking', 'travel'] },
    ]);
    expect(keys[0].sha256.toString('hex')).toBe(SHA256_OF_TEST);
    expect(keys[1].sha256).toEqual(Buffer.alloc(32, 0xaa));
  });

  it.each([
    ['', /lists no key/],
    [' , ', /lists no key/],
    [`app:travel`, /entry 1 is not name:scope\+scope:sha256-hex-of-key/],
    [`app:travel:${SHA256_OF_TEST}:x`, /entry 1 is not/],
    [`a:travel:${'1'.repeat(64)},b c:travel:${SHA256_OF_TEST}`, /entry 2 is not|entry 2: the name/],
    [`app/1:travel:${SHA256_OF_TEST}`, /entry 1: the name must be/],
    [
      `app:travel+root:${SHA256_OF_TEST}`,
      /entry 1 \(app\): unknown scope "root"; scopes are travel, networking/,
    ],
    [`app::${SHA256_OF_TEST}`, /unknown scope ""/],
    ['app:travel:my-secret-key', /SHA-256 in hex \(64 characters\), never in clear/],
    [`app:travel:${SHA256_OF_TEST}0`, /SHA-256 in hex/],
    [`app:travel:${SHA256_OF_TEST},app:admin:${'1'.repeat(64)}`, /entry 2: app is listed twice/],
    [
      `a:travel:${SHA256_OF_TEST},b:admin:${SHA256_OF_TEST.toUpperCase()}`,
      /entry 2 \(b\) has the same key as a/,
    ],
  ])('refuses %j', (text, message) => {
    expect(() => parseApiKeyList(text)).toThrow(message);
  });

  it('lists a scope once however often it is written', () => {
    expect(parseApiKeyList(`a:travel+travel:${SHA256_OF_TEST}`)[0].scopes).toEqual(['travel']);
  });
});

describe('API key helpers', () => {
  it('hashes as sha256sum does, and writes an entry parseApiKeyList reads', () => {
    expect(sha256Hex('test')).toBe(SHA256_OF_TEST);
    expect(apiKeyEntry('demo', ['travel', 'admin'], 'test')).toBe(`demo:travel+admin:${SHA256_OF_TEST}`);
  });

  it('makes different keys of 256 bits each time', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
  });
});
