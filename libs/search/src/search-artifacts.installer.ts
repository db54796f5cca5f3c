import { Client } from '@opensearch-project/opensearch';
import { EngineCalls, EngineCallsOptions } from './engine-calls';
import { segment } from './engine-request';
import {
  canonicalJson,
  ScriptArtifact,
  SearchArtifacts,
  stampedChecksum,
  TemplateArtifact,
} from './search-artifacts';
import { SearchLog, SILENT_LOG } from './search-log';
import { CATALOG_INDEX_KINDS, CatalogIndexKind, SearchNames } from './search-names';

export type ArtifactAction = 'created' | 'updated' | 'unchanged';

export interface TemplateInstallResult {
  name: string;
  version: number | undefined;
  action: ArtifactAction;
}

export interface ScriptInstallResult {
  id: string;
  action: ArtifactAction;
}

/**
 * `current`: the index's mappings `_meta` equals what its template gives a new index today; `outdated`: the template
 * changed since the index was made (reindex to apply it); `unknown`: the template's mappings carry no `_meta`.
 */
export type MappingState = 'current' | 'outdated' | 'unknown';

export interface IndexInstallResult {
  kind: CatalogIndexKind;
  alias: string;
  /** the physical index behind the alias */
  index: string;
  action: 'created' | 'exists';
  /** false while a reindex holds writes back (the alias has no write index) */
  writable: boolean;
  mapping: MappingState;
}

export interface InstallReport {
  componentTemplates: TemplateInstallResult[];
  indexTemplates: TemplateInstallResult[];
  indices: IndexInstallResult[];
  scripts: ScriptInstallResult[];
  notes: string[];
  tookMs: number;
}

export interface InstallCheck {
  installed: boolean;
  /** what is missing or differs, one line each */
  problems: string[];
}

export interface SearchArtifactsInstallerOptions extends EngineCallsOptions {
  names: SearchNames;
  log?: SearchLog;
}

/** The painless context stored scripts are compiled for: they rank documents (script_score). */
export const STORED_SCRIPT_CONTEXT = 'score';

interface ComponentTemplatesAnswer {
  component_templates?: { name: string; component_template: unknown }[];
}
interface IndexTemplatesAnswer {
  index_templates?: { name: string; index_template: unknown }[];
}
interface StoredScriptAnswer {
  found?: boolean;
  script?: { lang?: string; source?: string };
}
type AliasAnswer = Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>;
type MappingAnswer = Record<string, { mappings?: { _meta?: unknown } }>;
interface SimulatedIndexAnswer {
  template?: { mappings?: { _meta?: unknown; properties?: Record<string, unknown> } };
}

/**
 * Installs the search artifacts: component templates, then index templates (each simulated before it is put), then
 * the versioned index behind each catalog alias (`places_v1` ← `places`) when the alias is missing, then the stored
 * scripts. Idempotent: a template whose `_meta.checksum` matches, or a script whose source matches, is not rewritten,
 * and an existing alias is left as it is. Transient engine failures are retried with backoff.
 */
export class SearchArtifactsInstaller {
  private readonly calls: EngineCalls;
  private readonly names: SearchNames;
  private readonly log: SearchLog;

  constructor(
    client: Client,
    private readonly artifacts: SearchArtifacts,
    options: SearchArtifactsInstallerOptions,
  ) {
    this.calls = new EngineCalls(client, options);
    this.names = options.names;
    this.log = options.log ?? SILENT_LOG;
  }

  async install(): Promise<InstallReport> {
    const started = Date.now();
    const report: InstallReport = {
      componentTemplates: [],
      indexTemplates: [],
      indices: [],
      scripts: [],
      notes: [...this.artifacts.notes],
      tookMs: 0,
    };
    // Components first: index templates are validated against the components they are composed of.
    for (const template of this.artifacts.componentTemplates) {
      report.componentTemplates.push(await this.installTemplate('component', template));
    }
    for (const template of this.artifacts.indexTemplates) {
      report.indexTemplates.push(await this.installTemplate('index', template));
    }
    for (const kind of CATALOG_INDEX_KINDS) {
      const index = await this.ensureIndex(kind);
      report.indices.push(index);
      if (index.mapping === 'outdated') {
        report.notes.push(
          `${index.index} was created from an older template than the one installed now: run search:reindex ${kind} to apply it`,
        );
      }
      if (!index.writable) {
        report.notes.push(
          `alias ${index.alias} has no write index: a reindex is holding writes back (or stopped before it finished)`,
        );
      }
    }
    for (const script of this.artifacts.scripts) report.scripts.push(await this.installScript(script));
    report.tookMs = Date.now() - started;
    const changed = [
      ...report.componentTemplates,
      ...report.indexTemplates,
      ...report.scripts,
      ...report.indices,
    ].filter((a) => a.action !== 'unchanged' && a.action !== 'exists').length;
    this.log.info(`search artifacts installed in ${report.tookMs} ms (${changed} changed)`);
    return report;
  }

  /** Read-only: whether everything `install` would put is there, as it would put it. */
  async check(): Promise<InstallCheck> {
    const problems: string[] = [];
    for (const template of this.artifacts.componentTemplates) {
      const current = await this.readTemplate('component', template.name);
      if (current === undefined) problems.push(`component template ${template.name} is missing`);
      else if (stampedChecksum(current) !== template.checksum)
        problems.push(`component template ${template.name} differs`);
    }
    for (const template of this.artifacts.indexTemplates) {
      const current = await this.readTemplate('index', template.name);
      if (current === undefined) problems.push(`index template ${template.name} is missing`);
      else if (stampedChecksum(current) !== template.checksum)
        problems.push(`index template ${template.name} differs`);
    }
    for (const kind of CATALOG_INDEX_KINDS) {
      const alias = this.names.alias(kind);
      const indices = await this.aliasTargets(alias);
      if (indices.length === 0) problems.push(`alias ${alias} is missing`);
      else if (indices.length > 1) problems.push(`alias ${alias} points to ${indices.length} indices`);
    }
    for (const script of this.artifacts.scripts) {
      const stored = await this.readScript(script.id);
      if (!stored?.found) problems.push(`stored script ${script.id} is missing`);
      else if (stored.script?.source !== script.source) problems.push(`stored script ${script.id} differs`);
    }
    return { installed: problems.length === 0, problems };
  }

  private async installTemplate(
    kind: 'component' | 'index',
    template: TemplateArtifact,
  ): Promise<TemplateInstallResult> {
    const what = `${kind} template ${template.name}`;
    const current = await this.readTemplate(kind, template.name);
    if (current !== undefined && stampedChecksum(current) === template.checksum) {
      return { name: template.name, version: template.version, action: 'unchanged' };
    }
    if (kind === 'index') {
      // A template that does not compose (unknown component, bad mapping) fails here, before anything is replaced.
      await this.calls.send(`simulating ${what} (${template.file})`, {
        method: 'POST',
        path: '/_index_template/_simulate',
        body: template.body,
      });
    }
    const path = kind === 'component' ? '/_component_template/' : '/_index_template/';
    await this.calls.send(`putting ${what} (${template.file})`, {
      method: 'PUT',
      path: path + segment(template.name),
      body: template.body,
    });
    const action = current === undefined ? 'created' : 'updated';
    this.log.info(
      `${what} ${action} (version ${template.version ?? 'none'}, ${template.checksum.slice(0, 19)})`,
    );
    return { name: template.name, version: template.version, action };
  }

  private async readTemplate(kind: 'component' | 'index', name: string): Promise<unknown> {
    if (kind === 'component') {
      const answer = await this.calls.send<ComponentTemplatesAnswer>(
        `reading component template ${name}`,
        { method: 'GET', path: `/_component_template/${segment(name)}` },
        { ignore: [404] },
      );
      if (answer.statusCode === 404) return undefined;
      return answer.body.component_templates?.find((t) => t.name === name)?.component_template;
    }
    const answer = await this.calls.send<IndexTemplatesAnswer>(
      `reading index template ${name}`,
      { method: 'GET', path: `/_index_template/${segment(name)}` },
      { ignore: [404] },
    );
    if (answer.statusCode === 404) return undefined;
    return answer.body.index_templates?.find((t) => t.name === name)?.index_template;
  }

  /** The alias, or a new `<alias>_v1` behind it when there is none. */
  private async ensureIndex(kind: CatalogIndexKind): Promise<IndexInstallResult> {
    const alias = this.names.alias(kind);
    const existing = await this.describeAlias(kind, alias);
    if (existing) return existing;

    const physical = await this.physicalIndices(kind);
    if (physical.length > 0) {
      // Someone removed the alias: which index is current is the operator's call, not ours.
      throw new Error(
        `alias ${alias} is missing but ${physical.join(', ')} exist: point the alias at the current one ` +
          `(POST /_aliases {"actions":[{"add":{"index":"<index>","alias":"${alias}"}}]}) and install again`,
      );
    }
    const index = this.names.physicalIndex(kind, 1);
    await this.assertTemplateMatches(index);
    const created = await this.calls.send<{ acknowledged?: boolean }>(
      `creating index ${index} behind alias ${alias}`,
      { method: 'PUT', path: `/${segment(index)}`, body: { aliases: { [alias]: {} } } },
      // Another installer (a second replica booting) may have created it a moment ago.
      { ignore: [400] },
    );
    if (created.statusCode === 400) {
      const after = await this.describeAlias(kind, alias);
      if (after) return after;
      throw new Error(
        `creating index ${index} behind alias ${alias} failed: ${JSON.stringify(created.body)}`,
      );
    }
    this.log.info(`index ${index} created behind alias ${alias}`);
    return { kind, alias, index, action: 'created', writable: true, mapping: 'current' };
  }

  private async describeAlias(
    kind: CatalogIndexKind,
    alias: string,
  ): Promise<IndexInstallResult | undefined> {
    const answer = await this.calls.send<AliasAnswer>(
      `reading alias ${alias}`,
      { method: 'GET', path: `/_alias/${segment(alias)}` },
      { ignore: [404] },
    );
    if (answer.statusCode === 404) return undefined;
    const indices = Object.keys(answer.body);
    if (indices.length === 0) return undefined;
    if (indices.length > 1) {
      throw new Error(
        `alias ${alias} points to ${indices.length} indices (${indices.join(', ')}); it must point to one`,
      );
    }
    const [index] = indices;
    const writable = answer.body[index].aliases?.[alias]?.is_write_index !== false;
    return { kind, alias, index, action: 'exists', writable, mapping: await this.mappingState(index) };
  }

  private async aliasTargets(alias: string): Promise<string[]> {
    const answer = await this.calls.send<AliasAnswer>(
      `reading alias ${alias}`,
      { method: 'GET', path: `/_alias/${segment(alias)}` },
      { ignore: [404] },
    );
    return answer.statusCode === 404 ? [] : Object.keys(answer.body);
  }

  private async physicalIndices(kind: CatalogIndexKind): Promise<string[]> {
    const answer = await this.calls.send<Record<string, unknown>>(
      `listing indices ${this.names.physicalPattern(kind)}`,
      { method: 'GET', path: `/${segment(this.names.physicalPattern(kind))}/_alias` },
      { ignore: [404] },
    );
    if (answer.statusCode === 404) return [];
    return Object.keys(answer.body).filter((name) => this.names.versionOf(kind, name) !== undefined);
  }

  /** A physical index gets its mappings from a template; without one it would be created empty, and writes refused. */
  private async assertTemplateMatches(index: string): Promise<void> {
    const simulated = await this.simulateIndex(index);
    const properties = simulated.template?.mappings?.properties;
    if (!properties || Object.keys(properties).length === 0) {
      throw new Error(
        `no index template gives ${index} its mappings: check index_patterns in index-templates/`,
      );
    }
  }

  private async simulateIndex(index: string): Promise<SimulatedIndexAnswer> {
    const answer = await this.calls.send<SimulatedIndexAnswer>(`simulating index ${index}`, {
      method: 'POST',
      path: `/_index_template/_simulate_index/${segment(index)}`,
    });
    return answer.body;
  }

  private async mappingState(index: string): Promise<MappingState> {
    const wanted = (await this.simulateIndex(index)).template?.mappings?._meta;
    if (wanted === undefined) return 'unknown';
    const answer = await this.calls.send<MappingAnswer>(`reading the mappings of ${index}`, {
      method: 'GET',
      path: `/${segment(index)}/_mapping`,
    });
    const actual = answer.body[index]?.mappings?._meta;
    return canonicalJson(actual) === canonicalJson(wanted) ? 'current' : 'outdated';
  }

  private async installScript(script: ScriptArtifact): Promise<ScriptInstallResult> {
    const stored = await this.readScript(script.id);
    if (
      stored?.found &&
      stored.script?.source === script.source &&
      (stored.script.lang ?? 'painless') === 'painless'
    ) {
      return { id: script.id, action: 'unchanged' };
    }
    // With a context the engine compiles the script now: a syntax error fails the install, not a later search.
    await this.calls.send(`putting stored script ${script.id} (${script.file})`, {
      method: 'PUT',
      path: `/_scripts/${segment(script.id)}/${STORED_SCRIPT_CONTEXT}`,
      body: { script: { lang: 'painless', source: script.source } },
    });
    const action = stored?.found ? 'updated' : 'created';
    this.log.info(`stored script ${script.id} ${action} (${script.checksum.slice(0, 19)})`);
    return { id: script.id, action };
  }

  private async readScript(id: string): Promise<StoredScriptAnswer | undefined> {
    const answer = await this.calls.send<StoredScriptAnswer>(
      `reading stored script ${id}`,
      { method: 'GET', path: `/_scripts/${segment(id)}` },
      { ignore: [404] },
    );
    return answer.statusCode === 404 ? undefined : answer.body;
  }
}
