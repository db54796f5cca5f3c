import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeFrame, findWholeFrameAfter, scanFrames } from './frames';

describe('frames', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frames-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const scan = async (path: string) => {
    const payloads: string[] = [];
    const result = await scanFrames(path, (payload) => payloads.push(payload.toString('utf8')));
    return { ...result, payloads };
  };

  it('frames a payload as [u32 length][u32 crc32][payload], little-endian', () => {
    // CRC-32 check value of "123456789" (the CRC catalogue's "check" for CRC-32/ISO-HDLC): 0xCBF43926.
    expect(encodeFrame('123456789')).toEqual(
      Buffer.concat([Buffer.from([9, 0, 0, 0, 0x26, 0x39, 0xf4, 0xcb]), Buffer.from('123456789')]),
    );
    expect(encodeFrame('é').subarray(0, 4)).toEqual(Buffer.from([2, 0, 0, 0]));
  });

  it('reads frames larger than its read buffer and frames straddling buffer boundaries', async () => {
    const big = 'x'.repeat(9 * 1024 * 1024);
    const payloads = [
      '{"a":1}',
      big,
      ...Array.from({ length: 3000 }, (_, i) => `{"i":${i},"pad":"${'p'.repeat(3000)}"}`),
    ];
    const path = join(dir, 'f');
    await writeFile(path, Buffer.concat(payloads.map(encodeFrame)));
    const result = await scan(path);
    expect(result.damage).toBeUndefined();
    expect(result.frames).toBe(payloads.length);
    expect(result.payloads).toEqual(payloads);
  });

  it('stops at the first damaged frame and reports where', async () => {
    const path = join(dir, 'f');
    const first = encodeFrame('{"a":1}');
    await writeFile(path, Buffer.concat([first, encodeFrame('{"b":2}').subarray(0, 12)]));
    expect(await scan(path)).toMatchObject({
      payloads: ['{"a":1}'],
      validBytes: first.length,
      damage: { offset: first.length, reason: 'frame of 7 bytes runs past the end of the file' },
    });
  });

  it('finds no whole frame inside a cut JSON frame, and finds the next one after a corrupt frame', async () => {
    const path = join(dir, 'f');
    const cut = encodeFrame(JSON.stringify({ source: '{"name":"a \\u0001 b"}', n: 12345 }));
    await writeFile(path, cut.subarray(0, cut.length - 3));
    expect(await findWholeFrameAfter(path, 0)).toBeUndefined();

    const corrupt = encodeFrame('{"a":1}');
    corrupt[10] ^= 1;
    await writeFile(path, Buffer.concat([corrupt, encodeFrame('{"b":2}')]));
    expect(await findWholeFrameAfter(path, 0)).toBe(corrupt.length);
  });
});
