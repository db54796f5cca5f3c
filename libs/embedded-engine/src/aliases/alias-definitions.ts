import { illegalArgument, OpenSearchError, parseException } from '../errors';
import { AliasMetadata } from '../indices/index-store';
import { isPlainObject } from '../rest/json';

/** InvalidAliasNameException(String, String): "Invalid alias name [x]: why". */
export const invalidAliasName = (alias: string, why: string): OpenSearchError =>
  new OpenSearchError(400, 'invalid_alias_name_exception', `Invalid alias name [${alias}]: ${why}`);

/** InvalidAliasNameException(Index, String, String), raised by AliasValidator#validateAlias: "Invalid alias name [x], why". */
export const aliasNamedAsIndex = (alias: string, indexUuid: string): OpenSearchError =>
  new OpenSearchError(
    400,
    'invalid_alias_name_exception',
    `Invalid alias name [${alias}], an index exists with the same name as the alias`,
    {
      index: alias,
      index_uuid: indexUuid,
    },
  );

/** Strings.INVALID_FILENAME_CHARS as OpenSearch prints the set. */
const INVALID_FILENAME_CHARS = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ','];

/**
 * AliasValidator#validateAliasStandalone: the alias name rules of MetadataCreateIndexService#validateIndexOrAliasName
 * (no lowercase rule for aliases) and a single index routing value.
 */
export function validateAliasStandalone(alias: string, indexRouting?: string): void {
  if (alias.trim() === '') throw illegalArgument('alias name is required');
  if (INVALID_FILENAME_CHARS.some((c) => alias.includes(c))) {
    throw invalidAliasName(
      alias,
      'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]',
    );
  }
  if (alias.includes('#')) throw invalidAliasName(alias, "must not contain '#'");
  if (alias.includes(':')) throw invalidAliasName(alias, "must not contain ':'");
  if (alias.startsWith('_') || alias.startsWith('-') || alias.startsWith('+')) {
    throw invalidAliasName(alias, "must not start with '_', '-', or '+'");
  }
  const bytes = Buffer.byteLength(alias, 'utf8');
  if (bytes > 255) throw invalidAliasName(alias, `index name is too long, (${bytes} > 255)`);
  if (alias === '.' || alias === '..') throw invalidAliasName(alias, "must not be '.' or '..'");
  if (indexRouting !== undefined && indexRouting.includes(',')) {
    throw illegalArgument(`alias [${alias}] has several index routing values associated with it`);
  }
}

/** An alias as OpenSearch prints it (AliasMetadata.Builder#toXContent): filter, routings, write flag, hidden flag. */
export function aliasToJSON(meta: AliasMetadata): AliasMetadata {
  const out: AliasMetadata = {};
  if (meta.filter !== undefined) out.filter = meta.filter;
  if (meta.index_routing !== undefined) out.index_routing = meta.index_routing;
  if (meta.search_routing !== undefined) out.search_routing = meta.search_routing;
  if (meta.is_write_index !== undefined) out.is_write_index = meta.is_write_index;
  if (meta.is_hidden !== undefined) out.is_hidden = meta.is_hidden;
  return out;
}

export function sameAlias(a: AliasMetadata | undefined, b: AliasMetadata | undefined): boolean {
  return (
    JSON.stringify(a === undefined ? undefined : aliasToJSON(a)) ===
    JSON.stringify(b === undefined ? undefined : aliasToJSON(b))
  );
}

/** An empty filter is no filter (AliasMetadata.Builder#filter(Map), Alias#filter(Map)). */
function filterOf(value: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(value).length === 0 ? undefined : value;
}

/**
 * The `aliases` object of a create-index body, read as Alias#fromXContent reads it: `filter` (an object),
 * `routing` / `index_routing` / `search_routing` (strings; `routing` sets both), `is_write_index` and `is_hidden`
 * (booleans). Like OpenSearch, other keys and values of other types are ignored. Names are checked with
 * AliasValidator's standalone rules; whether an index has the alias's name is the caller's check.
 */
export function parseAliasDefinitions(input: unknown, indexName: string): Map<string, AliasMetadata> {
  const out = new Map<string, AliasMetadata>();
  if (input === undefined || input === null) return out;
  if (!isPlainObject(input)) throw parseException('Failed to parse aliases');
  for (const [name, body] of Object.entries(input)) {
    if (!isPlainObject(body)) throw parseException(`Failed to parse aliases of index [${indexName}]`);
    const meta: AliasMetadata = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === 'filter' && isPlainObject(value)) {
        meta.filter = filterOf(value);
      } else if (typeof value === 'string') {
        if (key === 'routing') {
          meta.index_routing = value;
          meta.search_routing = value;
        } else if (key === 'index_routing' || key === 'indexRouting' || key === 'index-routing') {
          meta.index_routing = value;
        } else if (key === 'search_routing' || key === 'searchRouting' || key === 'search-routing') {
          meta.search_routing = value;
        }
      } else if (typeof value === 'boolean') {
        if (key === 'is_write_index') meta.is_write_index = value;
        else if (key === 'is_hidden') meta.is_hidden = value;
      }
    }
    validateAliasStandalone(name, meta.index_routing);
    out.set(name, aliasToJSON(meta));
  }
  return out;
}

/**
 * The `aliases` of an index or component template, read as AliasMetadata.Builder#fromXContent reads them:
 * any scalar is taken as text for the routings, `is_write_index` / `is_hidden` as booleans, other keys ignored.
 * Validation (AliasValidator#validateAliasStandalone) is the template service's, after parsing.
 */
export function parseTemplateAliases(input: unknown): Record<string, AliasMetadata> {
  if (!isPlainObject(input)) throw illegalArgument('[aliases] must be an object');
  const out: Record<string, AliasMetadata> = {};
  for (const [name, body] of Object.entries(input)) {
    const meta: AliasMetadata = {};
    if (isPlainObject(body)) {
      for (const [key, value] of Object.entries(body)) {
        if (key === 'filter') {
          if (isPlainObject(value)) meta.filter = filterOf(value);
          continue;
        }
        if (value === null || typeof value === 'object') continue;
        const text = String(value);
        if (key === 'routing') {
          meta.index_routing = text;
          meta.search_routing = text;
        } else if (key === 'index_routing' || key === 'indexRouting') {
          meta.index_routing = text;
        } else if (key === 'search_routing' || key === 'searchRouting') {
          meta.search_routing = text;
        } else if (key === 'is_write_index' || key === 'is_hidden') {
          if (text !== 'true' && text !== 'false') {
            throw illegalArgument(`Failed to parse value [${text}] as only [true] or [false] are allowed.`);
          }
          if (key === 'is_write_index') meta.is_write_index = text === 'true';
          else meta.is_hidden = text === 'true';
        }
      }
    }
    out[name] = aliasToJSON(meta);
  }
  return out;
}
