import { createHash, randomBytes } from 'node:crypto';
import { ApiScope, API_SCOPES, isApiScope } from './api-scope';

/** One client app's key as configured: its name (in logs and errors), its scopes and the SHA-256 of the key. */
export interface ConfiguredApiKey {
  name: string;
  scopes: readonly ApiScope[];
  /** 32 bytes: the SHA-256 of the key. The key itself is never configured, so a leaked config leaks no key. */
  sha256: Buffer;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** The form of one entry of API_KEYS, for messages. */
export const API_KEY_ENTRY_FORM = 'name:scope+scope:sha256-hex-of-key';

/** A malformed API_KEYS; the message says which entry and why. */
export class ApiKeyListError extends Error {
  override name = 'ApiKeyListError';
}

/**
 * Reads API_KEYS: entries `name:scope+scope:sha256-hex-of-key` separated by commas, spaces or new lines, e.g.
 * `travel-app:travel:9f86…,ops:admin+catalog:60303…`. Refuses unknown scopes, repeated names and repeated hashes
 * (two apps sharing a key could not be told apart).
 */
export function parseApiKeyList(text: string): ConfiguredApiKey[] {
  const keys: ConfiguredApiKey[] = [];
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0)
    throw new ApiKeyListError(`lists no key (${API_KEY_ENTRY_FORM}, comma separated)`);
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const parts = entry.split(':');
    if (parts.length !== 3) throw new ApiKeyListError(`${where} is not ${API_KEY_ENTRY_FORM}`);
    const [name, scopeText, hash] = parts;
    if (!NAME.test(name)) {
      throw new ApiKeyListError(`${where}: the name must be 1 to 64 letters, digits, '_', '.' or '-'`);
    }
    const scopes = scopeText.split('+');
    const unknown = scopes.find((scope) => !isApiScope(scope));
    if (unknown !== undefined) {
      throw new ApiKeyListError(
        `${where} (${name}): unknown scope ${JSON.stringify(unknown)}; scopes are ${API_SCOPES.join(', ')}`,
      );
    }
    if (!SHA256_HEX.test(hash)) {
      throw new ApiKeyListError(
        `${where} (${name}): the key must be given as its SHA-256 in hex (64 characters), never in clear`,
      );
    }
    if (keys.some((key) => key.name === name)) throw new ApiKeyListError(`${where}: ${name} is listed twice`);
    const sha256 = Buffer.from(hash, 'hex');
    const twin = keys.find((key) => key.sha256.equals(sha256));
    if (twin) throw new ApiKeyListError(`${where} (${name}) has the same key as ${twin.name}`);
    keys.push({ name, scopes: [...new Set(scopes as ApiScope[])], sha256 });
  });
  return keys;
}

/** The SHA-256 of a key, as API_KEYS lists it (what `printf %s "$KEY" | sha256sum` prints). */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** One API_KEYS entry for a key given in clear. */
export function apiKeyEntry(name: string, scopes: readonly ApiScope[], key: string): string {
  return `${name}:${scopes.join('+')}:${sha256Hex(key)}`;
}

/** A new random key: 256 bits, URL-safe, with a prefix that secret scanners and people recognise. */
export function generateApiKey(): string {
  return `rk_${randomBytes(32).toString('base64url')}`;
}
