import { randomBytes } from 'node:crypto';
import { illegalArgument, indexNotFound, OpenSearchError } from './errors';
import { AliasMetadata, IndexMetadata, IndexStore } from './indices/index-store';
import { simpleMatch, validateIndexName } from './indices/index-names';
import { FlatSettings, flattenSettings, settingBoolean, validateSettings } from './indices/settings';
import { Mappings } from './mapping/mappings';
import { ChangeLog, IN_MEMORY, WalRecord } from './storage/records';
import { StoredScripts } from './scripts/stored-scripts';
import { TemplateRegistry } from './templates/template-registry';
import { aliasNamedAsIndex, parseAliasDefinitions } from './aliases/alias-definitions';

/** The OpenSearch version this engine answers as. */
export const EMULATED_VERSION = {
  number: '3.3.0',
  lucene: '10.3.1',
  /** Version.id (3_03_00_99) with OpenSearch's MASK (1 << 27), as `index.version.created` shows it. */
  id: 3030099 ^ 134217728,
};

export interface CreateIndexBody {
  settings?: unknown;
  mappings?: unknown;
  aliases?: unknown;
}

export interface ResolveOptions {
  /** `ignore_unavailable`: skip missing concrete names instead of 404. */
  ignoreUnavailable?: boolean;
  /** `allow_no_indices`: a wildcard that matches nothing is fine (default true). */
  allowNoIndices?: boolean;
}

/** Base64-url of 16 random bytes, as OpenSearch's UUIDs.randomBase64UUID (22 chars). */
export function randomUuid(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Everything the engine holds: indices, templates, and the change log they are made durable through.
 * All mutations run synchronously and hand their records to `commit`, so the log order is the order of application.
 */
export class EngineState {
  readonly indices = new Map<string, IndexStore>();
  readonly templates = new TemplateRegistry();
  readonly scripts = new StoredScripts();
  changeLog: ChangeLog = IN_MEMORY;

  constructor(readonly now: () => number = Date.now) {}

  /** Makes records durable; resolves when they are. */
  commit(records: WalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.changeLog.append(records);
  }

  // ---- index resolution ----------------------------------------------------------------------------------------

  /** The indices an alias points to. */
  aliasTargets(alias: string): IndexStore[] {
    const out: IndexStore[] = [];
    for (const index of this.indices.values()) if (index.meta.aliases.has(alias)) out.push(index);
    return out;
  }

  allAliasNames(): Set<string> {
    const names = new Set<string>();
    for (const index of this.indices.values()) for (const a of index.meta.aliases.keys()) names.add(a);
    return names;
  }

  /**
   * Resolves `a,b`, wildcards, aliases, `_all` and `-exclusions` to indices (IndexNameExpressionResolver),
   * in name order. Missing concrete names: 404 index_not_found_exception unless ignoreUnavailable.
   */
  resolve(expression: string | undefined, options: ResolveOptions = {}): IndexStore[] {
    const allowNoIndices = options.allowNoIndices ?? true;
    const expressions = expression === undefined || expression === '' ? ['_all'] : expression.split(',');
    const chosen = new Map<string, IndexStore>();
    for (let i = 0; i < expressions.length; i++) {
      const expr = expressions[i].trim();
      if (expr === '_all' || (expr === '*' && i === 0)) {
        for (const index of this.indices.values()) if (!isHidden(index)) chosen.set(index.name, index);
        continue;
      }
      if (expr.startsWith('-') && i > 0) {
        const pattern = expr.slice(1);
        for (const name of [...chosen.keys()]) if (simpleMatch(pattern, name)) chosen.delete(name);
        continue;
      }
      if (expr.includes('*')) {
        let matched = false;
        for (const index of this.indices.values()) {
          if (simpleMatch(expr, index.name) && (!isHidden(index) || expr.startsWith('.'))) {
            chosen.set(index.name, index);
            matched = true;
          }
        }
        for (const alias of this.allAliasNames()) {
          if (simpleMatch(expr, alias)) {
            for (const index of this.aliasTargets(alias)) chosen.set(index.name, index);
            matched = true;
          }
        }
        if (!matched && !allowNoIndices) throw indexNotFound(expr);
        continue;
      }
      const index = this.indices.get(expr);
      if (index) {
        chosen.set(index.name, index);
        continue;
      }
      const targets = this.aliasTargets(expr);
      if (targets.length > 0) {
        for (const t of targets) chosen.set(t.name, t);
        continue;
      }
      if (!options.ignoreUnavailable) throw indexNotFound(expr);
    }
    return [...chosen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** One concrete index for a name that must not be an alias to several indices (e.g. GET /{index}/_doc). */
  resolveSingle(name: string): IndexStore {
    const index = this.indices.get(name);
    if (index) return index;
    return this.aliasWriteIndex(name) ?? this.throwAmbiguous(name);
  }

  /** The index that writes to `name` go to; undefined when nothing by that name exists (auto-create then). */
  resolveWriteTarget(name: string): IndexStore | undefined {
    const index = this.indices.get(name);
    if (index) return index;
    const targets = this.aliasTargets(name);
    if (targets.length === 0) return undefined;
    return this.aliasWriteIndex(name) ?? this.throwNoWriteIndex(name);
  }

  private aliasWriteIndex(alias: string): IndexStore | undefined {
    const targets = this.aliasTargets(alias);
    if (targets.length === 0) throw indexNotFound(alias);
    const explicit = targets.find((t) => t.meta.aliases.get(alias)?.is_write_index === true);
    if (explicit) return explicit;
    if (targets.length === 1 && targets[0].meta.aliases.get(alias)?.is_write_index !== false)
      return targets[0];
    return undefined;
  }

  private throwNoWriteIndex(alias: string): never {
    throw illegalArgument(
      `no write index is defined for alias [${alias}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`,
    );
  }

  private throwAmbiguous(alias: string): never {
    throw illegalArgument(
      `alias [${alias}] has more than one index associated with it [${this.aliasTargets(alias)
        .map((t) => t.name)
        .join(', ')}], can't execute a single index op`,
    );
  }

  /** The write target, creating the index from templates when it does not exist (action.auto_create_index). */
  writeTarget(name: string, records: WalRecord[]): IndexStore {
    const existing = this.resolveWriteTarget(name);
    if (existing) return existing;
    return this.createIndex(name, {}, records);
  }

  // ---- index lifecycle -----------------------------------------------------------------------------------------

  /**
   * Creates an index from the request body merged over the matching composable template (MetadataCreateIndexService):
   * settings request-over-template, mappings composed template-then-request, aliases template-and-request.
   */
  createIndex(name: string, body: CreateIndexBody, records: WalRecord[]): IndexStore {
    validateIndexName(name);
    if (this.indices.has(name)) {
      const existing = this.indices.get(name) as IndexStore;
      throw new OpenSearchError(
        400,
        'resource_already_exists_exception',
        `index [${name}/${existing.uuid}] already exists`,
        {
          index: name,
          index_uuid: existing.uuid,
        },
      );
    }
    if (this.allAliasNames().has(name)) {
      throw new OpenSearchError(
        400,
        'invalid_index_name_exception',
        `Invalid index name [${name}], already exists as alias`,
        {
          index: name,
          index_uuid: '_na_',
        },
      );
    }
    const requestSettings = flattenSettings(body.settings);
    validateSettings(requestSettings);
    const resolved = this.templates.resolveForIndex(name, {
      hidden: settingBoolean(requestSettings, 'index.hidden', false),
    });
    const settings: FlatSettings = {
      'index.number_of_shards': '1',
      'index.number_of_replicas': '1',
      ...resolved.settings,
      ...requestSettings,
    };
    const knnEnabled = settingBoolean(settings, 'index.knn', false);
    const mappingDefinitions = [...resolved.mappings];
    if (body.mappings !== undefined) mappingDefinitions.push(body.mappings);
    const mappings = Mappings.compose(mappingDefinitions, { knnEnabled });
    const aliases = new Map<string, AliasMetadata>(Object.entries(resolved.aliases));
    for (const [alias, meta] of parseAliasDefinitions(body.aliases, name)) aliases.set(alias, meta);
    for (const alias of aliases.keys()) {
      const sameName = this.indices.get(alias);
      if (sameName) throw aliasNamedAsIndex(alias, sameName.uuid);
    }
    const uuid = randomUuid();
    const creationDate = this.now();
    settings['index.creation_date'] = String(creationDate);
    settings['index.uuid'] = uuid;
    settings['index.version.created'] = String(EMULATED_VERSION.id);
    settings['index.provided_name'] = name;
    settings['index.replication.type'] = 'DOCUMENT';
    const index = this.addIndex({ name, uuid, creationDate, settings, mappings, aliases });
    records.push({
      op: 'create_index',
      index: name,
      uuid,
      creationDate,
      settings,
      mappings: mappings.toJSON(),
      aliases: Object.fromEntries(aliases),
    });
    return index;
  }

  private addIndex(meta: IndexMetadata): IndexStore {
    const index = new IndexStore(meta, this.now);
    this.indices.set(meta.name, index);
    return index;
  }

  deleteIndex(index: IndexStore, records: WalRecord[]): void {
    this.removeIndex(index.name);
    records.push({ op: 'delete_index', index: index.name });
  }

  private removeIndex(name: string): void {
    this.indices.get(name)?.close();
    this.indices.delete(name);
  }

  // ---- persistence -----------------------------------------------------------------------------------------------

  /** Replays one record from the data directory (recovery); the same code path state takes when it is written. */
  apply(record: WalRecord): void {
    switch (record.op) {
      case 'create_index': {
        const knnEnabled = settingBoolean(record.settings, 'index.knn', false);
        const index = this.addIndex({
          name: record.index,
          uuid: record.uuid,
          creationDate: record.creationDate,
          settings: record.settings,
          mappings: Mappings.parse(record.mappings, { knnEnabled }),
          aliases: new Map(Object.entries(record.aliases)),
        });
        if (record.maxSeqNo !== undefined) index.maxSeqNo = record.maxSeqNo;
        return;
      }
      case 'delete_index':
        this.removeIndex(record.index);
        return;
      case 'put_mapping': {
        const index = this.indices.get(record.index);
        if (index) index.meta.mappings = Mappings.parse(record.mappings, { knnEnabled: index.knnEnabled });
        return;
      }
      case 'set_aliases': {
        const index = this.indices.get(record.index);
        if (index) index.meta.aliases = new Map(Object.entries(record.aliases));
        return;
      }
      case 'put_index_template':
      case 'delete_index_template':
      case 'put_component_template':
      case 'delete_component_template':
        this.templates.apply(record);
        return;
      case 'put_script':
      case 'delete_script':
        this.scripts.apply(record);
        return;
      case 'index': {
        const index = this.indices.get(record.index);
        if (!index) return;
        const source = JSON.parse(record.source) as Record<string, unknown>;
        const parsed = index.meta.mappings.parseDocument(record.id, source, { knnEnabled: index.knnEnabled });
        index.put(
          {
            id: record.id,
            version: record.version,
            seqNo: record.seqNo,
            primaryTerm: record.primaryTerm,
            source: record.source,
          },
          parsed.fields,
        );
        return;
      }
      case 'delete': {
        const index = this.indices.get(record.index);
        index?.remove(record.id, {
          version: record.version,
          seqNo: record.seqNo,
          primaryTerm: record.primaryTerm,
          deletedAt: this.now(),
        });
        return;
      }
    }
  }

  /** The records that recreate the current state (for snapshots). Captured eagerly: documents are immutable. */
  stateRecords(): WalRecord[] {
    const records: WalRecord[] = [...this.templates.records(), ...this.scripts.records()];
    for (const index of this.indices.values()) {
      const { meta } = index;
      records.push({
        op: 'create_index',
        index: meta.name,
        uuid: meta.uuid,
        creationDate: meta.creationDate,
        settings: meta.settings,
        mappings: meta.mappings.toJSON(),
        aliases: Object.fromEntries(meta.aliases),
        maxSeqNo: index.maxSeqNo,
      });
      for (const doc of index.liveDocs()) {
        records.push({
          op: 'index',
          index: meta.name,
          id: doc.id,
          version: doc.version,
          seqNo: doc.seqNo,
          primaryTerm: doc.primaryTerm,
          source: doc.source,
        });
      }
    }
    return records;
  }

  /** After recovery every index's documents are searchable (OpenSearch refreshes on shard recovery). */
  refreshAll(): void {
    for (const index of this.indices.values()) index.refresh();
  }
}

function isHidden(index: IndexStore): boolean {
  return index.meta.settings['index.hidden'] === 'true';
}
