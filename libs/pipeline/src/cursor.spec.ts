import { createHmac } from 'node:crypto';
import { CursorCodec, hashId } from './cursor';
import { CursorError } from './errors';
import { SECRET } from './pipeline.spec-helpers';

const T0 = Date.UTC(2026, 0, 1);
const binding = { pipeline: 'DiscoveryFeed', memberId: 'member-1' };
const position = { page: 2, seed: 123456789, served: Uint32Array.from([1, 0xffffffff, hashId('place-9')]) };

function rejection(run: () => unknown): CursorError {
  try {
    run();
  } catch (error) {
    if (error instanceof CursorError) return error;
    throw error;
  }
  throw new Error('expected a CursorError');
}

describe('hashId (32-bit FNV-1a)', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a test vector', (text, expected) => {
    expect(hashId(text)).toBe(expected);
  });
});

describe('CursorCodec', () => {
  let now = T0;
  const codec = new CursorCodec(SECRET, { clock: () => now });
  beforeEach(() => (now = T0));

  it('round-trips the feed position, and is opaque base64url text', () => {
    const cursor = codec.encode(binding, position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const back = codec.decode(cursor, binding);
    expect(back.page).toBe(2);
    expect(back.seed).toBe(123456789);
    expect([...back.served]).toEqual([1, 0xffffffff, hashId('place-9')]);
  });

  it('refuses a modified cursor, even one whose payload was re-encoded by hand', () => {
    const cursor = codec.encode(binding, position);
    const [body, signature] = cursor.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, n: 9 })).toString('base64url');
    const error = rejection(() => codec.decode(`${forged}.${signature}`, binding));
    expect(error.problem).toBe('signature');
    expect(error.message).toBe('cursor is invalid: it was modified or not issued by this service');

    // The last of 43 characters holds 2 unused bits: flipping one of them decodes to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet[alphabet.indexOf(signature[42]) ^ 1];
    const respelled = signature.slice(0, 42) + last;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(rejection(() => codec.decode(`${body}.${respelled}`, binding)).problem).toBe('signature');
  });

  it('refuses a cursor signed with another secret', () => {
    const foreign = new CursorCodec('another secret of at least thirty-two bytes', { clock: () => now });
    expect(rejection(() => codec.decode(foreign.encode(binding, position), binding)).problem).toBe(
      'signature',
    );
  });

  it('refuses a cursor issued to another member or for another feed', () => {
    const cursor = codec.encode(binding, position);
    const member = rejection(() => codec.decode(cursor, { ...binding, memberId: 'member-2' }));
    expect(member.problem).toBe('member');
    expect(member.message).toBe('cursor was issued to another member');
    const feed = rejection(() => codec.decode(cursor, { ...binding, pipeline: 'TravelPlaces' }));
    expect(feed.message).toBe('cursor belongs to another feed (DiscoveryFeed), not TravelPlaces');
  });

  it('expires after an hour by default', () => {
    const cursor = codec.encode(binding, position);
    now = T0 + 60 * 60 * 1000 - 1;
    expect(codec.decode(cursor, binding).page).toBe(2);
    now = T0 + 60 * 60 * 1000;
    const error = rejection(() => codec.decode(cursor, binding));
    expect(error.problem).toBe('expired');
    expect(error.message).toBe('cursor expired at 2026-01-01T01:00:00.000Z; start the feed again');
  });

  it.each(['', 'abc', 'a.b.c', '.sig', 'x'.repeat(100_000)])('refuses the malformed cursor %#', (text) => {
    expect(rejection(() => codec.decode(text, binding)).problem).toBe('malformed');
  });

  it('refuses a correctly signed payload of the wrong shape as malformed', () => {
    const body = Buffer.from(JSON.stringify({ v: 1, p: 'DiscoveryFeed' })).toString('base64url');
    const signature = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(rejection(() => codec.decode(`${body}.${signature}`, binding)).problem).toBe('malformed');
  });

  it('keeps 500 served ids in under 4 KB, and refuses to carry more than the maximum', () => {
    const served = Uint32Array.from({ length: 500 }, (_, i) => hashId(`place-${i}`));
    const cursor = codec.encode(binding, { page: 26, seed: 1, served });
    expect(cursor.length).toBeLessThan(4096);
    expect(codec.decode(cursor, binding).served).toEqual(served);
    expect(codec.canCarry(500)).toBe(true);
    expect(codec.canCarry(501)).toBe(false);
    expect(() => codec.encode(binding, { page: 27, seed: 1, served: new Uint32Array(501) })).toThrow(
      RangeError,
    );

    const small = new CursorCodec(SECRET, { clock: () => now, maxServedIds: 100 });
    expect(rejection(() => small.decode(cursor, binding)).problem).toBe('malformed');
  });

  it('needs a secret of at least 32 bytes', () => {
    expect(() => new CursorCodec('short')).toThrow('the cursor secret must be at least 32 bytes');
  });
});
