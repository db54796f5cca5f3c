import { simpleMatch } from '../indices/index-names';
import { isPlainObject, RawJson } from '../rest/json';

export interface SourceFilter {
  /** false: leave `_source` out. */
  fetch: boolean;
  includes: string[];
  excludes: string[];
}

export const FETCH_ALL: SourceFilter = { fetch: true, includes: [], excludes: [] };

/**
 * Reads `_source`, `_source_includes` and `_source_excludes` request parameters (FetchSourceContext#parseFromRestRequest):
 * `_source=false`, `_source=true`, or `_source=a,b*` as includes.
 */
export function sourceFilterFromParams(query: Record<string, string>): SourceFilter {
  const split = (v: string | undefined) => (v === undefined || v === '' ? [] : v.split(','));
  const source = query._source;
  let fetch = true;
  let includes = split(query._source_includes ?? query._source_include);
  const excludes = split(query._source_excludes ?? query._source_exclude);
  if (source !== undefined) {
    if (source === 'false') fetch = false;
    else if (source !== 'true' && source !== '') includes = split(source);
  }
  return { fetch, includes, excludes };
}

/** `_source` as a request body gives it: `false`, `true`, `"a*"`, `["a","b"]`, `{"includes":[..],"excludes":[..]}`. */
export function sourceFilterFromBody(value: unknown): SourceFilter {
  if (value === undefined || value === null || value === true) return FETCH_ALL;
  if (value === false) return { fetch: false, includes: [], excludes: [] };
  if (typeof value === 'string') return { fetch: true, includes: [value], excludes: [] };
  if (Array.isArray(value)) return { fetch: true, includes: value.map(String), excludes: [] };
  if (isPlainObject(value)) {
    const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
    return {
      fetch: true,
      includes: list(value.includes ?? value.include),
      excludes: list(value.excludes ?? value.exclude),
    };
  }
  return FETCH_ALL;
}

/**
 * The `_source` to return: the stored text verbatim when unfiltered, else the filtered object. `owner` (the stored
 * document the text belongs to) lets a top-level pick remember what it learnt of the text (see pickTopLevel).
 */
export function renderSource(
  source: string,
  filter: SourceFilter,
  owner?: object,
): RawJson | Record<string, unknown> | undefined {
  if (!filter.fetch) return undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return new RawJson(source);
  const topLevel = topLevelIncludes(filter);
  if (topLevel) return pickTopLevel(source, topLevel, owner);
  return filterObject(JSON.parse(source) as Record<string, unknown>, filter.includes, filter.excludes);
}

function isTopLevelName(include: string): boolean {
  return !include.includes('*') && !include.includes('.');
}

/** Per filter (one per request, used for each of its hits): its includes when all are top-level names, else null. */
const TOP_LEVEL_INCLUDES = new WeakMap<SourceFilter, ReadonlySet<string> | null>();

function topLevelIncludes(filter: SourceFilter): ReadonlySet<string> | null {
  let names = TOP_LEVEL_INCLUDES.get(filter);
  if (names === undefined) {
    names =
      filter.excludes.length === 0 && filter.includes.every(isTopLevelName) ? new Set(filter.includes) : null;
    TOP_LEVEL_INCLUDES.set(filter, names);
  }
  return names;
}

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** What an array holding only numbers cannot contain: strings, objects, nested arrays. */
const NOT_NUMBERS = /["{[]/;

/** Texts shorter than this keep their field spans as one code unit per offset, with the top bit free for a flag. */
const MAX_REMEMBERED_LENGTH = 0x8000;
/** On a key's end: its name holds an escape (decoded before it is compared); the bit above any offset of the spans. */
const ESCAPED_REMEMBERED = 0x8000;
const ESCAPED_READ = 2 ** 30;

/**
 * Where each top-level field of a stored document lies in its text, learnt by one read of the text at the document's
 * first pick and kept with the document (weakly: a document gone from the index takes its entry with it). Four code
 * units per field, in the text's order: key start, key end (| ESCAPED_REMEMBERED), value start, value end. A string
 * is one flat object the garbage collector never looks into: about 150 bytes for a document of 18 fields.
 */
const FIELD_SPANS = new WeakMap<object, string>();

/** The spans of `source`'s top-level fields (see FIELD_SPANS), read from the text: every field, to the end. */
function readFieldSpans(source: string, escapedFlag: number): number[] {
  const spans: number[] = [];
  let i = source.indexOf('{') + 1;
  const n = source.length;
  const skipSpace = () => {
    while (i < n && isWhitespace(source.charCodeAt(i))) i++;
  };
  const skipString = () => {
    // to the next quote not escaped (preceded by an even run of backslashes)
    for (let q = source.indexOf('"', i + 1); q >= 0; q = source.indexOf('"', q + 1)) {
      let backslashes = 0;
      while (source.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) {
        i = q + 1;
        return;
      }
    }
    i = n;
  };
  /** At a `[`: jumps past an array of numbers only (a vector) at once; false (not moved) for any other array. */
  const skipNumberArray = (): boolean => {
    const end = source.indexOf(']', i);
    if (end < 0 || NOT_NUMBERS.test(source.slice(i + 1, end))) return false;
    i = end + 1;
    return true;
  };
  for (;;) {
    skipSpace();
    if (i >= n || source.charCodeAt(i) === 0x7d) break;
    if (source.charCodeAt(i) === 0x2c) {
      i++;
      continue;
    }
    const keyStart = i;
    skipString();
    const keyEnd = i;
    skipSpace();
    i++; // the colon
    skipSpace();
    const valueStart = i;
    let depth = 0;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 0x22) {
        skipString();
        continue;
      }
      if (c === 0x5b && skipNumberArray()) continue;
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) break;
        depth--;
      } else if (c === 0x2c && depth === 0) break;
      i++;
    }
    let valueEnd = i;
    while (valueEnd > valueStart && isWhitespace(source.charCodeAt(valueEnd - 1))) valueEnd--;
    const escaped = hasBackslash(source, keyStart + 1, keyEnd - 1);
    spans.push(keyStart, escaped ? keyEnd | escapedFlag : keyEnd, valueStart, valueEnd);
  }
  return spans;
}

/** The spans of the pick under way, as numbers: one buffer reused by every pick (picks do not nest). */
let offsets = new Int32Array(256);

/** Copies spans (a remembered string's code units, or numbers read now) into `offsets`; returns how many. */
function loadOffsets(spans: string | number[]): number {
  const count = spans.length;
  if (offsets.length < count) offsets = new Int32Array(count * 2);
  if (typeof spans === 'string') for (let k = 0; k < count; k++) offsets[k] = spans.charCodeAt(k);
  else offsets.set(spans);
  return count;
}

/** The field spans of a stored document: remembered with `owner` (a text short enough), else read each time. */
function fieldSpansOf(source: string, owner: object | undefined): string | number[] {
  if (owner === undefined || source.length >= MAX_REMEMBERED_LENGTH)
    return readFieldSpans(source, ESCAPED_READ);
  let spans = FIELD_SPANS.get(owner);
  if (spans === undefined) {
    spans = String.fromCharCode(...readFieldSpans(source, ESCAPED_REMEMBERED));
    FIELD_SPANS.set(owner, spans);
  }
  return spans;
}

/**
 * The named top-level fields of a source, cut out of its text as they were written (no parse of the rest: the
 * common `_source: ["name", "city"]` of a document that also holds a long vector). The source is valid JSON (it was
 * parsed when indexed), but may repeat a key (OpenSearch refuses that; this engine keeps the text as given): every
 * copy is then kept, and the client's parse keeps the last, as it would of the unfiltered text. Where the fields lie
 * is read once per stored document (`owner`, see FIELD_SPANS); a pick then compares names and cuts, and is
 * remembered for the next pick of the same fields (see PICKS).
 */
export function pickTopLevel(source: string, wanted: ReadonlySet<string>, owner?: object): RawJson {
  const picks = owner === undefined ? undefined : rememberedPicks(wanted);
  const remembered = picks?.get(owner!);
  if (remembered !== undefined) return new RawJson(remembered);
  const json = cutTopLevel(source, wanted, owner);
  if (picks && json.length <= MAX_REMEMBERED_PICK) picks.set(owner!, json);
  return new RawJson(json);
}

/** Picks shorter than this are remembered (the feed fields of a place, not its vector: cutting that is cheap). */
const MAX_REMEMBERED_PICK = 1024;
/** Field lists whose picks are remembered: the ones asked for most recently. */
const MAX_REMEMBERED_LISTS = 8;

/**
 * The picks of each stored document, per list of fields (its names sorted), least recently asked list first: a feed
 * asks the same fields of the same documents request after request, and a remembered pick is returned as it is. Weak,
 * as FIELD_SPANS: a document gone from the index takes its picks with it.
 */
const PICKS = new Map<string, WeakMap<object, string>>();
/** Per wanted set (one per request): the picks of its list. */
const PICKS_OF_SET = new WeakMap<ReadonlySet<string>, WeakMap<object, string>>();

function rememberedPicks(wanted: ReadonlySet<string>): WeakMap<object, string> {
  let picks = PICKS_OF_SET.get(wanted);
  if (picks === undefined) {
    const list = [...wanted].sort().join(',');
    picks = PICKS.get(list) ?? new WeakMap<object, string>();
    PICKS.delete(list);
    PICKS.set(list, picks);
    if (PICKS.size > MAX_REMEMBERED_LISTS) PICKS.delete(PICKS.keys().next().value as string);
    PICKS_OF_SET.set(wanted, picks);
  }
  return picks;
}

/** pickTopLevel's cut: the wanted fields' text, from the document's field spans. */
function cutTopLevel(source: string, wanted: ReadonlySet<string>, owner: object | undefined): string {
  const spans = fieldSpansOf(source, owner);
  const count = loadOffsets(spans);
  const escapedFlag = typeof spans === 'string' ? ESCAPED_REMEMBERED : ESCAPED_READ;
  const byLength = namesByLength(wanted);
  const pieces: string[] = [];
  // Wanted fields written compactly (`"key":value`, no spaces) are cut as they are, and neighbours as one run with
  // their comma: `runStart` to `runEnd` in the source, not yet in `pieces`.
  let runStart = -1;
  let runEnd = -1;
  for (let f = 0; f < count; f += 4) {
    const keyStart = offsets[f];
    const escaped = (offsets[f + 1] & escapedFlag) !== 0;
    const keyEnd = offsets[f + 1] & ~escapedFlag;
    const valueStart = offsets[f + 2];
    const valueEnd = offsets[f + 3];
    // a key without escapes is compared in place, with no string made of it
    const isWanted = escaped
      ? wanted.has(keyText(source, keyStart, keyEnd, true))
      : isNameAt(source, keyStart + 1, keyEnd - 1, byLength);
    if (!isWanted) continue;
    if (valueStart === keyEnd + 1) {
      if (runEnd >= 0 && runEnd + 1 === keyStart && source.charCodeAt(runEnd) === 0x2c) runEnd = valueEnd;
      else {
        if (runEnd >= 0) pieces.push(source.slice(runStart, runEnd));
        runStart = keyStart;
        runEnd = valueEnd;
      }
    } else {
      if (runEnd >= 0) pieces.push(source.slice(runStart, runEnd));
      runEnd = -1;
      pieces.push(`${source.slice(keyStart, keyEnd)}:${source.slice(valueStart, valueEnd)}`);
    }
  }
  if (runEnd >= 0) pieces.push(source.slice(runStart, runEnd));
  return `{${pieces.join(',')}}`;
}

/** Whether `source[start, end)` holds a backslash (a key with an escape is decoded before it is compared). */
function hasBackslash(source: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (source.charCodeAt(k) === 0x5c) return true;
  return false;
}

/** A key's text, from its quoted form in the source. */
function keyText(source: string, start: number, end: number, escaped: boolean): string {
  return escaped ? (JSON.parse(source.slice(start, end)) as string) : source.slice(start + 1, end - 1);
}

/** Per wanted set (one per request): its names by length, so that a key is compared in place with a few. */
const NAMES_BY_LENGTH = new WeakMap<ReadonlySet<string>, Map<number, string[]>>();

function namesByLength(wanted: ReadonlySet<string>): Map<number, string[]> {
  let byLength = NAMES_BY_LENGTH.get(wanted);
  if (!byLength) {
    byLength = new Map();
    for (const name of wanted) {
      const list = byLength.get(name.length);
      if (list) list.push(name);
      else byLength.set(name.length, [name]);
    }
    NAMES_BY_LENGTH.set(wanted, byLength);
  }
  return byLength;
}

/** Whether `source[start, end)` is one of the names. */
function isNameAt(source: string, start: number, end: number, byLength: Map<number, string[]>): boolean {
  const names = byLength.get(end - start);
  if (!names) return false;
  for (const name of names) if (source.startsWith(name, start)) return true;
  return false;
}

/**
 * XContentMapValues#filter: a field is kept when its full path matches an include (or an include names one of its
 * parents or children) and matches no exclude; objects left empty by includes are dropped.
 */
export function filterObject(
  source: Record<string, unknown>,
  includes: string[],
  excludes: string[],
): Record<string, unknown> {
  // The common case, top-level field names only: pick them in the source's order.
  if (excludes.length === 0 && includes.every((i) => !i.includes('*') && !i.includes('.'))) {
    const wanted = new Set(includes);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) if (wanted.has(key)) out[key] = source[key];
    return out;
  }
  return filterMap(source, '', includes, excludes) ?? {};
}

function filterMap(
  map: Record<string, unknown>,
  prefix: string,
  includes: string[],
  excludes: string[],
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (excludes.some((e) => simpleMatch(e, path))) continue;
    const included = includes.length === 0 || includes.some((i) => simpleMatch(i, path));
    const mayIncludeChildren = includes.length === 0 || includes.some((i) => couldMatchChild(i, path));
    if (isPlainObject(value)) {
      const child = filterMap(value, path, included ? [] : includes, excludes);
      if (child !== undefined && (Object.keys(child).length > 0 || included)) out[key] = child;
      else if (included && child === undefined) out[key] = {};
      continue;
    }
    if (Array.isArray(value)) {
      if (!included && !mayIncludeChildren) continue;
      const items = value
        .map((v) =>
          isPlainObject(v)
            ? filterMap(v, path, included ? [] : includes, excludes)
            : included
              ? v
              : undefined,
        )
        .filter((v) => v !== undefined && !(isPlainObject(v) && Object.keys(v).length === 0 && !included));
      if (items.length > 0 || included) out[key] = items;
      continue;
    }
    if (included) out[key] = value;
  }
  return out;
}

/** Whether an include pattern could match a field under `path` (e.g. `a.b.c` or `a.*` under `a`). */
function couldMatchChild(include: string, path: string): boolean {
  if (include.startsWith(`${path}.`)) return true;
  const star = include.indexOf('*');
  if (star >= 0) {
    const head = include.slice(0, star);
    return `${path}.`.startsWith(head) || head.startsWith(`${path}.`);
  }
  return false;
}
