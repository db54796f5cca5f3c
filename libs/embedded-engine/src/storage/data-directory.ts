import { FileHandle, mkdir, open, readdir, rename, rm, stat } from 'fs/promises';
import { join } from 'path';
import { encodeFrame, findWholeFrameAfter, scanFrames } from './frames';
import { ChangeLog, WalRecord } from './records';
import { decodeRecord, encodeRecord } from './record-codec';

/**
 * The engine's data on disk: write-ahead logs `wal-<generation>.log` and snapshots
 * `snapshot-<generation>.snap`, both sequences of frames (see frames.ts). A snapshot of generation G holds
 * the state made by every log before G, and ends with a marker frame counting its records; it only appears
 * under its name once whole and fsync'd (written as `snapshot-<G>.snap.tmp`, then renamed). Recovery reads
 * the newest snapshot, then the logs from its generation on. File names are the manifest: each step below
 * leaves a directory that recovers to the acknowledged writes.
 */
/** Receives recovered records one at a time, in order, so recovery never holds them all at once. */
export type RecordSink = (record: WalRecord) => void;

export interface DataDirectoryOptions {
  dir: string;
  /** Where recovered records go; without it `open` returns them all in `records`. */
  onRecord?: RecordSink;
  /** Start a background snapshot once the log since the last one exceeds this many bytes (default 64 MiB). */
  snapshotThresholdBytes?: number;
}

export const DEFAULT_SNAPSHOT_THRESHOLD_BYTES = 64 * 1024 * 1024;

/**
 * A snapshot is written in pieces of about this size, the event loop free between them (measured: 256 KiB
 * keeps the longest stall around 5 ms at the same speed as 1 MiB, whose stalls reach 10-14 ms).
 */
const SNAPSHOT_CHUNK_BYTES = 256 * 1024;

const LOG_FILE = /^wal-(\d+)\.log$/;
const SNAPSHOT_FILE = /^snapshot-(\d+)\.snap$/;
const SNAPSHOT_TEMP_FILE = /^snapshot-(\d+)\.snap\.tmp$/;
const logName = (generation: number) => `wal-${generation}.log`;
const snapshotName = (generation: number) => `snapshot-${generation}.snap`;

/** The last frame of every snapshot: without it (or with another count) the snapshot is incomplete. */
interface SnapshotEnd {
  op: 'snapshot_end';
  records: number;
}

/** The directory cannot be recovered as it is: a damaged file, or a missing one. */
export class DataDirectoryError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number | undefined,
    reason: string,
  ) {
    super(`${file}${offset === undefined ? '' : ` at offset ${offset}`}: ${reason}`);
    this.name = 'DataDirectoryError';
  }
}

export class DataDirectory implements ChangeLog {
  /** Appends waiting for the write in flight; all of a batch's records go out in one write and one fsync. */
  private readonly queue: Batch[] = [];
  private writing = false;
  /** Once a write or fsync fails, what reached the disk is unknown: no later append can be acknowledged. */
  private failure?: Error;
  private stateSource?: () => Iterable<WalRecord>;
  private runningSnapshot?: Promise<void>;
  private closing?: Promise<void>;

  private constructor(
    private readonly dir: string,
    private readonly snapshotThresholdBytes: number,
    private log: LogFile,
    private bytesSinceSnapshot: number,
  ) {}

  /**
   * Opens (creating the folder if needed) and recovers: the newest snapshot's records, then those of the logs
   * written after it. A torn last record (a crash mid-append) is reported through `onWarning` and cut off;
   * any other damage throws a DataDirectoryError. Appends then continue the last log.
   */
  static async open(
    options: DataDirectoryOptions,
    onWarning: (message: string) => void = (message) => console.warn(message),
  ): Promise<{ directory: DataDirectory; records: WalRecord[] }> {
    const { dir } = options;
    await mkdir(dir, { recursive: true });
    const files = await listFiles(dir);
    const snapshotGeneration = files.snapshots.length > 0 ? Math.max(...files.snapshots) : undefined;

    const records: WalRecord[] = [];
    const sink: RecordSink = options.onRecord ?? ((record) => records.push(record));
    if (snapshotGeneration !== undefined) {
      await readSnapshot(join(dir, snapshotName(snapshotGeneration)), sink);
    }

    const logs = files.logs.filter((generation) => generation >= (snapshotGeneration ?? 0));
    // Logs are only deleted once a snapshot covers them, and snapshot G is only written after log G exists.
    let expected = snapshotGeneration ?? 1;
    for (const generation of logs) {
      if (generation !== expected) {
        throw new DataDirectoryError(join(dir, logName(expected)), undefined, 'log file missing');
      }
      expected++;
    }
    let logBytes = 0;
    let lastLogBytes = 0;
    for (const [i, generation] of logs.entries()) {
      lastLogBytes = await readLog(dir, generation, logs.slice(i + 1), sink, onWarning);
      logBytes += lastLogBytes;
    }

    await removeSuperseded(dir, snapshotGeneration ?? 0);
    // Its torn tail, if any, is cut off by now.
    const last = logs[logs.length - 1];
    const log =
      last === undefined
        ? await LogFile.create(dir, snapshotGeneration ?? 1)
        : await LogFile.reopen(dir, last, lastLogBytes);
    await syncDirectory(dir);
    const thresholdBytes = options.snapshotThresholdBytes ?? DEFAULT_SNAPSHOT_THRESHOLD_BYTES;
    return { directory: new DataDirectory(dir, thresholdBytes, log, logBytes), records };
  }

  /** Appends records and fsyncs before resolving; concurrent calls share one write and one fsync. */
  append(records: WalRecord[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`data directory ${this.dir} is closed`));
    if (this.failure) return Promise.reject(this.failure);
    let frames: Buffer[];
    try {
      frames = records.map((record) => encodeFrame(encodeRecord(record)));
    } catch (error) {
      return Promise.reject(error);
    }
    let batch = this.queue[this.queue.length - 1];
    if (!batch || batch.log !== this.log) {
      batch = new Batch(this.log);
      this.queue.push(batch);
      if (!this.writing) {
        this.writing = true;
        // Appends made in the same tick join the first write too.
        queueMicrotask(() => void this.drain());
      }
    }
    for (const frame of frames) {
      batch.frames.push(frame);
      batch.bytes += frame.length;
      this.bytesSinceSnapshot += frame.length;
    }
    return batch.durable;
  }

  /**
   * Set by the engine: produces the records that recreate the current state. Called synchronously at the
   * moment a snapshot rotates the log and iterated right away (the engine's documents are immutable, so
   * holding references is enough). It must reflect exactly the records passed to append() so far.
   */
  setStateSource(source: () => Iterable<WalRecord>): void {
    this.stateSource = source;
  }

  /** True when the log since the last snapshot is over the threshold; the engine then calls snapshot(). */
  wantsSnapshot(): boolean {
    return (
      !this.runningSnapshot &&
      !this.closing &&
      !this.failure &&
      this.bytesSinceSnapshot > this.snapshotThresholdBytes
    );
  }

  /**
   * Compacts: rotates the log to a new generation and captures the state in the same synchronous step, writes
   * the snapshot in chunks to a temp file, fsyncs it, renames it into place, fsyncs the folder, then deletes
   * the older snapshot and logs. Appends go on meanwhile. A call while a snapshot runs returns that snapshot.
   */
  snapshot(): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`data directory ${this.dir} is closed`));
    this.runningSnapshot ??= this.compact().finally(() => {
      this.runningSnapshot = undefined;
    });
    return this.runningSnapshot;
  }

  /** Waits for pending appends and a running snapshot, then closes the log. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.runningSnapshot?.catch(() => undefined);
      await this.log.written;
      await this.log.close();
    })();
    return this.closing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.shift()!;
      try {
        if (this.failure) throw this.failure;
        if (batch.bytes > 0) await batch.log.append(Buffer.concat(batch.frames, batch.bytes));
        batch.resolve();
      } catch (error) {
        this.failure ??= new Error(
          `writing ${batch.log.path} failed, so the data directory acknowledges no more writes until reopened: ${
            (error as Error).message
          }`,
          { cause: error },
        );
        batch.reject(this.failure);
      }
    }
    this.writing = false;
  }

  private async compact(): Promise<void> {
    const source = this.stateSource;
    if (!source) throw new Error('snapshot() needs a state source (setStateSource)');
    if (this.failure) throw this.failure;
    const generation = this.log.generation + 1;
    const next = await LogFile.create(this.dir, generation);
    try {
      await syncDirectory(this.dir);
    } catch (error) {
      await next.close();
      throw error;
    }

    // One synchronous step: appends from now on go to the new generation, and the state captured here is
    // exactly what the older generations hold (batches queued for the old log before now still go there).
    const previous = this.log;
    this.log = next;
    const previousBytes = this.bytesSinceSnapshot;
    this.bytesSinceSnapshot = 0;
    try {
      const state = Array.from(source());
      await writeSnapshot(this.dir, generation, state);
    } catch (error) {
      // The older logs stay and still recover; count them so the next wantsSnapshot() retries.
      this.bytesSinceSnapshot += previousBytes;
      await rm(join(this.dir, `${snapshotName(generation)}.tmp`), { force: true });
      throw error;
    } finally {
      await previous.written;
      await previous.close();
    }
    await removeSuperseded(this.dir, generation);
  }
}

/** The records of all appends made while the previous write was in flight, and their shared promise. */
class Batch {
  readonly frames: Buffer[] = [];
  bytes = 0;
  readonly durable: Promise<void>;
  resolve!: () => void;
  reject!: (error: Error) => void;

  constructor(readonly log: LogFile) {
    this.durable = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    log.written = this.durable.catch(() => undefined);
  }
}

class LogFile {
  /** Settles once every batch queued for this file so far is written or failed. */
  written: Promise<void> = Promise.resolve();

  private constructor(
    readonly generation: number,
    readonly path: string,
    private readonly handle: FileHandle,
    private size: number,
  ) {}

  /** A new, empty log; the caller fsyncs the folder before acknowledging anything written to it. */
  static async create(dir: string, generation: number): Promise<LogFile> {
    const path = join(dir, logName(generation));
    return new LogFile(generation, path, await open(path, 'wx'), 0);
  }

  static async reopen(dir: string, generation: number, size: number): Promise<LogFile> {
    const path = join(dir, logName(generation));
    return new LogFile(generation, path, await open(path, 'r+'), size);
  }

  async append(data: Buffer): Promise<void> {
    await writeFully(this.handle, data, this.size);
    this.size += data.length;
    // fdatasync also flushes the file's new length, which is all the metadata an append changes.
    await this.handle.datasync();
  }

  /** Waits for pending appends and a running snapshot, then closes the log. */
  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The generations of the logs (ascending) and snapshots in the folder; other files are not ours. */
async function listFiles(dir: string): Promise<{ logs: number[]; snapshots: number[] }> {
  const logs: number[] = [];
  const snapshots: number[] = [];
  for (const name of await readdir(dir)) {
    const log = LOG_FILE.exec(name);
    const snapshot = SNAPSHOT_FILE.exec(name);
    if (log) logs.push(Number(log[1]));
    if (snapshot) snapshots.push(Number(snapshot[1]));
  }
  logs.sort((a, b) => a - b);
  return { logs, snapshots };
}

function parseRecord(payload: Buffer, file: string, offset: number): WalRecord | SnapshotEnd {
  let record: unknown;
  try {
    record = decodeRecord(payload);
  } catch (error) {
    throw new DataDirectoryError(file, offset, `record is not JSON (${(error as Error).message})`);
  }
  if (typeof record !== 'object' || record === null || typeof (record as { op?: unknown }).op !== 'string') {
    throw new DataDirectoryError(file, offset, 'record has no "op"');
  }
  return record as WalRecord | SnapshotEnd;
}

async function readSnapshot(path: string, sink: RecordSink): Promise<void> {
  let count = 0;
  let end: SnapshotEnd | undefined;
  const scan = await scanFrames(path, (payload, offset) => {
    if (end) throw new DataDirectoryError(path, offset, 'record after the end of the snapshot');
    const record = parseRecord(payload, path, offset);
    if (record.op === 'snapshot_end') {
      end = record;
    } else {
      count++;
      sink(record);
    }
  });
  if (scan.damage) {
    throw new DataDirectoryError(path, scan.damage.offset, `corrupt snapshot (${scan.damage.reason})`);
  }
  if (!end) throw new DataDirectoryError(path, scan.validBytes, 'incomplete snapshot (no end marker)');
  if (end.records !== count) {
    throw new DataDirectoryError(
      path,
      undefined,
      `incomplete snapshot (${count} records, the end marker counts ${end.records})`,
    );
  }
}

/**
 * Reads one log into the sink and returns its length. Damage is a torn tail, cut off with a warning, when no
 * whole frame follows it and the later logs are empty (appends are written one after another, so a crash
 * mid-write leaves nothing after the torn one); anything else throws.
 */
async function readLog(
  dir: string,
  generation: number,
  laterGenerations: number[],
  sink: RecordSink,
  onWarning: (message: string) => void,
): Promise<number> {
  const path = join(dir, logName(generation));
  const scan = await scanFrames(path, (payload, offset) => {
    const record = parseRecord(payload, path, offset);
    if (record.op === 'snapshot_end') throw new DataDirectoryError(path, offset, 'snapshot marker in a log');
    sink(record);
  });
  if (!scan.damage) return scan.fileSize;

  const { offset, reason } = scan.damage;
  const nextFrame = await findWholeFrameAfter(path, offset);
  if (nextFrame !== undefined) {
    throw new DataDirectoryError(
      path,
      offset,
      `corrupt record (${reason}) followed by whole records (from offset ${nextFrame}). Restore the directory ` +
        `from a backup, or truncate this file at offset ${offset} to recover only the records before it`,
    );
  }
  for (const later of laterGenerations) {
    if ((await stat(join(dir, logName(later)))).size > 0) {
      throw new DataDirectoryError(
        path,
        offset,
        `corrupt record (${reason}) but ${logName(later)} follows it`,
      );
    }
  }
  onWarning(
    `${path}: skipped a torn record at offset ${offset} (${reason}, ${scan.fileSize - offset} bytes), ` +
      `a write cut short by a crash before it was acknowledged; the file is truncated there`,
  );
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(offset);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return offset;
}

async function writeSnapshot(dir: string, generation: number, state: WalRecord[]): Promise<void> {
  const path = join(dir, snapshotName(generation));
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    let position = 0;
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    const flush = async () => {
      await writeFully(handle, Buffer.concat(chunk, chunkBytes), position);
      position += chunkBytes;
      chunk = [];
      chunkBytes = 0;
    };
    const end: SnapshotEnd = { op: 'snapshot_end', records: state.length };
    for (const record of [...state, end]) {
      const frame = encodeFrame(encodeRecord(record));
      chunk.push(frame);
      chunkBytes += frame.length;
      if (chunkBytes >= SNAPSHOT_CHUNK_BYTES) await flush();
    }
    await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await syncDirectory(dir);
}

/** Deletes what snapshot `generation` supersedes, and temp files of snapshots that never completed. */
async function removeSuperseded(dir: string, generation: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const log = LOG_FILE.exec(name);
    const snapshot = SNAPSHOT_FILE.exec(name);
    if (
      (log && Number(log[1]) < generation) ||
      (snapshot && Number(snapshot[1]) < generation) ||
      SNAPSHOT_TEMP_FILE.test(name)
    ) {
      await rm(join(dir, name), { force: true });
    }
  }
  await syncDirectory(dir);
}

async function writeFully(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  for (let written = 0; written < data.length;) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, position + written);
    written += bytesWritten;
  }
}

/** Makes file creations, renames and deletions in the folder durable. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // a folder cannot be opened for fsync there
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
