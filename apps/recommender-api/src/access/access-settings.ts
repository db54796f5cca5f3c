import { ApiConfig, CONFIG_ENV_NAMES, ConfigError } from '../config/api-config';
import { API_KEY_ENTRY_FORM, ConfiguredApiKey, parseApiKeyList } from './api-key-list';
import { parseRateLimitList, RateLimitPolicy, rateLimitPolicy } from './rate-limit-policy';

/** Access control as configured: who may call (keys and their scopes) and how often (a bucket per key and scope). */
/** The Nest token of the AccessSettings the access providers share. */
export const ACCESS_SETTINGS = 'AccessSettings';

export interface AccessSettings {
  /** AUTH_DISABLED=true: every route open, nothing limited. */
  disabled: boolean;
  keys: readonly ConfiguredApiKey[];
  limits: RateLimitPolicy;
}

/**
 * The access settings the service serves with. Secure by default: without API_KEYS the service refuses to start,
 * unless AUTH_DISABLED=true says that running open is meant (tests and the demo configure keys of their own). Checked
 * before anything starts, so that a forgotten variable stops the boot with its name instead of serving open.
 */
export function accessSettings(config: ApiConfig): AccessSettings {
  const limits = rateLimitPolicy(
    { capacity: config.rateLimitCapacity, refillPerSecond: config.rateLimitRefillPerSecond },
    config.rateLimitsByScope === undefined ? {} : parseRateLimitList(config.rateLimitsByScope),
  );
  if (config.authDisabled) return { disabled: true, keys: [], limits };
  if (config.apiKeys === undefined) {
    throw new ConfigError([
      `${CONFIG_ENV_NAMES.apiKeys} is unset, and the API does not serve without keys: set ` +
        `${CONFIG_ENV_NAMES.apiKeys}=${API_KEY_ENTRY_FORM} (comma separated; the hash of a key: printf %s "$KEY" | ` +
        `sha256sum), or ${CONFIG_ENV_NAMES.authDisabled}=true to serve every route without keys (development only)`,
    ]);
  }
  return { disabled: false, keys: parseApiKeyList(config.apiKeys), limits };
}
