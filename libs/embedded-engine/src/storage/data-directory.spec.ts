import { appendFile, copyFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataDirectory, DataDirectoryError } from './data-directory';
import { encodeFrame, FRAME_HEADER_BYTES } from './frames';
import { WalRecord } from './records';
import { encodeRecord } from './record-codec';

const doc = (i: number, index = 'places'): WalRecord => ({
  op: 'index',
  index,
  id: String(i),
  version: 1,
  seqNo: i,
  primaryTerm: 1,
  source: JSON.stringify({ name: `place ${i}`, tags: ['a', 'b'] }),
});
const docs = (from: number, count: number) => Array.from({ length: count }, (_, i) => doc(from + i));
const createIndex: WalRecord = {
  op: 'create_index',
  index: 'places',
  uuid: 'u1',
  creationDate: 1,
  settings: {},
  mappings: { properties: { name: { type: 'text' } } },
  aliases: {},
};

describe('DataDirectory', () => {
  let dir: string;
  let warnings: string[];
  const open = (snapshotThresholdBytes?: number) =>
    DataDirectory.open({ dir, snapshotThresholdBytes }, (message) => warnings.push(message));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-directory-'));
    warnings = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('opens an empty folder (creating it) with nothing to replay', async () => {
    const nested = join(dir, 'nested', 'data');
    const { directory, records } = await DataDirectory.open({ dir: nested });
    expect(records).toEqual([]);
    await directory.close();
    expect(await readdir(nested)).toEqual(['wal-1.log']);
  });

  it('returns the appended records in order after close and open, and keeps appending to the same log', async () => {
    const first = await open();
    await first.directory.append([createIndex]);
    await first.directory.append(docs(0, 10));
    await first.directory.append([
      { op: 'delete', index: 'places', id: '3', version: 2, seqNo: 10, primaryTerm: 1 },
    ]);
    await first.directory.close();

    const expected: WalRecord[] = [
      createIndex,
      ...docs(0, 10),
      { op: 'delete', index: 'places', id: '3', version: 2, seqNo: 10, primaryTerm: 1 },
    ];
    const second = await open();
    expect(second.records).toEqual(expected);
    await second.directory.append(docs(10, 2));
    await second.directory.close();

    const third = await open();
    expect(third.records).toEqual([...expected, ...docs(10, 2)]);
    await third.directory.close();
    expect(await readdir(dir)).toEqual(['wal-1.log']);
    expect(warnings).toEqual([]);
  });

  it('streams recovered records to onRecord, snapshot first, instead of returning them', async () => {
    const first = await open(1);
    await first.directory.append([createIndex, ...docs(0, 3)]);
    first.directory.setStateSource(() => [createIndex, ...docs(0, 3)]);
    await first.directory.snapshot();
    await first.directory.append(docs(3, 2));
    await first.directory.close();

    const streamed: WalRecord[] = [];
    const second = await DataDirectory.open({ dir, onRecord: (r) => streamed.push(r) });
    expect(second.records).toEqual([]);
    expect(streamed).toEqual([createIndex, ...docs(0, 5)]);
    await second.directory.close();
  });

  it('group-commits concurrent appends, each resolving, in the order of the calls', async () => {
    const { directory } = await open();
    await Promise.all(Array.from({ length: 50 }, (_, call) => directory.append(docs(call * 20, 20))));
    // Calls from separate ticks, while a write is in flight.
    const later: Promise<void>[] = [];
    for (let call = 50; call < 100; call++) {
      later.push(directory.append(docs(call * 20, 20)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(later);
    await directory.close();

    const { directory: reopened, records } = await open();
    expect(records).toEqual(docs(0, 2000));
    await reopened.close();
  });

  it('rejects appends after close', async () => {
    const { directory } = await open();
    await directory.close();
    await expect(directory.append([doc(1)])).rejects.toThrow(/closed/);
  });

  describe('snapshots', () => {
    it('recovers the snapshot state, then the records appended after it, and deletes older files', async () => {
      const { directory } = await open();
      await directory.append([createIndex, ...docs(0, 5)]);
      await directory.append([
        { op: 'delete', index: 'places', id: '0', version: 2, seqNo: 5, primaryTerm: 1 },
      ]);
      // The engine's state: the index and the four documents left.
      const state = [createIndex, ...docs(1, 4)];
      directory.setStateSource(() => state);
      await directory.snapshot();
      await directory.append(docs(5, 2));
      await directory.close();

      expect((await readdir(dir)).sort()).toEqual(['snapshot-2.snap', 'wal-2.log']);
      const { directory: reopened, records } = await open();
      expect(records).toEqual([...state, ...docs(5, 2)]);
      await reopened.close();
    });

    it('recovers every record exactly once when appends go on during snapshots', async () => {
      const { directory } = await open();
      const applied: WalRecord[] = [];
      directory.setStateSource(() => applied);
      // The engine applies a change, then appends it.
      const write = (records: WalRecord[]) => {
        applied.push(...records);
        return directory.append(records);
      };
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 30; i++) {
        pending.push(write(docs(i * 10, 10)));
        if (i % 10 === 5) pending.push(directory.snapshot());
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(pending);
      await directory.close();

      const { directory: reopened, records } = await open();
      expect(records).toEqual(docs(0, 300));
      await reopened.close();
    });

    it('runs one snapshot at a time', async () => {
      const { directory } = await open();
      directory.setStateSource(() => [doc(1)]);
      const first = directory.snapshot();
      expect(directory.snapshot()).toBe(first);
      await first;
      await directory.snapshot();
      await directory.close();
      expect((await readdir(dir)).sort()).toEqual(['snapshot-3.snap', 'wal-3.log']);
    });

    it('wants a snapshot once the log since the last one exceeds the threshold', async () => {
      const { directory } = await open(4096);
      directory.setStateSource(() => []);
      await directory.append(docs(0, 5));
      expect(directory.wantsSnapshot()).toBe(false);
      await directory.append(docs(5, 50));
      expect(directory.wantsSnapshot()).toBe(true);
      await directory.snapshot();
      expect(directory.wantsSnapshot()).toBe(false);
      await directory.close();

      const { directory: reopened } = await open(4096);
      expect(reopened.wantsSnapshot()).toBe(false);
      await reopened.close();
    });

    it('ignores and removes a snapshot temp file left by a crash before its rename', async () => {
      const { directory } = await open();
      await directory.append(docs(0, 3));
      await directory.close();
      // What a crash mid-snapshot leaves: the next log generation, and a partial temp file.
      await writeFile(join(dir, 'wal-2.log'), '');
      await writeFile(join(dir, 'snapshot-2.snap.tmp'), encodeFrame(encodeRecord(doc(0))).subarray(0, 20));

      const { directory: reopened, records } = await open();
      expect(records).toEqual(docs(0, 3));
      await reopened.append([doc(3)]);
      await reopened.close();
      expect((await readdir(dir)).sort()).toEqual(['wal-1.log', 'wal-2.log']);
      const { directory: third, records: all } = await open();
      expect(all).toEqual(docs(0, 4));
      await third.close();
    });

    it('ignores and removes superseded files left by a crash after the rename', async () => {
      const { directory } = await open();
      await directory.append(docs(0, 3));
      await copyFile(join(dir, 'wal-1.log'), join(dir, 'kept'));
      directory.setStateSource(() => [doc(100)]);
      await directory.snapshot();
      await directory.close();
      await copyFile(join(dir, 'kept'), join(dir, 'wal-1.log'));

      const { directory: reopened, records } = await open();
      expect(records).toEqual([doc(100)]);
      await reopened.close();
      expect((await readdir(dir)).sort()).toEqual(['kept', 'snapshot-2.snap', 'wal-2.log']);
    });

    it('refuses a snapshot without its end marker', async () => {
      const { directory } = await open();
      directory.setStateSource(() => docs(0, 3));
      await directory.snapshot();
      await directory.close();
      const snapshot = join(dir, 'snapshot-2.snap');
      const endMarker = encodeFrame(encodeRecord({ op: 'snapshot_end', records: 3 } as { op: string }));
      await truncate(snapshot, (await stat(snapshot)).size - endMarker.length);

      await expect(open()).rejects.toThrow(/snapshot-2\.snap.*incomplete snapshot/);
    });
  });

  describe('damage', () => {
    const logPath = () => join(dir, 'wal-1.log');
    const writeThreeAppends = async () => {
      const { directory } = await open();
      await directory.append(docs(0, 3));
      await directory.append(docs(3, 3));
      await directory.append(docs(6, 3));
      await directory.close();
    };

    it('skips a torn last record with a warning, and cuts it off so later appends recover', async () => {
      await writeThreeAppends();
      await truncate(logPath(), (await stat(logPath())).size - 5);

      const { directory, records } = await open();
      expect(records).toEqual(docs(0, 8));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/wal-1\.log: skipped a torn record at offset \d+/);
      await directory.append([doc(8)]);
      await directory.close();

      warnings = [];
      const { directory: reopened, records: all } = await open();
      expect(all).toEqual(docs(0, 9));
      expect(warnings).toEqual([]);
      await reopened.close();
    });

    it('skips a record cut inside its header', async () => {
      await writeThreeAppends();
      await appendFile(logPath(), encodeFrame(encodeRecord(doc(9))).subarray(0, 5));
      const { directory, records } = await open();
      expect(records).toEqual(docs(0, 9));
      expect(warnings[0]).toMatch(/frame header cut short/);
      await directory.close();
    });

    it('skips garbage bytes after the last record', async () => {
      await writeThreeAppends();
      await appendFile(logPath(), Buffer.from('\x07garbage\xff\xfe after a crash'));
      const { directory, records } = await open();
      expect(records).toEqual(docs(0, 9));
      expect(warnings).toHaveLength(1);
      await directory.close();
    });

    it('skips a zero-filled tail (a file extended but never written)', async () => {
      await writeThreeAppends();
      await appendFile(logPath(), Buffer.alloc(4096));
      const { directory, records } = await open();
      expect(records).toEqual(docs(0, 9));
      expect(warnings).toHaveLength(1);
      await directory.close();
    });

    it('skips a last record whose checksum fails', async () => {
      await writeThreeAppends();
      const bytes = await readFile(logPath());
      bytes[bytes.length - 3] ^= 0xff;
      await writeFile(logPath(), bytes);
      const { directory, records } = await open();
      expect(records).toEqual(docs(0, 8));
      expect(warnings[0]).toMatch(/checksum mismatch/);
      await directory.close();
    });

    it('refuses a corrupt record followed by whole ones, naming the file and offset', async () => {
      await writeThreeAppends();
      const bytes = await readFile(logPath());
      const secondRecord = encodeFrame(encodeRecord(doc(0))).length;
      bytes[secondRecord + FRAME_HEADER_BYTES + 10] ^= 0x01;
      await writeFile(logPath(), bytes);

      const failure = open();
      await expect(failure).rejects.toThrow(DataDirectoryError);
      await expect(failure).rejects.toThrow(
        `${logPath()} at offset ${secondRecord}: corrupt record (checksum mismatch) followed by whole records`,
      );
      expect(warnings).toEqual([]);
    });

    it('refuses a corrupt length in the middle (which would otherwise look like a torn tail)', async () => {
      await writeThreeAppends();
      const bytes = await readFile(logPath());
      bytes[3] = 0x7f; // the first record's length, now past the end of the file
      await writeFile(logPath(), bytes);
      await expect(open()).rejects.toThrow(
        /wal-1\.log at offset 0: corrupt record \(frame of \d+ bytes runs past/,
      );
    });

    it('refuses a torn record in a log that later logs follow', async () => {
      const frames = (records: WalRecord[]) =>
        Buffer.concat(records.map((r) => encodeFrame(encodeRecord(r))));
      await writeFile(join(dir, 'wal-1.log'), frames(docs(0, 3)).subarray(0, -4));
      await writeFile(join(dir, 'wal-2.log'), frames(docs(3, 3)));
      await expect(open()).rejects.toThrow(
        /wal-1\.log at offset \d+: corrupt record .* but wal-2\.log follows it/,
      );
    });

    it('accepts a torn record in a log followed only by empty ones (a crash during a rotation)', async () => {
      const frames = (records: WalRecord[]) =>
        Buffer.concat(records.map((r) => encodeFrame(encodeRecord(r))));
      await writeFile(join(dir, 'wal-1.log'), frames(docs(0, 3)).subarray(0, -4));
      await writeFile(join(dir, 'wal-2.log'), '');
      const { directory, records } = await open();
      expect(records).toEqual(docs(0, 2));
      expect(warnings).toHaveLength(1);
      await directory.close();
    });

    it('refuses a gap in the log generations', async () => {
      const frames = (records: WalRecord[]) =>
        Buffer.concat(records.map((r) => encodeFrame(encodeRecord(r))));
      await writeFile(join(dir, 'wal-1.log'), frames(docs(0, 3)));
      await writeFile(join(dir, 'wal-3.log'), frames(docs(3, 3)));
      await expect(open()).rejects.toThrow(/wal-2\.log: log file missing/);
    });

    it('refuses a corrupt snapshot', async () => {
      const { directory } = await open();
      directory.setStateSource(() => docs(0, 3));
      await directory.snapshot();
      await directory.close();
      const snapshot = join(dir, 'snapshot-2.snap');
      const bytes = await readFile(snapshot);
      bytes[bytes.length - 5] ^= 0x01;
      await writeFile(snapshot, bytes);
      await expect(open()).rejects.toThrow(
        /snapshot-2\.snap at offset \d+: corrupt snapshot \(checksum mismatch\)/,
      );
    });
  });
});
