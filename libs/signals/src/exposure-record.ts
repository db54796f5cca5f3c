import { Scenario, SCENARIOS } from './event';

/** One experiment that shaped a served page: its variant, or `holdout` for a unit held out of its layer. */
export interface ExposureExperiment {
  /** The experiment's name, or the layer's name for a holdout. */
  experiment: string;
  /** The file's version at serving time (0 for a holdout). */
  version: number;
  variant: string;
  /** `member`, `city` or `switchback`: what `unitId` is. */
  unit: string;
  unitId: string;
}

export interface ExposedItem {
  id: string;
  /** 0-based position on the page. */
  position: number;
  /** In an interleaved page, the ranker that contributed the item. */
  team?: 'A' | 'B';
}

/**
 * What one served feed page showed, and which experiment variants shaped it: the exposure log that experiment
 * analysis joins events to (by request id and position). One record per request id: a replay is ignored.
 */
export interface ExposureRecord {
  requestId: string;
  scenario: Scenario;
  memberId: string;
  /** When the page was served, epoch milliseconds. */
  at: number;
  /** The feed's page number (1 for a first page). */
  page: number;
  experiments: ExposureExperiment[];
  items: ExposedItem[];
}

export interface StreamedExposure {
  /** Position in the exposure stream (`<ms>-<seq>`); pass it as `after` to read on from there. */
  streamId: string;
  exposure: ExposureRecord;
}

/** The stored form: only the known fields, so the stream never carries whatever else a caller attached. */
export function canonicalExposure(record: ExposureRecord): ExposureRecord {
  const problem = describeProblem(record);
  if (problem)
    throw new TypeError(`invalid exposure record ${JSON.stringify(record?.requestId)}: ${problem}`);
  return {
    requestId: record.requestId,
    scenario: record.scenario,
    memberId: record.memberId,
    at: record.at,
    page: record.page,
    experiments: record.experiments.map(({ experiment, version, variant, unit, unitId }) => ({
      experiment,
      version,
      variant,
      unit,
      unitId,
    })),
    items: record.items.map(({ id, position, team }) => ({
      id,
      position,
      ...(team !== undefined && { team }),
    })),
  };
}

function describeProblem(record: ExposureRecord): string | undefined {
  if (typeof record !== 'object' || record === null) return 'not an object';
  if (!isNonEmptyString(record.requestId)) return 'requestId must be a non-empty string';
  if (!(SCENARIOS as readonly unknown[]).includes(record.scenario)) return 'unknown scenario';
  if (!isNonEmptyString(record.memberId)) return 'memberId must be a non-empty string';
  if (!Number.isSafeInteger(record.at) || record.at < 0) return 'at must be epoch milliseconds';
  if (!Number.isSafeInteger(record.page) || record.page < 1) return 'page must be a whole number from 1';
  if (!Array.isArray(record.experiments)) return 'experiments must be an array';
  for (const e of record.experiments) {
    if (![e?.experiment, e?.variant, e?.unit, e?.unitId].every(isNonEmptyString)) {
      return 'each experiment needs experiment, variant, unit and unitId';
    }
    if (!Number.isSafeInteger(e.version) || e.version < 0)
      return 'an experiment version must be a whole number';
  }
  if (!Array.isArray(record.items)) return 'items must be an array';
  for (const item of record.items) {
    if (!isNonEmptyString(item?.id) || !Number.isSafeInteger(item.position) || item.position < 0) {
      return 'each item needs an id and a position';
    }
    if (item.team !== undefined && item.team !== 'A' && item.team !== 'B')
      return "an item's team must be A or B";
  }
  return undefined;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
