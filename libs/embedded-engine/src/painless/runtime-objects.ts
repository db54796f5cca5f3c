import { javaDouble } from '../mapping/java-text';
import { arcDistanceMeters, planeDistanceMeters } from '../search/geo/distance';
import { illegalArgumentJava } from './errors';
import { boxInt, JLong } from './values';

/**
 * A Java object a script can call methods on and read fields of (doc values, dates, geo points, the doc map).
 * Built-in JS values (strings, lists as arrays, maps, boxed numbers) are dispatched in methods.ts instead.
 */
export interface PainlessObject {
  readonly javaClass: string;
  /** Calls `name` with `args`; returns NO_SUCH_MEMBER when the class has no such method. */
  invoke(name: string, args: unknown[]): unknown;
  /** Reads the field or getter shortcut `name` (`.value` → getValue()); NO_SUCH_MEMBER when there is none. */
  read(name: string): unknown;
}

export const NO_SUCH_MEMBER = Symbol('no such member');

export function isPainlessObject(v: unknown): v is PainlessObject {
  return typeof v === 'object' && v !== null && typeof (v as PainlessObject).invoke === 'function';
}

const DAY_NAMES = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** java.time.Instant (what `toInstant()` gives). */
export class JInstant implements PainlessObject {
  readonly javaClass = 'java.time.Instant';
  constructor(readonly millis: number) {}
  invoke(name: string, args: unknown[]): unknown {
    if (args.length === 0) {
      if (name === 'toEpochMilli') return new JLong(this.millis);
      if (name === 'getEpochSecond') return new JLong(Math.floor(this.millis / 1000));
      if (name === 'toString') return this.toJavaString();
    }
    return NO_SUCH_MEMBER;
  }
  read(name: string): unknown {
    return name === 'epochSecond' ? new JLong(Math.floor(this.millis / 1000)) : NO_SUCH_MEMBER;
  }
  toJavaString(): string {
    return isoString(this.millis);
  }
  javaEquals(o: unknown): boolean {
    return o instanceof JInstant && o.millis === this.millis;
  }
}

/**
 * A date doc value: JodaCompatibleZonedDateTime in UTC (ScriptDocValues.Dates), with the java.time accessors
 * scripts use and the Joda-era `getMillis()`.
 */
export class JDate implements PainlessObject {
  readonly javaClass = 'org.opensearch.script.JodaCompatibleZonedDateTime';
  constructor(readonly millis: number) {}
  invoke(name: string, args: unknown[]): unknown {
    const d = new Date(this.millis);
    if (args.length === 0) {
      switch (name) {
        case 'toInstant':
          return new JInstant(this.millis);
        case 'getMillis':
          return new JLong(this.millis);
        case 'toEpochSecond':
          return new JLong(Math.floor(this.millis / 1000));
        case 'getYear':
          return boxInt(d.getUTCFullYear());
        case 'getMonthValue':
          return boxInt(d.getUTCMonth() + 1);
        case 'getDayOfMonth':
          return boxInt(d.getUTCDate());
        case 'getDayOfYear':
          return boxInt(Math.floor((this.millis - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1);
        case 'getHour':
          return boxInt(d.getUTCHours());
        case 'getMinute':
          return boxInt(d.getUTCMinutes());
        case 'getSecond':
          return boxInt(d.getUTCSeconds());
        case 'getDayOfWeek':
          return new JDayOfWeek(d.getUTCDay());
        case 'toString':
          return this.toJavaString();
      }
    }
    if (args.length === 1 && (name === 'isAfter' || name === 'isBefore')) {
      const other = args[0];
      if (!(other instanceof JDate)) throw illegalArgumentJava(`cannot compare a date with ${String(other)}`);
      return name === 'isAfter' ? this.millis > other.millis : this.millis < other.millis;
    }
    return NO_SUCH_MEMBER;
  }
  read(name: string): unknown {
    const getter = `get${name[0].toUpperCase()}${name.slice(1)}`;
    const value = this.invoke(getter, []);
    return value;
  }
  toJavaString(): string {
    return isoString(this.millis);
  }
  javaEquals(o: unknown): boolean {
    return o instanceof JDate && o.millis === this.millis;
  }
}

/** java.time.DayOfWeek: `getValue()` is 1 (Monday) to 7 (Sunday). */
class JDayOfWeek implements PainlessObject {
  readonly javaClass = 'java.time.DayOfWeek';
  constructor(private readonly utcDay: number) {}
  invoke(name: string, args: unknown[]): unknown {
    if (args.length === 0 && name === 'getValue') return boxInt(this.utcDay === 0 ? 7 : this.utcDay);
    if (args.length === 0 && (name === 'toString' || name === 'name')) return DAY_NAMES[this.utcDay];
    return NO_SUCH_MEMBER;
  }
  read(name: string): unknown {
    return name === 'value' ? this.invoke('getValue', []) : NO_SUCH_MEMBER;
  }
  toJavaString(): string {
    return DAY_NAMES[this.utcDay];
  }
}

/** ZonedDateTime#toString in UTC: `2024-01-02T03:04:05Z`, with milliseconds only when there are some. */
function isoString(millis: number): string {
  const text = new Date(millis).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/** org.opensearch.common.geo.GeoPoint. */
export class JGeoPoint implements PainlessObject {
  readonly javaClass = 'org.opensearch.common.geo.GeoPoint';
  constructor(
    readonly lat: number,
    readonly lon: number,
  ) {}
  invoke(name: string, args: unknown[]): unknown {
    if (args.length === 0) {
      if (name === 'getLat' || name === 'lat') return this.lat;
      if (name === 'getLon' || name === 'lon') return this.lon;
      if (name === 'toString') return this.toJavaString();
    }
    return NO_SUCH_MEMBER;
  }
  read(name: string): unknown {
    if (name === 'lat') return this.lat;
    if (name === 'lon') return this.lon;
    return NO_SUCH_MEMBER;
  }
  toJavaString(): string {
    return `${javaDouble(this.lat)}, ${javaDouble(this.lon)}`;
  }
  javaEquals(o: unknown): boolean {
    return o instanceof JGeoPoint && o.lat === this.lat && o.lon === this.lon;
  }
}

/** GeoUtils#arcDistance / #planeDistance from a point, in meters (ScriptDocValues.GeoPoints). */
export function geoDistance(kind: 'arc' | 'plane', from: JGeoPoint, lat: number, lon: number): number {
  return kind === 'arc'
    ? arcDistanceMeters(from.lat, from.lon, lat, lon)
    : planeDistanceMeters(from.lat, from.lon, lat, lon);
}
