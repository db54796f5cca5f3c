import { ConfigError, loadApiConfig } from '../config/api-config';
import { apiKeyEntry } from './api-key-list';
import { accessSettings } from './access-settings';

const KEYS = `${apiKeyEntry('travel-app', ['travel'], 'rk_1')},${apiKeyEntry('ops', ['admin', 'catalog'], 'rk_2')}`;

describe('access settings', () => {
  it('refuses to serve without API_KEYS, naming the variable and the way out', () => {
    const config = loadApiConfig({});
    expect(() => accessSettings(config)).toThrow(ConfigError);
    expect(() => accessSettings(config)).toThrow(
      /API_KEYS is unset, and the API does not serve without keys: set API_KEYS=.*or AUTH_DISABLED=true/,
    );
  });

  it('reads the keys and the default limits: 1,000 at once, 500 a second, per key and scope', () => {
    const settings = accessSettings(loadApiConfig({ API_KEYS: KEYS }));
    expect(settings.disabled).toBe(false);
    expect(settings.keys.map((k) => [k.name, k.scopes])).toEqual([
      ['travel-app', ['travel']],
      ['ops', ['admin', 'catalog']],
    ]);
    expect(settings.limits.travel).toEqual({ capacity: 1_000, refillPerSecond: 500 });
    expect(settings.limits.admin).toEqual({ capacity: 1_000, refillPerSecond: 500 });
  });

  it('takes other limits, for every scope and for some', () => {
    const settings = accessSettings(
      loadApiConfig({
        API_KEYS: KEYS,
        RATE_LIMIT_CAPACITY: '50',
        RATE_LIMIT_REFILL_PER_SECOND: '2.5',
        RATE_LIMITS_BY_SCOPE: 'admin:5:0.5, catalog:200:100',
      }),
    );
    expect(settings.limits).toEqual({
      travel: { capacity: 50, refillPerSecond: 2.5 },
      networking: { capacity: 50, refillPerSecond: 2.5 },
      catalog: { capacity: 200, refillPerSecond: 100 },
      admin: { capacity: 5, refillPerSecond: 0.5 },
    });
  });

  it('serves open with AUTH_DISABLED=true, and refuses it beside API_KEYS', () => {
    expect(accessSettings(loadApiConfig({ AUTH_DISABLED: 'true' }))).toMatchObject({
      disabled: true,
      keys: [],
    });
    expect(() => loadApiConfig({ AUTH_DISABLED: 'true', API_KEYS: KEYS })).toThrow(
      /API_KEYS is set but AUTH_DISABLED is true: unset one of them/,
    );
  });

  it.each([
    [
      { API_KEYS: 'app:travel:clear-text-key' },
      /API_KEYS: entry 1 \(app\): the key must be given as its SHA-256/,
    ],
    [{ API_KEYS: 'app:root:' + 'a'.repeat(64) }, /API_KEYS: entry 1 \(app\): unknown scope "root"/],
    [{ AUTH_DISABLED: 'maybe' }, /AUTH_DISABLED must be a boolean value/],
    [{ RATE_LIMIT_CAPACITY: '0' }, /RATE_LIMIT_CAPACITY must not be less than 1/],
    [{ RATE_LIMIT_CAPACITY: '1.5' }, /RATE_LIMIT_CAPACITY must be an integer/],
    [{ RATE_LIMIT_REFILL_PER_SECOND: 'fast' }, /RATE_LIMIT_REFILL_PER_SECOND must be a number/],
    [{ RATE_LIMIT_REFILL_PER_SECOND: '0' }, /RATE_LIMIT_REFILL_PER_SECOND must not be less than 0.001/],
    [
      { RATE_LIMITS_BY_SCOPE: 'admin:5' },
      /RATE_LIMITS_BY_SCOPE: "admin:5" is not scope:capacity:refillPerSecond/,
    ],
    [{ RATE_LIMITS_BY_SCOPE: 'root:5:1' }, /RATE_LIMITS_BY_SCOPE: unknown scope "root"/],
    [{ RATE_LIMITS_BY_SCOPE: 'admin:0:1' }, /admin: the capacity must be an integer from 1/],
    [{ RATE_LIMITS_BY_SCOPE: 'admin:1:0' }, /admin: the refill must be from 0.001/],
    [{ RATE_LIMITS_BY_SCOPE: 'admin:1:1,admin:2:2' }, /admin is listed twice/],
  ])('refuses %j by name', (env, message) => {
    expect(() => loadApiConfig(env)).toThrow(message);
  });
});
