const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The start of a window of `days` days ending at `now` (epoch millis), rounded down to the hour, as ISO 8601. The
 * window is up to an hour longer than asked, and in exchange its bounds stay the same for an hour: a range filter on
 * them is then the same query from one request to the next, and the engine's filter cache answers it.
 */
export function windowStartHour(now: number, days: number): string {
  const start = now - days * DAY_MS;
  return new Date(Math.floor(start / HOUR_MS) * HOUR_MS).toISOString();
}
