import { createHmac, timingSafeEqual } from 'node:crypto';
import { CursorError } from './errors';

/**
 * The paging cursor: `base64url(JSON payload) + '.' + base64url(HMAC-SHA256(secret, first part))`.
 * Opaque to clients, tamper-evident, bound to one pipeline and one member, valid for an hour. It carries the ids
 * already served (as 32-bit hashes) so the next page excludes them even if the ranking moved in between.
 */

export const DEFAULT_CURSOR_TTL_MS = 60 * 60 * 1000;
/** 500 hashes make a cursor of about 3.7 KB, safely inside the 8 KB URL limit of common proxies. */
export const DEFAULT_MAX_SERVED_IDS = 500;
const VERSION = 1;
// An HMAC-SHA256 key shorter than the hash output weakens it (RFC 2104, section 3).
const MIN_SECRET_BYTES = 32;

/** Where a feed stands: the page to serve next, the feed's seed, and the hashes of the ids served so far. */
export interface FeedPosition {
  readonly page: number;
  readonly seed: number;
  readonly served: Uint32Array;
}

/** What a cursor is bound to: it is refused for any other pipeline or member. */
export interface CursorBinding {
  readonly pipeline: string;
  readonly memberId: string;
}

export interface CursorCodecOptions {
  readonly ttlMs?: number;
  /** Cursors holding more served ids are not issued (the runner ends the feed instead) nor accepted. */
  readonly maxServedIds?: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly clock?: () => number;
}

/** Short keys keep the cursor small: v version, p pipeline, m member, n page, s seed, x expiry (ms), h hashes. */
interface Payload {
  readonly v: number;
  readonly p: string;
  readonly m: string;
  readonly n: number;
  readonly s: number;
  readonly x: number;
  readonly h: string;
}

/** 32-bit FNV-1a over the id's UTF-16 code units: fast, and at 500 served ids a false match is about 1 in 10^7. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function packHashes(hashes: Uint32Array): string {
  const bytes = Buffer.alloc(hashes.length * 4);
  hashes.forEach((hash, i) => bytes.writeUInt32LE(hash, i * 4));
  return bytes.toString('base64url');
}

function unpackHashes(text: string): Uint32Array | undefined {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length % 4 !== 0) return undefined;
  const hashes = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < hashes.length; i++) hashes[i] = bytes.readUInt32LE(i * 4);
  return hashes;
}

const isUint32 = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === VERSION &&
    typeof p.p === 'string' &&
    typeof p.m === 'string' &&
    Number.isInteger(p.n) &&
    (p.n as number) >= 2 &&
    isUint32(p.s) &&
    typeof p.x === 'number' &&
    Number.isFinite(p.x) &&
    typeof p.h === 'string'
  );
}

export class CursorCodec {
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  private readonly maxServedIds: number;
  private readonly maxLength: number;
  private readonly clock: () => number;

  constructor(secret: string | Uint8Array, options: CursorCodecOptions = {}) {
    this.secret = Buffer.from(secret);
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new RangeError(`the cursor secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    this.ttlMs = options.ttlMs ?? DEFAULT_CURSOR_TTL_MS;
    this.maxServedIds = options.maxServedIds ?? DEFAULT_MAX_SERVED_IDS;
    if (!(this.ttlMs > 0)) throw new RangeError('the cursor ttlMs must be positive');
    if (!Number.isInteger(this.maxServedIds) || this.maxServedIds < 1) {
      throw new RangeError('maxServedIds must be a whole number >= 1');
    }
    // Two base64 layers over 4 bytes per hash, plus the other fields: refuse anything far larger unread.
    this.maxLength = Math.ceil(this.maxServedIds * 7.2) + 2048;
    this.clock = options.clock ?? Date.now;
  }

  /** Whether a feed that has served this many ids can still get a cursor. */
  canCarry(servedCount: number): boolean {
    return servedCount <= this.maxServedIds;
  }

  encode(binding: CursorBinding, position: FeedPosition): string {
    if (!this.canCarry(position.served.length)) {
      throw new RangeError(`a cursor carries at most ${this.maxServedIds} served ids`);
    }
    const payload: Payload = {
      v: VERSION,
      p: binding.pipeline,
      m: binding.memberId,
      n: position.page,
      s: position.seed >>> 0,
      x: this.clock() + this.ttlMs,
      h: packHashes(position.served),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  /**
   * The feed position in a cursor issued by `encode` for this binding.
   * @throws CursorError: malformed, bad signature (modified or issued with another secret), another pipeline or
   *   member, expired.
   */
  decode(cursor: string, binding: CursorBinding): FeedPosition {
    if (typeof cursor !== 'string' || cursor.length > this.maxLength) {
      throw new CursorError('malformed', 'cursor is malformed');
    }
    const dot = cursor.indexOf('.');
    if (dot <= 0 || dot !== cursor.lastIndexOf('.'))
      throw new CursorError('malformed', 'cursor is malformed');
    const body = cursor.slice(0, dot);
    // Compared as text, so that no other spelling of the same bytes passes; and before the payload is read.
    const signature = Buffer.from(cursor.slice(dot + 1));
    const expected = Buffer.from(this.sign(body).toString('base64url'));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new CursorError('signature', 'cursor is invalid: it was modified or not issued by this service');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      payload = undefined;
    }
    const served = isPayload(payload) ? unpackHashes(payload.h) : undefined;
    if (!isPayload(payload) || !served || served.length > this.maxServedIds) {
      throw new CursorError('malformed', 'cursor is malformed');
    }
    if (payload.p !== binding.pipeline) {
      throw new CursorError(
        'pipeline',
        `cursor belongs to another feed (${payload.p}), not ${binding.pipeline}`,
      );
    }
    if (payload.m !== binding.memberId)
      throw new CursorError('member', 'cursor was issued to another member');
    if (payload.x <= this.clock()) {
      throw new CursorError(
        'expired',
        `cursor expired at ${new Date(payload.x).toISOString()}; start the feed again`,
      );
    }
    return { page: payload.n, seed: payload.s, served };
  }

  private sign(body: string): Buffer {
    return createHmac('sha256', this.secret).update(body).digest();
  }
}
