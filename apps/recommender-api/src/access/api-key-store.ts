import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfiguredApiKey } from './api-key-list';

/**
 * The configured keys, looked up in constant time: the presented key is hashed (SHA-256) and compared with every
 * configured hash by `timingSafeEqual`, all of them, whatever matched. Hashing first makes every comparison 32 bytes,
 * so the time depends neither on the presented key's length nor on how many leading bytes it shares with a real key,
 * and the loop without an early exit does not tell which entry matched.
 */
export class ApiKeyStore {
  constructor(private readonly keys: readonly ConfiguredApiKey[]) {}

  /** The configured key the presented one is, if any. */
  identify(presented: string): ConfiguredApiKey | undefined {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: ConfiguredApiKey | undefined;
    for (const key of this.keys) {
      const same = timingSafeEqual(digest, key.sha256);
      found = same ? key : found;
    }
    return found;
  }
}
