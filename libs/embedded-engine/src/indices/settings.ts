import { illegalArgument } from '../errors';
import { parseTimeValue } from '../time-value';
import { isPlainObject } from '../rest/json';
import { didYouMean } from '../rest/suggestions';

/** Index settings, flattened to `index.*` keys with string values, as OpenSearch's Settings holds them. */
export type FlatSettings = Record<string, string | string[]>;

type SettingCheck = (key: string, value: string) => void;

const integerAtLeast =
  (min: number): SettingCheck =>
  (key, value) => {
    const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(n)) throw illegalArgument(`Failed to parse value [${value}] for setting [${key}]`);
    if (n < min)
      throw illegalArgument(`Failed to parse value [${value}] for setting [${key}] must be >= ${min}`);
  };

const booleanSetting: SettingCheck = (key, value) => {
  if (value !== 'true' && value !== 'false') {
    throw illegalArgument(
      `Failed to parse value [${value}] for setting [${key}] as only [true] or [false] are allowed.`,
    );
  }
};

const timeSetting: SettingCheck = (key, value) => {
  parseTimeValue(value, key);
};

const anyValue: SettingCheck = () => undefined;

/** The index settings this engine knows; anything else is refused as OpenSearch refuses unknown settings. */
const KNOWN_SETTINGS: Record<string, SettingCheck> = {
  'index.number_of_shards': integerAtLeast(1),
  'index.number_of_replicas': integerAtLeast(0),
  'index.number_of_routing_shards': integerAtLeast(1),
  'index.auto_expand_replicas': anyValue,
  'index.refresh_interval': timeSetting,
  'index.max_result_window': integerAtLeast(1),
  'index.hidden': booleanSetting,
  'index.codec': anyValue,
  'index.knn': booleanSetting,
  'index.knn.algo_param.ef_search': integerAtLeast(2),
  'index.mapping.total_fields.limit': integerAtLeast(0),
  'index.mapping.depth.limit': integerAtLeast(1),
  'index.mapping.nested_fields.limit': integerAtLeast(0),
  'index.gc_deletes': timeSetting,
  'index.translog.durability': anyValue,
  'index.translog.sync_interval': timeSetting,
};

/** Set by the engine, not by users (OpenSearch rejects them on create; we accept them only from stored state). */
export const PRIVATE_SETTINGS = new Set([
  'index.creation_date',
  'index.uuid',
  'index.version.created',
  'index.provided_name',
  'index.replication.type',
]);

/** Flattens `{"index": {"number_of_shards": 1}}`, `{"number_of_shards": "1"}` and `{"index.knn": true}` alike. */
export function flattenSettings(input: unknown, field = 'settings'): FlatSettings {
  if (input === undefined || input === null) return {};
  if (!isPlainObject(input)) throw illegalArgument(`[${field}] must be an object`);
  const flat: FlatSettings = {};
  const walk = (prefix: string, value: unknown) => {
    if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
      return;
    }
    if (value === null) return;
    const key = prefix.startsWith('index.') ? prefix : `index.${prefix}`;
    flat[key] = Array.isArray(value) ? value.map((v) => String(v)) : String(value);
  };
  walk('', input);
  return flat;
}

/** Refuses unknown settings and bad values with OpenSearch's messages. Analysis settings are taken as given. */
export function validateSettings(flat: FlatSettings): void {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(flat)) {
    if (key.startsWith('index.analysis.')) continue;
    if (PRIVATE_SETTINGS.has(key)) {
      throw illegalArgument(`private index setting [${key}] can not be set explicitly`);
    }
    const check = KNOWN_SETTINGS[key];
    if (!check) {
      unknown.push(key);
      continue;
    }
    if (Array.isArray(value))
      throw illegalArgument(`Failed to parse value [${value.join(',')}] for setting [${key}]`);
    check(key, value);
  }
  if (unknown.length > 0) {
    const key = unknown[0];
    const suggestion = didYouMean(key, Object.keys(KNOWN_SETTINGS), 0.7);
    throw illegalArgument(
      `unknown setting [${key}]${suggestion ? ` did you mean ${suggestion}?` : ''} please check that any required plugins are installed, or check the breaking changes documentation for removed settings`,
    );
  }
}

/** `{"index.a.b": "1"}` → `{"index": {"a": {"b": "1"}}}`, as GET /{index}/_settings shows them. */
export function nestSettings(flat: FlatSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(flat).sort()) {
    const parts = key.split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (!isPlainObject(next)) node[parts[i]] = {};
      node = node[parts[i]] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = flat[key];
  }
  return out;
}

export function settingString(flat: FlatSettings, key: string): string | undefined {
  const v = flat[key];
  return Array.isArray(v) ? v.join(',') : v;
}

export function settingBoolean(flat: FlatSettings, key: string, fallback: boolean): boolean {
  const v = settingString(flat, key);
  return v === undefined ? fallback : v === 'true';
}

export function settingInteger(flat: FlatSettings, key: string, fallback: number): number {
  const v = settingString(flat, key);
  return v === undefined ? fallback : Number(v);
}
