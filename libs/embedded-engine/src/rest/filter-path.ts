import { isPlainObject, RawJson } from './json';

/**
 * The `filter_path` response parameter (FilterPath / FilterPathBasedFilter): comma-separated dotted paths, `*` within a
 * name, `**` for any depth; arrays are traversed transparently. Paths starting with `-` exclude.
 */
export function applyFilterPath(value: unknown, filterPath: string): unknown {
  const all = filterPath
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const includes = all.filter((p) => !p.startsWith('-')).map((p) => p.split('.'));
  const excludes = all.filter((p) => p.startsWith('-')).map((p) => p.slice(1).split('.'));
  let result = includes.length > 0 ? include(value, includes) : value;
  if (result === undefined) return {};
  if (excludes.length > 0) result = exclude(result, excludes);
  return result;
}

function materialize(value: unknown): unknown {
  return value instanceof RawJson ? JSON.parse(value.text) : value;
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}

function include(raw: unknown, paths: string[][]): unknown {
  if (paths.some((p) => p.length === 0)) return raw;
  const value = materialize(raw);
  if (Array.isArray(value)) {
    const items = value.map((v) => include(v, paths)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const next: string[][] = [];
    for (const p of paths) {
      if (p[0] === '**') {
        next.push(p); // `**` may match this level and deeper
        if (p.length > 1 && nameMatches(p[1], key)) next.push(p.slice(2));
      } else if (nameMatches(p[0], key)) {
        next.push(p.slice(1));
      }
    }
    if (next.length === 0) continue;
    const filtered = include(child, next);
    if (filtered !== undefined) out[key] = filtered;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function exclude(raw: unknown, paths: string[][]): unknown {
  const value = materialize(raw);
  if (Array.isArray(value)) return value.map((v) => exclude(v, paths));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const matching = paths.filter((p) => nameMatches(p[0], key));
    if (matching.some((p) => p.length === 1)) continue;
    out[key] =
      matching.length > 0
        ? exclude(
            child,
            matching.map((p) => p.slice(1)),
          )
        : child;
  }
  return out;
}
