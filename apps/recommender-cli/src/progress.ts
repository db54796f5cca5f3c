import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** sets the count done */
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (cli-progress, on stderr); elsewhere (CI, pipes) a line every 10% so logs stay short.
 */
export function createProgress(
  title: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        format: `${title.padEnd(18)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, eta {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 20,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update: (done, newTotal) => {
        if (newTotal !== undefined && newTotal !== bar.getTotal()) bar.setTotal(newTotal);
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let shown = -1;
  let last = 0;
  let size = total;
  return {
    update: (done, newTotal) => {
      last = done;
      if (newTotal !== undefined) size = newTotal;
      const tenth = size === 0 ? 10 : Math.floor((done / size) * 10);
      if (tenth > shown) {
        shown = tenth;
        stream.write(`${title}: ${done}/${size} (${Math.round((done / Math.max(1, size)) * 100)}%)\n`);
      }
    },
    stop: () => {
      if (shown < 10) stream.write(`${title}: ${last}/${size}\n`);
      stream.write(`${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
