import { open } from 'fs/promises';
import { crc32 } from 'zlib';

/**
 * The framing shared by log files and snapshots: `[u32 length][u32 crc32][payload]`, little-endian, the
 * payload being UTF-8 JSON. The checksum tells a record torn by a crash (or rotted on disk) from a whole one.
 */
export const FRAME_HEADER_BYTES = 8;

/** Reads files in pieces this large, so recovering a large snapshot never holds the whole file in memory. */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export function encodeFrame(payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.write(payload, FRAME_HEADER_BYTES, length, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

/** Where and why a scan stopped before the end of the file. */
export interface FrameDamage {
  offset: number;
  reason: string;
}

export interface FrameScan {
  fileSize: number;
  /** Where the last whole frame ends. */
  validBytes: number;
  frames: number;
  damage?: FrameDamage;
}

/**
 * Calls `onFrame` with each whole frame's payload (a view into the read buffer, valid during the call), in order, and stops at the first frame that is cut short
 * or fails its checksum. Exceptions thrown by `onFrame` propagate.
 */
export async function scanFrames(
  path: string,
  onFrame: (payload: Buffer, offset: number) => void,
): Promise<FrameScan> {
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    let buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, Math.max(fileSize, FRAME_HEADER_BYTES)));
    let bufferStart = 0; // file offset of buffer[0]
    let filled = 0;
    let offset = 0; // file offset of the next frame
    let frames = 0;

    /** Makes sure the buffer holds the file's bytes [offset, offset + bytes). */
    const ensure = async (bytes: number): Promise<void> => {
      if (offset + bytes <= bufferStart + filled) return;
      const keep = bufferStart + filled - offset;
      if (bytes > buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.max(bytes, READ_CHUNK_BYTES));
        buffer.copy(bigger, 0, offset - bufferStart, offset - bufferStart + keep);
        buffer = bigger;
      } else {
        buffer.copyWithin(0, offset - bufferStart, offset - bufferStart + keep);
      }
      bufferStart = offset;
      filled = keep;
      while (filled < bytes) {
        const toRead = Math.min(buffer.length - filled, fileSize - (bufferStart + filled));
        const { bytesRead } = await handle.read(buffer, filled, toRead, bufferStart + filled);
        if (bytesRead === 0)
          throw new Error(`${path} shrank while being read (at offset ${bufferStart + filled})`);
        filled += bytesRead;
      }
    };

    const damaged = (reason: string): FrameScan => ({
      fileSize,
      validBytes: offset,
      frames,
      damage: { offset, reason },
    });

    while (offset < fileSize) {
      if (fileSize - offset < FRAME_HEADER_BYTES) {
        return damaged(`frame header cut short (${fileSize - offset} of ${FRAME_HEADER_BYTES} bytes)`);
      }
      await ensure(FRAME_HEADER_BYTES);
      const at = offset - bufferStart;
      const length = buffer.readUInt32LE(at);
      const checksum = buffer.readUInt32LE(at + 4);
      const end = offset + FRAME_HEADER_BYTES + length;
      if (end > fileSize) return damaged(`frame of ${length} bytes runs past the end of the file`);
      if (length === 0) return damaged('empty frame');
      await ensure(FRAME_HEADER_BYTES + length);
      const start = offset - bufferStart + FRAME_HEADER_BYTES;
      const payload = buffer.subarray(start, start + length);
      if (crc32(payload) !== checksum) return damaged('checksum mismatch');
      onFrame(payload, offset);
      frames++;
      offset = end;
    }
    return { fileSize, validBytes: offset, frames };
  } finally {
    await handle.close();
  }
}

/**
 * The offset of the first whole frame (non-empty, checksum right) starting after `from`, if any. A crash
 * mid-append leaves a prefix of the last write, in which no whole frame can follow the cut one: every 4 bytes
 * inside JSON text read as a length of at least 0x20202020 (JSON escapes control characters), and zeros read
 * as empty frames. So a whole frame after damage means the damage is not a torn tail. Reads the rest of the
 * file into memory: for logs only.
 */
export async function findWholeFrameAfter(path: string, from: number): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const start = from + 1;
    if (fileSize - start < FRAME_HEADER_BYTES + 1) return undefined;
    const rest = Buffer.allocUnsafe(fileSize - start);
    for (let filled = 0; filled < rest.length;) {
      const { bytesRead } = await handle.read(rest, filled, rest.length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    for (let at = 0; at + FRAME_HEADER_BYTES < rest.length; at++) {
      const length = rest.readUInt32LE(at);
      if (length === 0 || at + FRAME_HEADER_BYTES + length > rest.length) continue;
      const payload = rest.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
      if (crc32(payload) === rest.readUInt32LE(at + 4)) return start + at;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
