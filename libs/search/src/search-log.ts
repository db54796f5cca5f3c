/** Where this library reports what it does; the app passes its logger, tests pass nothing. */
export interface SearchLog {
  info(message: string): void;
  warn(message: string): void;
}

export const SILENT_LOG: SearchLog = { info: () => undefined, warn: () => undefined };
