import { actionRequestValidation, illegalArgument, indexNotFound, OpenSearchError } from '../errors';
import { EngineState } from '../engine-state';
import { AliasMetadata, IndexStore } from '../indices/index-store';
import { simpleMatch } from '../indices/index-names';
import { isPlainObject } from '../rest/json';
import { WalRecord } from '../storage/records';
import { aliasNamedAsIndex, aliasToJSON, sameAlias, validateAliasStandalone } from './alias-definitions';
import { booleanValue, failedToParseField, fieldLocation, unknownField } from './xcontent-parse';

export type AliasActionType = 'add' | 'remove' | 'remove_index';

/** IndicesAliasesRequest.AliasActions. */
export interface AliasActionRequest {
  type: AliasActionType;
  indices: string[];
  aliases: string[];
  filter?: Record<string, unknown>;
  routing?: string;
  indexRouting?: string;
  searchRouting?: string;
  writeIndex?: boolean;
  isHidden?: boolean;
  mustExist?: boolean;
}

/** AliasActions.Type as Java prints it in "[x] is unsupported for [REMOVE]". */
const TYPE_NAMES: Record<AliasActionType, string> = {
  add: 'ADD',
  remove: 'REMOVE',
  remove_index: 'REMOVE_INDEX',
};

/** Fields each action parser declares (AliasActions#parser, ADD_PARSER, REMOVE_PARSER). */
const COMMON_FIELDS = ['index', 'indices', 'alias', 'aliases'];
const FIELDS: Record<AliasActionType, string[]> = {
  add: [
    ...COMMON_FIELDS,
    'filter',
    'routing',
    'index_routing',
    'indexRouting',
    'index-routing',
    'search_routing',
    'searchRouting',
    'search-routing',
    'is_write_index',
    'is_hidden',
  ],
  remove: [...COMMON_FIELDS, 'must_exist'],
  remove_index: COMMON_FIELDS,
};

/**
 * The body of POST /_aliases (IndicesAliasesRequest.PARSER): `{"actions": [{"add": {...}}, ...]}`.
 * Errors come wrapped as OpenSearch's nested parsers wrap them: "[aliases] failed to parse field [actions]".
 */
export function parseAliasActions(body: Record<string, unknown>, text?: string): AliasActionRequest[] {
  const actions: AliasActionRequest[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'actions') throw unknownField('aliases', key, text);
    const entries = Array.isArray(value) ? value : [value];
    try {
      for (const entry of entries) actions.push(parseActionEntry(entry, text));
    } catch (error) {
      throw failedToParseField('aliases', 'actions', error as OpenSearchError, text);
    }
  }
  if (actions.length === 0) throw actionRequestValidation(['Must specify at least one alias action']);
  return actions;
}

function parseActionEntry(entry: unknown, text?: string): AliasActionRequest {
  if (!isPlainObject(entry)) throw illegalArgument('alias action must be an object');
  let action: AliasActionRequest | undefined;
  for (const [key, value] of Object.entries(entry)) {
    if (key !== 'add' && key !== 'remove' && key !== 'remove_index')
      throw unknownField('alias_action', key, text);
    let parsed: AliasActionRequest;
    try {
      parsed = parseAction(key, value, text);
    } catch (error) {
      throw failedToParseField('alias_action', key, error as OpenSearchError, text);
    }
    if (action) throw illegalArgument('Too many operations declared on operation entry');
    action = parsed;
  }
  if (!action) throw illegalArgument('One of [index] or [indices] is required');
  validateAction(action);
  return action;
}

function parseAction(type: AliasActionType, body: unknown, text?: string): AliasActionRequest {
  if (!isPlainObject(body)) {
    throw new OpenSearchError(
      400,
      'x_content_parse_exception',
      `${fieldLocation(text, type)} [${type}] Expected START_OBJECT`,
    );
  }
  const action: AliasActionRequest = { type, indices: [], aliases: [] };
  let indicesSet = false;
  for (const [key, value] of Object.entries(body)) {
    if (!FIELDS[type].includes(key)) throw unknownField(type, key, text);
    try {
      indicesSet = setField(action, key, value, indicesSet, text);
    } catch (error) {
      const e = error as OpenSearchError;
      throw e.type === 'x_content_parse_exception' ? e : failedToParseField(type, key, e, text);
    }
  }
  if (!indicesSet) action.indices = [];
  return action;
}

/** The setters of AliasActions, with their checks; returns whether indices are set. */
function setField(
  action: AliasActionRequest,
  key: string,
  value: unknown,
  indicesSet: boolean,
  text?: string,
): boolean {
  const unsupported = (name: string) =>
    illegalArgument(`[${name}] is unsupported for [${TYPE_NAMES[action.type]}]`);
  const str = (v: unknown): string => {
    if (typeof v === 'string') return v;
    throw new OpenSearchError(
      400,
      'x_content_parse_exception',
      `${fieldLocation(text, key)} [${action.type}] ${key} doesn't support values of type: ${tokenName(v)}`,
    );
  };
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : [str(v)]);
  const routingText = (v: unknown): string => {
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw new OpenSearchError(
      400,
      'x_content_parse_exception',
      `${fieldLocation(text, key)} [${action.type}] ${key} doesn't support values of type: ${tokenName(v)}`,
    );
  };
  switch (key) {
    case 'index': {
      if (indicesSet) throw illegalArgument('Only one of [index] and [indices] is supported');
      const index = str(value);
      if (index === '') throw illegalArgument("[index] can't be empty string");
      action.indices = [index];
      return true;
    }
    case 'indices': {
      if (indicesSet) throw illegalArgument('Only one of [index] and [indices] is supported');
      const indices = strs(value);
      if (indices.length === 0) throw illegalArgument("[indices] can't be empty");
      if (indices.some((i) => i === '')) throw illegalArgument("[indices] can't contain empty string");
      action.indices = indices;
      return true;
    }
    case 'alias': {
      if (action.aliases.length > 0) throw illegalArgument('Only one of [alias] and [aliases] is supported');
      if (action.type === 'remove_index') throw unsupported('alias');
      const alias = str(value);
      if (alias === '') throw illegalArgument("[alias] can't be empty string");
      action.aliases = [alias];
      return indicesSet;
    }
    case 'aliases': {
      if (action.aliases.length > 0) throw illegalArgument('Only one of [alias] and [aliases] is supported');
      if (action.type === 'remove_index') throw unsupported('aliases');
      const aliases = strs(value);
      if (aliases.length === 0) throw illegalArgument("[aliases] can't be empty");
      if (aliases.some((a) => a === '')) throw illegalArgument("[aliases] can't contain empty string");
      action.aliases = aliases;
      return indicesSet;
    }
    case 'filter':
      if (!isPlainObject(value)) {
        throw new OpenSearchError(
          400,
          'x_content_parse_exception',
          `${fieldLocation(text, key)} [${action.type}] filter doesn't support values of type: ${tokenName(value)}`,
        );
      }
      action.filter = Object.keys(value).length === 0 ? undefined : value;
      return indicesSet;
    case 'routing':
      action.routing = routingText(value);
      return indicesSet;
    case 'index_routing':
    case 'indexRouting':
    case 'index-routing':
      action.indexRouting = routingText(value);
      return indicesSet;
    case 'search_routing':
    case 'searchRouting':
    case 'search-routing':
      action.searchRouting = routingText(value);
      return indicesSet;
    case 'is_write_index':
      action.writeIndex = booleanValue(action.type, key, value, text);
      return indicesSet;
    case 'is_hidden':
      action.isHidden = booleanValue(action.type, key, value, text);
      return indicesSet;
    case 'must_exist':
      action.mustExist = booleanValue(action.type, key, value, text);
      return indicesSet;
    default:
      throw unknownField(action.type, key, text);
  }
}

function tokenName(v: unknown): string {
  if (v === null) return 'VALUE_NULL';
  if (Array.isArray(v)) return 'START_ARRAY';
  if (typeof v === 'object') return 'START_OBJECT';
  if (typeof v === 'boolean') return 'VALUE_BOOLEAN';
  if (typeof v === 'number') return 'VALUE_NUMBER';
  return 'VALUE_STRING';
}

/** AliasActions#validate, run when the action is added to the request. */
export function validateAction(action: AliasActionRequest): void {
  if (action.indices.length === 0) throw illegalArgument('One of [index] or [indices] is required');
  if (action.type !== 'remove_index' && action.aliases.length === 0) {
    throw illegalArgument('One of [alias] or [aliases] is required');
  }
}

/** One concrete change (cluster/metadata/AliasAction.java). */
type ConcreteAction =
  | { type: 'add'; index: string; alias: string; meta: AliasMetadata }
  | { type: 'remove'; index: string; alias: string; mustExist?: boolean }
  | { type: 'remove_index'; index: string };

/**
 * Applies the actions atomically (TransportIndicesAliasesAction, MetadataIndexAliasesService#applyAliasActions):
 * everything is resolved and checked on a copy first; only then are indices deleted and alias sets replaced.
 * Returns the records to commit: `delete_index` for removed indices, `set_aliases` for each changed index.
 */
export function applyAliasActions(state: EngineState, actions: AliasActionRequest[]): WalRecord[] {
  const concrete: ConcreteAction[] = [];
  const requestedAliases: string[] = [];
  for (const action of actions) {
    const indices = resolveActionIndices(state, action.indices);
    for (const a of action.aliases) if (!requestedAliases.includes(a)) requestedAliases.push(a);
    for (const index of indices) {
      if (action.type === 'remove_index') {
        concrete.push({ type: 'remove_index', index: index.name });
      } else if (action.type === 'add') {
        const meta = aliasToJSON({
          filter: action.filter,
          index_routing: action.indexRouting ?? action.routing,
          search_routing: action.searchRouting ?? action.routing,
          is_write_index: action.writeIndex,
          is_hidden: action.isHidden,
        });
        for (const alias of action.aliases) concrete.push({ type: 'add', index: index.name, alias, meta });
      } else {
        // Removal expands alias wildcards against the aliases the index has (Metadata#findAliases).
        for (const alias of matchAliases([...index.meta.aliases.keys()], action.aliases)) {
          concrete.push({ type: 'remove', index: index.name, alias, mustExist: action.mustExist });
        }
      }
    }
  }
  if (concrete.length === 0) throw aliasesMissing(requestedAliases);

  // Index removals first, so an alias may take the name of an index removed by the same request.
  const removed = new Set(concrete.filter((a) => a.type === 'remove_index').map((a) => a.index));
  const working = new Map<string, Map<string, AliasMetadata>>();
  const aliasesOf = (index: string): Map<string, AliasMetadata> => {
    let aliases = working.get(index);
    if (!aliases) {
      const store = state.indices.get(index);
      if (!store || removed.has(index)) throw indexNotFound(index);
      aliases = new Map(store.meta.aliases);
      working.set(index, aliases);
    }
    return aliases;
  };
  for (const action of concrete) {
    if (action.type === 'remove_index') continue;
    const aliases = aliasesOf(action.index);
    if (action.type === 'add') {
      validateAliasStandalone(action.alias, action.meta.index_routing);
      const named = state.indices.get(action.alias);
      if (named && !removed.has(action.alias)) throw aliasNamedAsIndex(action.alias, named.uuid);
      aliases.set(action.alias, action.meta);
    } else if (!aliases.delete(action.alias) && action.mustExist) {
      throw illegalArgument(`required alias [${action.alias}] does not exist`);
    }
  }
  const changed = [...working.entries()].filter(
    ([index, aliases]) => !sameAliasSet(state.indices.get(index) as IndexStore, aliases),
  );
  validateAliasConsistency(state, removed, new Map(changed));

  const records: WalRecord[] = [];
  for (const index of removed) state.deleteIndex(state.indices.get(index) as IndexStore, records);
  for (const [index, aliases] of changed) {
    (state.indices.get(index) as IndexStore).meta.aliases = aliases;
    records.push({ op: 'set_aliases', index, aliases: Object.fromEntries(aliases) });
  }
  return records;
}

/**
 * The concrete indices of an action (IndicesAliasesRequest's IndicesOptions: no aliases, no missing indices,
 * wildcards to open non-hidden indices and must match something).
 */
function resolveActionIndices(state: EngineState, expressions: string[]): IndexStore[] {
  const chosen = new Map<string, IndexStore>();
  expressions.forEach((expr, i) => {
    if (expr === '_all' || (expr === '*' && i === 0)) {
      for (const index of state.indices.values()) if (!isHidden(index)) chosen.set(index.name, index);
      return;
    }
    if (expr.startsWith('-') && i > 0) {
      for (const name of [...chosen.keys()]) if (simpleMatch(expr.slice(1), name)) chosen.delete(name);
      return;
    }
    if (expr.includes('*')) {
      let matched = false;
      for (const index of state.indices.values()) {
        if (simpleMatch(expr, index.name) && (!isHidden(index) || expr.startsWith('.'))) {
          chosen.set(index.name, index);
          matched = true;
        }
      }
      if (!matched) throw indexNotFound(expr);
      return;
    }
    const index = state.indices.get(expr);
    if (index) {
      chosen.set(index.name, index);
      return;
    }
    if (state.aliasTargets(expr).length > 0) {
      throw illegalArgument(
        `The provided expression [${expr}] matches an alias, specify the corresponding concrete indices instead.`,
      );
    }
    throw new OpenSearchError(404, 'index_not_found_exception', `no such index [${expr}]`, {
      index: expr,
      'resource.id': expr,
      'resource.type': 'index_expression',
      index_uuid: '_na_',
    });
  });
  if (chosen.size === 0) throw indexNotFound('_all');
  return [...chosen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Metadata#findAliases: names kept by the patterns in order — `*`/`_all`/wildcards/names include,
 * `-pattern` after the first include excludes.
 */
export function matchAliases(names: string[], patterns: string[]): string[] {
  const matchAll =
    patterns.length === 0 || (patterns.length === 1 && (patterns[0] === '_all' || patterns[0] === '*'));
  return names
    .filter((name) => {
      if (matchAll) return true;
      let matched = false;
      patterns.forEach((pattern, i) => {
        const exclude = pattern.startsWith('-') && i > 0;
        if (!exclude) {
          if (!matched) matched = pattern === '_all' || simpleMatch(pattern, name);
        } else if (matched) {
          matched = !simpleMatch(pattern.slice(1), name);
        }
      });
      return matched;
    })
    .sort();
}

/** AliasesNotFoundException: "aliases [a, b] missing" (Arrays.toString). */
export function aliasesMissing(names: string[]): OpenSearchError {
  return new OpenSearchError(404, 'aliases_not_found_exception', `aliases [${names.join(', ')}] missing`, {
    'resource.type': 'aliases',
    'resource.id': names.length === 1 ? names[0] : names,
  });
}

function sameAliasSet(index: IndexStore, next: Map<string, AliasMetadata>): boolean {
  const current = index.meta.aliases;
  if (current.size !== next.size) return false;
  for (const [alias, meta] of next) if (!sameAlias(current.get(alias), meta)) return false;
  return true;
}

/**
 * What Metadata.Builder#build checks of every alias (IndexAbstraction.Alias): at most one write index, and
 * `is_hidden` the same on all its indices. Both are IllegalStateException (500) in OpenSearch.
 */
function validateAliasConsistency(
  state: EngineState,
  removed: Set<string>,
  changed: Map<string, Map<string, AliasMetadata>>,
): void {
  const byAlias = new Map<string, [string, AliasMetadata][]>();
  const names = [...state.indices.keys()].filter((n) => !removed.has(n)).sort();
  for (const name of names) {
    const aliases = changed.get(name) ?? (state.indices.get(name) as IndexStore).meta.aliases;
    for (const [alias, meta] of aliases) {
      const list = byAlias.get(alias) ?? [];
      list.push([name, meta]);
      byAlias.set(alias, list);
    }
  }
  for (const [alias, entries] of byAlias) {
    const writers = entries.filter(([, m]) => m.is_write_index === true).map(([n]) => n);
    if (writers.length > 1) {
      throw new OpenSearchError(
        500,
        'illegal_state_exception',
        `alias [${alias}] has more than one write index [${writers.join(',')}]`,
      );
    }
    const hidden = entries.filter(([, m]) => m.is_hidden === true).map(([n]) => n);
    const visible = entries.filter(([, m]) => m.is_hidden !== true).map(([n]) => n);
    if (hidden.length > 0 && visible.length > 0) {
      throw new OpenSearchError(
        500,
        'illegal_state_exception',
        `alias [${alias}] has is_hidden set to true on indices [${hidden.join(',')}] but does not have is_hidden set to true on indices [${visible.join(',')}]; alias must have the same is_hidden setting on all indices`,
      );
    }
  }
}

function isHidden(index: IndexStore): boolean {
  return index.meta.settings['index.hidden'] === 'true';
}
