import { randomBytes } from 'node:crypto';
import {
  actionRequestValidation,
  asOpenSearchError,
  illegalArgument,
  OpenSearchError,
  resourceNotFound,
} from '../errors';
import { AliasMetadata } from '../indices/index-store';
import { simpleMatch } from '../indices/index-names';
import {
  FlatSettings,
  flattenSettings,
  nestSettings,
  settingBoolean,
  validateSettings,
} from '../indices/settings';
import { Mappings } from '../mapping/mappings';
import { isPlainObject } from '../rest/json';
import { WalRecord } from '../storage/records';
import { aliasToJSON, parseTemplateAliases, validateAliasStandalone } from '../aliases/alias-definitions';
import {
  failedToParseField,
  fieldLocation,
  longValue,
  stringArray,
  unknownField,
} from '../aliases/xcontent-parse';
import { patternsOverlap } from './pattern-overlap';

/** Template (cluster/metadata/Template.java): settings (flat, `index.`-prefixed), mappings as given, aliases. */
export interface TemplateBody {
  settings?: FlatSettings;
  mappings?: Record<string, unknown>;
  aliases?: Record<string, AliasMetadata>;
}

/** ComposableIndexTemplate.java. */
export interface IndexTemplate {
  index_patterns: string[];
  template?: TemplateBody;
  composed_of?: string[];
  priority?: number;
  version?: number;
  _meta?: Record<string, unknown>;
  data_stream?: Record<string, unknown>;
}

/** ComponentTemplate.java. */
export interface ComponentTemplate {
  template: TemplateBody;
  version?: number;
  _meta?: Record<string, unknown>;
}

/** What a new index takes from the composable template that matches its name. */
export interface ResolvedTemplate {
  settings: FlatSettings;
  /** Mapping definitions in precedence order (component templates, then the index template), for Mappings.compose. */
  mappings: unknown[];
  aliases: Record<string, AliasMetadata>;
  templateName?: string;
}

export interface PutOptions {
  /** `create=true`: refuse to replace an existing template. */
  create?: boolean;
  /** The request body as sent, for the `[line:col]` of parse errors. */
  text?: string;
}

interface TemplateSet {
  index: Map<string, IndexTemplate>;
  component: Map<string, ComponentTemplate>;
}

const HIDDEN = 'index.hidden';

/**
 * Composable index templates and component templates (MetadataIndexTemplateService), with OpenSearch's
 * validation and messages. Mutations return the records to commit; reads return the bodies OpenSearch answers.
 */
export class TemplateRegistry {
  private readonly set: TemplateSet = { index: new Map(), component: new Map() };

  // ---- composable index templates ---------------------------------------------------------------------------

  /** PUT /_index_template/{name}; returns the records to commit (none when the template is unchanged). */
  putIndexTemplate(name: string, body: unknown, options: PutOptions = {}): WalRecord[] {
    const template = parseIndexTemplate(body, options.text);
    validateIndexTemplateRequest(template);
    const next = addIndexTemplate(this.set, name, template, options.create ?? false);
    if (next === undefined) return [];
    this.set.index.set(name, next);
    return [{ op: 'put_index_template', name, template: indexTemplateJSON(next, true) }];
  }

  /** DELETE /_index_template/{name}: wildcards allowed; `*` matching nothing is fine. */
  deleteIndexTemplate(name: string): WalRecord[] {
    const names = matchingNames(this.set.index, name);
    if (names.length === 0) {
      if (name === '*') return [];
      throw templateMissing(name);
    }
    for (const n of names) this.set.index.delete(n);
    return names.map((n) => ({ op: 'delete_index_template', name: n }));
  }

  /** GET /_index_template[/{name}]: status 404 when a name was given and nothing matched. */
  getIndexTemplates(
    name: string | undefined,
    flatSettings = false,
  ): { status: number; body: Record<string, unknown> } {
    const names = this.lookup(this.set.index, name, 'index template');
    return {
      status: name !== undefined && names.length === 0 ? 404 : 200,
      body: {
        index_templates: names.map((n) => ({
          name: n,
          index_template: indexTemplateJSON(this.set.index.get(n) as IndexTemplate, flatSettings),
        })),
      },
    };
  }

  hasIndexTemplate(name: string): boolean {
    return this.set.index.has(name);
  }

  // ---- component templates ----------------------------------------------------------------------------------

  /** PUT /_component_template/{name}. */
  putComponentTemplate(name: string, body: unknown, options: PutOptions = {}): WalRecord[] {
    const parsed = parseComponentTemplate(body, options.text);
    const existing = this.set.component.get(name);
    if (options.create && existing) throw illegalArgument(`component template [${name}] already exists`);
    const usedBy = [...this.set.index.entries()].filter(([, t]) => (t.composed_of ?? []).includes(name));
    if (!options.create && parsed.template.settings?.[HIDDEN] !== undefined) {
      const globals = usedBy.filter(([, t]) => t.index_patterns.includes('*')).map(([n]) => n);
      if (globals.length > 0) {
        throw illegalArgument(
          `cannot update component template [${name}] because the following global templates would resolve to specifying the [index.hidden] setting: [${globals.join(',')}]`,
        );
      }
    }
    if (existing && sameJSON(componentTemplateJSON(existing, true), componentTemplateJSON(parsed, true)))
      return [];
    validateMappings([parsed.template.mappings], parsed.template.settings ?? {});
    validateTemplateDefinition(name, parsed.template, []);
    if (usedBy.length > 0) {
      const trial: TemplateSet = {
        index: this.set.index,
        component: new Map(this.set.component).set(name, parsed),
      };
      for (const [templateName, template] of usedBy) {
        try {
          validateComposite(trial, templateName, template);
        } catch (error) {
          throw illegalArgument(
            `updating component template [${name}] results in invalid composable template [${templateName}] after templates are merged`,
            asOpenSearchError(error),
          );
        }
      }
    }
    this.set.component.set(name, parsed);
    return [{ op: 'put_component_template', name, template: componentTemplateJSON(parsed, true) }];
  }

  /** DELETE /_component_template/{name}: refused while an index template uses a matching component template. */
  deleteComponentTemplate(name: string): WalRecord[] {
    const names = matchingNames(this.set.component, name);
    const inUse = new Set<string>();
    const users: string[] = [];
    for (const [templateName, template] of this.set.index) {
      const used = (template.composed_of ?? []).filter((c) => names.includes(c));
      if (used.length > 0) {
        users.push(templateName);
        for (const c of used) inUse.add(c);
      }
    }
    if (users.length > 0) {
      throw illegalArgument(
        `component templates [${[...inUse].sort().join(', ')}] cannot be removed as they are still in use by index templates [${users.sort().join(', ')}]`,
      );
    }
    if (names.length === 0) {
      if (name === '*') return [];
      // MetadataIndexTemplateService#removeComponentTemplate reuses IndexTemplateMissingException.
      throw templateMissing(name);
    }
    for (const n of names) this.set.component.delete(n);
    return names.map((n) => ({ op: 'delete_component_template', name: n }));
  }

  /** GET /_component_template[/{name}]. */
  getComponentTemplates(
    name: string | undefined,
    flatSettings = false,
  ): { status: number; body: Record<string, unknown> } {
    const names = this.lookup(this.set.component, name, 'component template');
    return {
      status: name !== undefined && names.length === 0 ? 404 : 200,
      body: {
        component_templates: names.map((n) => ({
          name: n,
          component_template: componentTemplateJSON(
            this.set.component.get(n) as ComponentTemplate,
            flatSettings,
          ),
        })),
      },
    };
  }

  // ---- index creation and simulation ------------------------------------------------------------------------

  /** The template a new index takes (MetadataIndexTemplateService#findV2Template and the resolve* methods). */
  resolveForIndex(indexName: string, options: { hidden?: boolean } = {}): ResolvedTemplate {
    const templateName = findTemplate(this.set, indexName, options.hidden ?? false);
    if (templateName === undefined) return { settings: {}, mappings: [], aliases: {} };
    return { ...resolveTemplate(this.set, templateName, indexName), templateName };
  }

  /**
   * POST /_index_template/_simulate_index/{index} (TransportSimulateIndexTemplateAction): what an index of that name
   * would get, optionally with the given template added first. `{}` when no template matches.
   */
  simulateIndex(indexName: string, body: unknown, options: PutOptions = {}): Record<string, unknown> {
    const trial = this.withSimulated(body, `simulate_index_template_${randomName()}`, options);
    const matching = findTemplate(trial, indexName, false);
    if (matching === undefined) return {};
    return simulationResponse(trial, matching, indexName);
  }

  /**
   * POST /_index_template/_simulate[/{name}] (TransportSimulateTemplateAction): what the named template, or the
   * template in the body, resolves to.
   */
  simulateTemplate(
    name: string | undefined,
    body: unknown,
    options: PutOptions = {},
  ): Record<string, unknown> {
    const uuid = randomName();
    const added = body === undefined ? undefined : (name ?? `simulate_template_${uuid}`);
    const trial = added === undefined ? this.set : this.withSimulated(body, added, options);
    const matching = name ?? added;
    if (matching === undefined)
      throw illegalArgument('a template name to match or a new template body must be specified');
    if (!trial.index.has(matching))
      throw illegalArgument(`unable to simulate template [${matching}] that does not exist`);
    return simulationResponse(trial, matching, `simulate_template_index_${uuid}`);
  }

  private withSimulated(body: unknown, name: string, options: PutOptions): TemplateSet {
    if (body === undefined) return this.set;
    const template = parseIndexTemplate(body, options.text);
    validateIndexTemplateRequest(template);
    const next = addIndexTemplate(this.set, name, template, options.create ?? false) ?? template;
    return { index: new Map(this.set.index).set(name, next), component: this.set.component };
  }

  private lookup<T>(templates: Map<string, T>, name: string | undefined, kind: string): string[] {
    if (name === undefined) return [...templates.keys()].sort();
    if (name.includes('*')) return matchingNames(templates, name);
    if (templates.has(name)) return [name];
    throw resourceNotFound(`${kind} matching [${name}] not found`);
  }

  // ---- persistence ------------------------------------------------------------------------------------------

  /** Replays a template record (recovery): the record holds a template that was validated when it was put. */
  apply(record: WalRecord): void {
    switch (record.op) {
      case 'put_index_template':
        this.set.index.set(record.name, parseIndexTemplate(record.template));
        return;
      case 'delete_index_template':
        this.set.index.delete(record.name);
        return;
      case 'put_component_template':
        this.set.component.set(record.name, parseComponentTemplate(record.template));
        return;
      case 'delete_component_template':
        this.set.component.delete(record.name);
        return;
      default:
        return;
    }
  }

  /** The records that recreate the templates: component templates first, as index templates refer to them. */
  records(): WalRecord[] {
    const out: WalRecord[] = [];
    for (const [name, t] of this.set.component) {
      out.push({ op: 'put_component_template', name, template: componentTemplateJSON(t, true) });
    }
    for (const [name, t] of this.set.index)
      out.push({ op: 'put_index_template', name, template: indexTemplateJSON(t, true) });
    return out;
  }
}

// ---- parsing (ComposableIndexTemplate.PARSER, ComponentTemplate.PARSER, Template.PARSER) --------------------------

function parseIndexTemplate(body: unknown, text?: string): IndexTemplate {
  const parser = 'index_template';
  const source = requireObject(body);
  let patterns: string[] | undefined;
  const out: Partial<IndexTemplate> = {};
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'index_patterns':
        patterns = stringArray(parser, key, nonNull(parser, key, value, text), text);
        break;
      case 'template':
        out.template = parseTemplateBody(objectField(parser, key, value, text), text);
        break;
      case 'composed_of':
        out.composed_of = stringArray(parser, key, nonNull(parser, key, value, text), text);
        break;
      case 'priority':
        out.priority = longValue(parser, key, nonNull(parser, key, value, text), text);
        break;
      case 'version':
        out.version = longValue(parser, key, nonNull(parser, key, value, text), text);
        break;
      case '_meta':
        out._meta = objectField(parser, key, value, text);
        break;
      case 'data_stream':
        out.data_stream = objectField(parser, key, value, text);
        break;
      default:
        throw unknownField(parser, key, text);
    }
  }
  // ConstructingObjectParser: a missing constructor argument.
  if (patterns === undefined) throw illegalArgument('Required [index_patterns]');
  return { index_patterns: patterns, ...out };
}

function parseComponentTemplate(body: unknown, text?: string): ComponentTemplate {
  const parser = 'component_template';
  const source = requireObject(body);
  let template: TemplateBody | undefined;
  const out: Omit<ComponentTemplate, 'template'> = {};
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'template':
        template = parseTemplateBody(objectField(parser, key, value, text), text);
        break;
      case 'version':
        out.version = longValue(parser, key, nonNull(parser, key, value, text), text);
        break;
      case '_meta':
        out._meta = objectField(parser, key, value, text);
        break;
      default:
        throw unknownField(parser, key, text);
    }
  }
  if (template === undefined) throw illegalArgument('Required [template]');
  return { template, ...out };
}

function parseTemplateBody(source: Record<string, unknown>, text?: string): TemplateBody {
  const parser = 'template';
  const out: TemplateBody = {};
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'settings':
        out.settings = flattenSettings(objectField(parser, key, value, text));
        break;
      case 'mappings':
        out.mappings = objectField(parser, key, value, text);
        break;
      case 'aliases':
        try {
          out.aliases = parseTemplateAliases(objectField(parser, key, value, text));
        } catch (error) {
          throw failedToParseField(parser, key, asOpenSearchError(error), text);
        }
        break;
      default:
        throw unknownField(parser, key, text);
    }
  }
  return out;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw new OpenSearchError(400, 'parse_exception', 'request body is required');
  return body;
}

/** ObjectParser's refusal of a token the field does not take. */
function notSupported(parser: string, field: string, value: unknown, text?: string): OpenSearchError {
  const token =
    value === null
      ? 'VALUE_NULL'
      : Array.isArray(value)
        ? 'START_ARRAY'
        : typeof value === 'string'
          ? 'VALUE_STRING'
          : typeof value === 'boolean'
            ? 'VALUE_BOOLEAN'
            : 'VALUE_NUMBER';
  return new OpenSearchError(
    400,
    'x_content_parse_exception',
    `${fieldLocation(text, field)} [${parser}] ${field} doesn't support values of type: ${token}`,
  );
}

function objectField(parser: string, field: string, value: unknown, text?: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw notSupported(parser, field, value, text);
  return value;
}

function nonNull(parser: string, field: string, value: unknown, text?: string): unknown {
  if (value === null) throw notSupported(parser, field, value, text);
  return value;
}

// ---- validation (PutComposableIndexTemplateAction.Request#validate, MetadataIndexTemplateService) ---------------

function validateIndexTemplateRequest(template: IndexTemplate): void {
  const problems: string[] = [];
  if (template.index_patterns.includes('*') && template.template?.settings?.[HIDDEN] !== undefined) {
    problems.push('global composable templates may not specify the setting index.hidden');
  }
  if (template.priority !== undefined && template.priority < 0)
    problems.push('index template priority must be >= 0');
  if (problems.length > 0) throw actionRequestValidation(problems);
}

/**
 * MetadataIndexTemplateService#validateV2TemplateRequest and #addIndexTemplateV2: the template as it would be
 * stored, or undefined when it equals the existing one.
 */
function addIndexTemplate(
  set: TemplateSet,
  name: string,
  template: IndexTemplate,
  create: boolean,
): IndexTemplate | undefined {
  if (template.index_patterns.includes('*') && resolveSettings(set, template)[HIDDEN] !== undefined) {
    throw invalidTemplate(name, 'global composable templates may not specify the setting index.hidden');
  }
  const missing = (template.composed_of ?? []).filter((c) => !set.component.has(c));
  if (missing.length > 0) {
    throw invalidTemplate(
      name,
      `index template [${name}] specifies component templates [${missing.join(', ')}] that do not exist`,
    );
  }
  const existing = set.index.get(name);
  if (create && existing) throw illegalArgument(`index template [${name}] already exists`);
  const priority = template.priority ?? 0;
  const overlaps = conflictingTemplates(set, name, template.index_patterns).filter(
    ([, other]) => (other.priority ?? 0) === priority,
  );
  if (overlaps.length > 0) {
    throw illegalArgument(
      `index template [${name}] has index patterns [${template.index_patterns.join(', ')}] matching patterns from existing templates [${overlaps
        .map(([n]) => n)
        .join(',')}] with patterns (${overlaps
        .map(([n, t]) => `${n} => [${t.index_patterns.join(', ')}]`)
        .join(
          ',',
        )}) that have the same priority [${priority}], multiple index templates may not match during index creation, please use a different priority`,
    );
  }
  if (existing && sameJSON(indexTemplateJSON(existing, true), indexTemplateJSON(template, true)))
    return undefined;
  validateTemplateDefinition(name, template.template ?? {}, template.index_patterns);
  try {
    validateComposite(
      { index: new Map(set.index).set(name, template), component: set.component },
      name,
      template,
    );
  } catch (error) {
    const components = template.composed_of ?? [];
    throw illegalArgument(
      `composable template [${name}] template after composition ${components.length > 0 ? `with component templates [${components.join(', ')}] ` : ''}is invalid`,
      asOpenSearchError(error),
    );
  }
  return template;
}

/** MetadataIndexTemplateService#validate(String, Settings, List, List): names, patterns, settings, then aliases. */
function validateTemplateDefinition(name: string, template: TemplateBody, patterns: string[]): void {
  const problems: string[] = [];
  if (name.includes(' ')) problems.push('name must not contain a space');
  if (name.includes(',')) problems.push("name must not contain a ','");
  if (name.includes('#')) problems.push("name must not contain a '#'");
  if (name.includes('*')) problems.push("name must not contain a '*'");
  if (name.startsWith('_')) problems.push("name must not start with '_'");
  if (name.toLowerCase() !== name) problems.push('name must be lower cased');
  for (const pattern of patterns) {
    if (pattern.includes(' ')) problems.push(`index_patterns [${pattern}] must not contain a space`);
    if (pattern.includes(',')) problems.push(`index_pattern [${pattern}] must not contain a ','`);
    if (pattern.includes('#')) problems.push(`index_pattern [${pattern}] must not contain a '#'`);
    if (pattern.includes(':')) problems.push(`index_pattern [${pattern}] must not contain a ':'`);
    if (pattern.startsWith('_')) problems.push(`index_pattern [${pattern}] must not start with '_'`);
    if (['\\', '/', '?', '"', '<', '>', '|', ' ', ','].some((c) => pattern.includes(c))) {
      problems.push(
        `index_pattern [${pattern}] must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]`,
      );
    }
  }
  if (template.settings) {
    try {
      validateSettings(template.settings);
    } catch (error) {
      problems.push(asOpenSearchError(error).reason);
    }
  }
  if (patterns.includes('*') && template.settings?.[HIDDEN] !== undefined) {
    problems.push('global templates may not specify the setting index.hidden');
  }
  if (problems.length > 0) {
    throw invalidTemplate(name, `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`);
  }
  for (const [alias, meta] of Object.entries(template.aliases ?? {})) {
    validateAliasStandalone(alias, meta.index_routing);
    if (patterns.includes(alias)) {
      throw illegalArgument(`alias [${alias}] cannot be the same as any pattern in [${patterns.join(', ')}]`);
    }
  }
}

/** MetadataIndexTemplateService#validateCompositeTemplate: the composed settings and mappings must make an index. */
function validateComposite(set: TemplateSet, name: string, template: IndexTemplate): void {
  const settings = resolveSettings(set, template);
  const definitions = collectMappings(set, template);
  if (definitions.length === 0) return;
  try {
    Mappings.compose(definitions, { knnEnabled: settingBoolean(settings, 'index.knn', false) });
  } catch (error) {
    throw illegalArgument(`invalid composite mappings for [${name}]`, mappingFailure(error));
  }
}

/** A component template's own mappings must parse (MetadataIndexTemplateService#validateTemplate). */
function validateMappings(
  definitions: (Record<string, unknown> | undefined)[],
  settings: FlatSettings,
): void {
  const knnEnabled = settingBoolean(settings, 'index.knn', false);
  for (const definition of definitions) {
    if (definition === undefined || Object.keys(definition).length === 0) continue;
    try {
      Mappings.parse(definition, { knnEnabled });
    } catch (error) {
      throw mappingFailure(error);
    }
  }
}

/** MapperService#internalMerge wraps what the mapping parser throws as "Failed to parse mapping [_doc]: ...". */
function mappingFailure(error: unknown): OpenSearchError {
  const e = asOpenSearchError(error);
  if (e.reason.startsWith('Failed to parse mapping')) return e;
  return new OpenSearchError(
    400,
    'mapper_parsing_exception',
    `Failed to parse mapping [_doc]: ${e.reason}`,
    {},
    e,
    rootCauses(e),
  );
}

/** OpenSearchException#guessRootCauses: the deepest OpenSearch exception of the chain. */
function rootCauses(e: OpenSearchError): OpenSearchError[] {
  if (e.rootCauses) return e.rootCauses;
  return e.causedBy ? rootCauses(e.causedBy) : [e];
}

/** InvalidIndexTemplateException. */
function invalidTemplate(name: string, message: string): OpenSearchError {
  return new OpenSearchError(
    400,
    'invalid_index_template_exception',
    `index_template [${name}] invalid, cause [${message}]`,
  );
}

/** IndexTemplateMissingException. */
function templateMissing(name: string): OpenSearchError {
  return new OpenSearchError(404, 'index_template_missing_exception', `index_template [${name}] missing`);
}

// ---- resolution --------------------------------------------------------------------------------------------------

/** Index templates other than `name` whose patterns can match a name that `patterns` match, by name. */
function conflictingTemplates(set: TemplateSet, name: string, patterns: string[]): [string, IndexTemplate][] {
  return [...set.index.entries()]
    .filter(([n, t]) => n !== name && patternsOverlap(patterns, t.index_patterns))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** findV2Template: the matching template of highest priority; hidden indices skip global (`*`) templates. */
function findTemplate(set: TemplateSet, indexName: string, hidden: boolean): string | undefined {
  let winner: [string, IndexTemplate] | undefined;
  for (const [name, template] of [...set.index.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (hidden && template.index_patterns.includes('*')) continue;
    if (!template.index_patterns.some((p) => simpleMatch(p, indexName))) continue;
    if (winner === undefined || (template.priority ?? 0) > (winner[1].priority ?? 0))
      winner = [name, template];
  }
  if (
    winner &&
    winner[1].index_patterns.includes('*') &&
    resolveSettings(set, winner[1])[HIDDEN] !== undefined
  ) {
    throw new OpenSearchError(
      500,
      'illegal_state_exception',
      `global index template [${winner[0]}], composed of component templates [${(winner[1].composed_of ?? []).join(',')}] defined the index.hidden setting, which is not allowed`,
    );
  }
  return winner?.[0];
}

function componentsOf(set: TemplateSet, template: IndexTemplate): TemplateBody[] {
  const bodies: TemplateBody[] = [];
  for (const name of template.composed_of ?? []) {
    const component = set.component.get(name);
    if (component) bodies.push(component.template);
  }
  if (template.template) bodies.push(template.template);
  return bodies;
}

/** resolveSettings: component templates in `composed_of` order, then the template's own; later wins. */
function resolveSettings(set: TemplateSet, template: IndexTemplate): FlatSettings {
  const settings: FlatSettings = {};
  for (const body of componentsOf(set, template)) Object.assign(settings, body.settings ?? {});
  return settings;
}

/** collectMappings: in the same order, for the mapper to merge one over the other. */
function collectMappings(set: TemplateSet, template: IndexTemplate): Record<string, unknown>[] {
  return componentsOf(set, template)
    .map((b) => b.mappings)
    .filter((m): m is Record<string, unknown> => m !== undefined && Object.keys(m).length > 0);
}

/**
 * resolveAliases and MetadataCreateIndexService#resolveAndValidateAliases: the index template's alias of a name
 * wins over a component template's, whole; `{index}` in an alias name becomes the index name.
 */
function resolveAliases(
  set: TemplateSet,
  template: IndexTemplate,
  indexName: string,
): Record<string, AliasMetadata> {
  const aliases: Record<string, AliasMetadata> = {};
  for (const body of componentsOf(set, template)) {
    for (const [alias, meta] of Object.entries(body.aliases ?? {})) {
      aliases[alias.split('{index}').join(indexName)] = meta;
    }
  }
  return aliases;
}

function resolveTemplate(
  set: TemplateSet,
  name: string,
  indexName: string,
): Omit<ResolvedTemplate, 'templateName'> {
  const template = set.index.get(name) as IndexTemplate;
  return {
    settings: resolveSettings(set, template),
    mappings: collectMappings(set, template),
    aliases: resolveAliases(set, template, indexName),
  };
}

/** SimulateIndexTemplateResponse: the resolved template and the other templates whose patterns overlap. */
function simulationResponse(set: TemplateSet, name: string, indexName: string): Record<string, unknown> {
  const template = set.index.get(name) as IndexTemplate;
  const resolved = resolveTemplate(set, name, indexName);
  for (const alias of Object.keys(resolved.aliases))
    validateAliasStandalone(alias, resolved.aliases[alias].index_routing);
  const body: Record<string, unknown> = { settings: nestSettings(resolved.settings) };
  if (resolved.mappings.length > 0) {
    const knnEnabled = settingBoolean(resolved.settings, 'index.knn', false);
    body.mappings = Mappings.compose(resolved.mappings, { knnEnabled }).toJSON();
  }
  body.aliases = Object.fromEntries(Object.entries(resolved.aliases).map(([a, m]) => [a, aliasToJSON(m)]));
  return {
    template: body,
    overlapping: conflictingTemplates(set, name, template.index_patterns).map(([n, t]) => ({
      name: n,
      index_patterns: t.index_patterns,
    })),
  };
}

// ---- rendering -----------------------------------------------------------------------------------------------

/** Template#toXContent: settings (nested unless flat_settings), mappings when not empty, aliases. */
function templateBodyJSON(body: TemplateBody, flatSettings: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body.settings) out.settings = flatSettings ? { ...body.settings } : nestSettings(body.settings);
  if (body.mappings && Object.keys(body.mappings).length > 0) out.mappings = body.mappings;
  if (body.aliases)
    out.aliases = Object.fromEntries(Object.entries(body.aliases).map(([a, m]) => [a, aliasToJSON(m)]));
  return out;
}

/** ComposableIndexTemplate#toXContent. */
function indexTemplateJSON(t: IndexTemplate, flatSettings: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { index_patterns: t.index_patterns };
  if (t.template) out.template = templateBodyJSON(t.template, flatSettings);
  if (t.composed_of) out.composed_of = t.composed_of;
  if (t.priority !== undefined) out.priority = t.priority;
  if (t.version !== undefined) out.version = t.version;
  if (t._meta) out._meta = t._meta;
  if (t.data_stream) out.data_stream = t.data_stream;
  return out;
}

/** ComponentTemplate#toXContent. */
function componentTemplateJSON(t: ComponentTemplate, flatSettings: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { template: templateBodyJSON(t.template, flatSettings) };
  if (t.version !== undefined) out.version = t.version;
  if (t._meta) out._meta = t._meta;
  return out;
}

function matchingNames<T>(templates: Map<string, T>, pattern: string): string[] {
  return [...templates.keys()].filter((n) => simpleMatch(pattern, n)).sort();
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** UUIDs.randomBase64UUID().toLowerCase(), as the simulate actions name their temporary templates. */
function randomName(): string {
  return randomBytes(16).toString('base64url').toLowerCase();
}
