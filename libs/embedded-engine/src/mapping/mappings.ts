import { OpenSearchError, illegalArgument, mapperParsing } from '../errors';
import { isPlainObject } from '../rest/json';
import { DEFAULT_DATE_FORMAT, DEFAULT_DYNAMIC_DATE_FORMATS, DateFormatter } from './date-format';
import { LeafField, isLeafType } from './field-types';
import { javaPreview } from './java-text';
import { javaParseDouble } from './numeric';
import { FieldInfo, ParsedDocument, ParsedFields } from './types';

/**
 * An index's mappings (OpenSearch's DocumentMapper / RootObjectMapper / ObjectMapper): parsed from a definition,
 * merged by PUT _mapping and by composable templates, printed as GET _mapping prints them, and used to parse
 * documents (DocumentParser) with dynamic mapping.
 */

export interface MappingContext {
  /** the index.knn setting */
  knnEnabled: boolean;
}

type Dynamic = 'true' | 'false' | 'strict' | 'strict_allow_templates' | 'false_allow_templates';
type MergeReason = 'mapping_update' | 'index_template';

/** MapperService.SINGLE_MAPPING_NAME: the root object's name in messages. */
const ROOT_NAME = '_doc';

class ObjectField {
  constructor(
    readonly name: string,
    /** full dotted path; '' for the root */
    readonly path: string,
    readonly props: ReadonlyMap<string, Node>,
    readonly dynamic: Dynamic | undefined,
    /** undefined unless given (Explicit<Boolean>) */
    readonly enabled: boolean | undefined,
    readonly nested: boolean,
    /** nested-only parameters kept as given (include_in_parent, include_in_root) */
    readonly extra: Readonly<Record<string, unknown>>,
  ) {}

  get isEnabled(): boolean {
    return this.enabled !== false;
  }

  get fullPath(): string {
    return this.path === '' ? ROOT_NAME : this.path;
  }

  with(props: ReadonlyMap<string, Node>, dynamic = this.dynamic, enabled = this.enabled): ObjectField {
    return new ObjectField(this.name, this.path, props, dynamic, enabled, this.nested, this.extra);
  }
}

type Node = ObjectField | LeafField;

interface RootSettings {
  dateDetection?: boolean;
  numericDetection?: boolean;
  dynamicDateFormats?: string[];
  dynamicTemplates?: unknown[];
  meta?: unknown;
  source?: unknown;
  routing?: unknown;
  fieldNames?: unknown;
}

const childPath = (parent: string, name: string): string => (parent === '' ? name : `${parent}.${name}`);

/** XContentMapValues#nodeBooleanValue(node, name) */
function booleanSetting(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw illegalArgument(`Could not convert [${name}] to boolean`);
}

/** ObjectMapper.TypeParser#parseObjectOrDocumentTypeProperties: `dynamic` */
function parseDynamic(value: unknown, name: string): Dynamic {
  const text = String(value);
  const lower = text.toLowerCase();
  if (lower === 'strict' || lower === 'strict_allow_templates' || lower === 'false_allow_templates')
    return lower;
  return booleanSetting(value, `${name}.dynamic`) ? 'true' : 'false';
}

/** DocumentMapperParser#getRemainingFields: " [key : value]" per entry. */
const remaining = (entries: [string, unknown][]): string =>
  entries.map(([k, v]) => ` [${k} : ${javaPreview(v)}]`).join('');

/** The fields one document adds dynamically, kept apart from the immutable mappings until the document is done. */
class DynamicAdditions {
  /** object path ('' = root) → children added under it */
  readonly byParent = new Map<string, Map<string, Node>>();
  /** leaves created by this document, for the same-document type check (DocumentParser#createDynamicUpdate) */
  readonly created = new Set<LeafField>();
  conflict?: OpenSearchError;

  get(parent: ObjectField, name: string): Node | undefined {
    return this.byParent.get(parent.path)?.get(name);
  }

  add(parent: ObjectField, node: Node): void {
    let children = this.byParent.get(parent.path);
    if (!children) this.byParent.set(parent.path, (children = new Map()));
    children.set(node.name, node);
  }

  /** The additions as a mapping definition, for Mappings#merge. */
  toDefinition(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    const paths = [...this.byParent.keys()].sort();
    for (const parentPath of paths) {
      let target = root;
      if (parentPath !== '') {
        for (const segment of parentPath.split('.')) {
          const props = (target.properties ??= {}) as Record<string, Record<string, unknown>>;
          target = props[segment] ??= {};
          delete target.type;
        }
      }
      const props = (target.properties ??= {}) as Record<string, unknown>;
      for (const [name, node] of this.byParent.get(parentPath)!) {
        if (node instanceof LeafField) props[name] = node.toJSON();
        else if (!props[name]) props[name] = { type: 'object' };
      }
    }
    return root;
  }
}

class DocumentContext {
  readonly fields: ParsedFields = new Map();
  additions?: DynamicAdditions;
  constructor(
    readonly id: string,
    readonly ctx: MappingContext,
  ) {}

  get dynamic(): DynamicAdditions {
    return (this.additions ??= new DynamicAdditions());
  }
}

export class Mappings {
  private readonly leaves: ReadonlyMap<string, LeafField>;
  private readonly dateFormatters: DateFormatter[];

  private constructor(
    private readonly root: ObjectField,
    private readonly settings: RootSettings,
    readonly knnEnabled: boolean,
  ) {
    const leaves = new Map<string, LeafField>();
    const collect = (node: Node) => {
      if (node instanceof LeafField) {
        const walk = (leaf: LeafField) => {
          leaves.set(leaf.path, leaf);
          for (const sub of leaf.multiFields.values()) walk(sub);
        };
        walk(node);
      } else for (const child of node.props.values()) collect(child);
    };
    collect(root);
    this.leaves = leaves;
    this.dateFormatters = (settings.dynamicDateFormats ?? DEFAULT_DYNAMIC_DATE_FORMATS).map((f) =>
      DateFormatter.forPattern(f),
    );
  }

  static empty(): Mappings {
    return new Mappings(
      new ObjectField(ROOT_NAME, '', new Map(), undefined, undefined, false, {}),
      {},
      false,
    );
  }

  /**
   * A mappings definition as PUT /{index} takes it. Errors are wrapped as index creation wraps them
   * (MapperService#internalMerge): mapper_parsing_exception "Failed to parse mapping [_doc]: <reason>".
   */
  static parse(definition: unknown, ctx: MappingContext): Mappings {
    return wrapParse(() => Mappings.parseRaw(definition, ctx));
  }

  /**
   * Composable templates then the request (MetadataCreateIndexService: each definition merged with
   * MergeReason.INDEX_TEMPLATE): a field redefined replaces the earlier one, objects merge recursively.
   */
  static compose(definitions: unknown[], ctx: MappingContext): Mappings {
    let result = Mappings.empty();
    let first = true;
    for (const definition of definitions) {
      if (definition === undefined || definition === null) continue;
      if (isPlainObject(definition) && Object.keys(definition).length === 0) continue;
      const parsed = Mappings.parse(definition, ctx);
      result = first ? parsed : result.mergeWith(parsed, 'index_template', ctx);
      first = false;
    }
    return first ? new Mappings(result.root, result.settings, ctx.knnEnabled) : result;
  }

  /** PUT /{index}/_mapping (MetadataMappingService): parse errors and merge conflicts are not wrapped. */
  merge(update: unknown, ctx: MappingContext): Mappings {
    return this.mergeWith(Mappings.parseRaw(update, ctx), 'mapping_update', ctx);
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const root = this.root;
    const s = this.settings;
    if (root.dynamic !== undefined) out.dynamic = root.dynamic;
    if (root.enabled !== undefined) out.enabled = root.enabled;
    if (s.meta !== undefined) out._meta = s.meta;
    if (s.fieldNames !== undefined) out._field_names = s.fieldNames;
    if (s.routing !== undefined) out._routing = s.routing;
    if (s.source !== undefined) out._source = s.source;
    if (s.dynamicDateFormats !== undefined) out.dynamic_date_formats = s.dynamicDateFormats;
    if (s.dynamicTemplates !== undefined) out.dynamic_templates = s.dynamicTemplates;
    if (s.dateDetection !== undefined) out.date_detection = s.dateDetection;
    if (s.numericDetection !== undefined) out.numeric_detection = s.numericDetection;
    const properties = propertiesJSON(root);
    if (properties) out.properties = properties;
    return out;
  }

  field(path: string): FieldInfo | undefined {
    return this.leaves.get(path)?.info;
  }

  fields(): FieldInfo[] {
    const out: FieldInfo[] = [];
    for (const leaf of this.leaves.values()) out.push(leaf.info);
    return out;
  }

  /** DocumentParser#parseDocument */
  parseDocument(id: string, source: Record<string, unknown>, ctx: MappingContext): ParsedDocument {
    const doc = new DocumentContext(id, ctx);
    if (this.root.isEnabled) {
      try {
        this.parseObject(this.root, this.root.dynamic ?? 'true', source, doc);
      } catch (error) {
        throw wrapInMapperParsingException(error);
      }
    }
    const additions = doc.additions;
    if (!additions || additions.byParent.size === 0) return { fields: doc.fields };
    if (additions.conflict) throw additions.conflict;
    return { fields: doc.fields, updatedMappings: this.merge(additions.toDefinition(), ctx) };
  }

  // ---- document parsing -------------------------------------------------------------------------------------

  /** DocumentParser#innerParseObject */
  private parseObject(
    obj: ObjectField,
    dynamic: Dynamic,
    value: Record<string, unknown>,
    doc: DocumentContext,
  ): void {
    for (const key in value) {
      const v = value[key];
      const paths = key.length === 0 || key.includes('.') ? splitAndValidatePath(key) : undefined;
      if (paths && this.containsDisabledObject(obj, paths, doc)) continue;
      if (v === null || v === undefined) this.parseNull(obj, key, paths, doc);
      else if (Array.isArray(v)) this.parseArray(obj, dynamic, key, paths, v, doc);
      else if (typeof v === 'object')
        this.parseObjectValue(obj, dynamic, key, paths, v as Record<string, unknown>, doc);
      else this.parseScalar(obj, dynamic, key, paths, v, doc);
    }
  }

  private child(obj: ObjectField, name: string, doc: DocumentContext): Node | undefined {
    return obj.props.get(name) ?? doc.additions?.get(obj, name);
  }

  /** DocumentParser#getMapper: follows dotted names through object mappers. */
  private getMapper(
    obj: ObjectField,
    key: string,
    paths: string[] | undefined,
    doc: DocumentContext,
  ): Node | undefined {
    if (!paths) return this.child(obj, key, doc);
    let current = obj;
    for (let i = 0; i < paths.length - 1; i++) {
      const next = this.child(current, paths[i], doc);
      if (!(next instanceof ObjectField)) return undefined;
      current = next;
    }
    return this.child(current, paths[paths.length - 1], doc);
  }

  private containsDisabledObject(obj: ObjectField, paths: string[], doc: DocumentContext): boolean {
    let current = obj;
    for (let i = 0; i < paths.length - 1; i++) {
      const next = this.child(current, paths[i], doc);
      if (!(next instanceof ObjectField)) return false;
      if (!next.isEnabled) return true;
      current = next;
    }
    return false;
  }

  /**
   * DocumentParser#getDynamicParentMapper: the object that receives a new field named by a dotted key,
   * creating the intermediate objects dynamically (or failing under strict).
   */
  private dynamicParent(
    obj: ObjectField,
    dynamic: Dynamic,
    paths: string[] | undefined,
    doc: DocumentContext,
  ): [ObjectField, Dynamic] | undefined {
    if (!paths) return [obj, dynamic];
    let parent = obj;
    let parentDynamic = dynamic;
    for (let i = 0; i < paths.length - 1; i++) {
      const existing = this.child(parent, paths[i], doc);
      if (existing instanceof LeafField) {
        throw mapperParsing(
          `Could not dynamically add mapping for field [${paths.join('.')}]. Existing mapping for [${existing.path}] must be of type object but found [${existing.type}].`,
        );
      }
      if (existing) {
        parent = existing;
        parentDynamic = existing.dynamic ?? parentDynamic;
        continue;
      }
      if (parentDynamic === 'strict' || parentDynamic === 'strict_allow_templates') {
        throw strictDynamic(parentDynamic, parent.fullPath, paths[i]);
      }
      if (parentDynamic === 'false' || parentDynamic === 'false_allow_templates') return undefined;
      const created = new ObjectField(
        paths[i],
        childPath(parent.path, paths[i]),
        new Map(),
        undefined,
        undefined,
        false,
        {},
      );
      doc.dynamic.add(parent, created);
      parent = created;
    }
    return [parent, parentDynamic];
  }

  /** DocumentParser#parseObject: a JSON object under a field name. */
  private parseObjectValue(
    obj: ObjectField,
    dynamic: Dynamic,
    key: string,
    paths: string[] | undefined,
    value: Record<string, unknown>,
    doc: DocumentContext,
  ): void {
    const mapper = this.getMapper(obj, key, paths, doc);
    if (mapper instanceof LeafField) {
      this.parseLeaf(mapper, value, doc);
      return;
    }
    if (mapper) {
      if (mapper.isEnabled)
        this.parseObject(
          mapper,
          mapper.dynamic ?? this.inheritedDynamic(obj, dynamic, paths, doc),
          value,
          doc,
        );
      return;
    }
    const resolved = this.dynamicParent(obj, dynamic, paths, doc);
    if (!resolved) return;
    const [parent, parentDynamic] = resolved;
    const name = paths ? paths[paths.length - 1] : key;
    if (parentDynamic === 'strict' || parentDynamic === 'strict_allow_templates') {
      throw strictDynamic(parentDynamic, obj.fullPath, name);
    }
    if (parentDynamic === 'false' || parentDynamic === 'false_allow_templates') return;
    const created = new ObjectField(
      name,
      childPath(parent.path, name),
      new Map(),
      undefined,
      undefined,
      false,
      {},
    );
    doc.dynamic.add(parent, created);
    this.parseObject(created, 'true', value, doc);
  }

  /** The effective `dynamic` of the object a dotted key leads to (ObjectMapper#dynamic, else inherited). */
  private inheritedDynamic(
    obj: ObjectField,
    dynamic: Dynamic,
    paths: string[] | undefined,
    doc: DocumentContext,
  ): Dynamic {
    if (!paths) return dynamic;
    let current = obj;
    let effective = dynamic;
    for (let i = 0; i < paths.length - 1; i++) {
      const next = this.child(current, paths[i], doc);
      if (!(next instanceof ObjectField)) break;
      current = next;
      effective = next.dynamic ?? effective;
    }
    return effective;
  }

  /** DocumentParser#parseArray / #parseNonDynamicArray */
  private parseArray(
    obj: ObjectField,
    dynamic: Dynamic,
    key: string,
    paths: string[] | undefined,
    values: unknown[],
    doc: DocumentContext,
  ): void {
    const mapper = this.getMapper(obj, key, paths, doc);
    if (mapper instanceof LeafField && mapper.parsesArrayValue) {
      this.parseLeaf(mapper, values, doc);
      return;
    }
    if (!mapper) {
      const resolved = this.dynamicParent(obj, dynamic, paths, doc);
      const parentDynamic = resolved ? resolved[1] : 'false';
      if (parentDynamic === 'strict' || parentDynamic === 'strict_allow_templates') {
        throw strictDynamic(parentDynamic, resolved![0].fullPath, paths ? paths[paths.length - 1] : key);
      }
    }
    for (const v of values) {
      if (v === null || v === undefined) this.parseNull(obj, key, paths, doc);
      else if (Array.isArray(v)) this.parseArray(obj, dynamic, key, paths, v, doc);
      else if (typeof v === 'object')
        this.parseObjectValue(obj, dynamic, key, paths, v as Record<string, unknown>, doc);
      else this.parseScalar(obj, dynamic, key, paths, v, doc);
    }
  }

  /** DocumentParser#parseNullValue: only the parent's own `dynamic` matters here. */
  private parseNull(obj: ObjectField, key: string, paths: string[] | undefined, doc: DocumentContext): void {
    const mapper = this.getMapper(obj, key, paths, doc);
    if (mapper instanceof LeafField) this.parseLeaf(mapper, null, doc);
    else if (!mapper && (obj.dynamic === 'strict' || obj.dynamic === 'strict_allow_templates')) {
      throw strictDynamic(obj.dynamic, obj.fullPath, key);
    }
  }

  /** DocumentParser#parseValue / #parseDynamicValue */
  private parseScalar(
    obj: ObjectField,
    dynamic: Dynamic,
    key: string,
    paths: string[] | undefined,
    value: unknown,
    doc: DocumentContext,
  ): void {
    const mapper = this.getMapper(obj, key, paths, doc);
    if (mapper instanceof LeafField) {
      if (doc.additions?.created.has(mapper)) {
        this.checkSameDynamicType(mapper, value, doc);
        return;
      }
      this.parseLeaf(mapper, value, doc);
      return;
    }
    if (mapper) {
      throw mapperParsing(
        `object mapping for [${mapper.path}] tried to parse field [${key}] as object, but found a concrete value`,
      );
    }
    const resolved = this.dynamicParent(obj, dynamic, paths, doc);
    if (!resolved) return;
    const [parent, parentDynamic] = resolved;
    const name = paths ? paths[paths.length - 1] : key;
    if (parentDynamic === 'strict' || parentDynamic === 'strict_allow_templates') {
      throw strictDynamic(parentDynamic, parent.fullPath, name);
    }
    if (parentDynamic === 'false' || parentDynamic === 'false_allow_templates') return;
    const definition = this.detect(value);
    const leaf = LeafField.parse(
      name,
      childPath(parent.path, name),
      String(definition.type),
      definition,
      doc.ctx.knnEnabled,
    );
    doc.dynamic.add(parent, leaf);
    doc.dynamic.created.add(leaf);
    this.parseLeaf(leaf, value, doc);
  }

  /**
   * A field added by this same document meets another value: OpenSearch builds a second dynamic mapper and the
   * merge of the two (DocumentParser#createDynamicUpdate) fails when the types differ.
   */
  private checkSameDynamicType(existing: LeafField, value: unknown, doc: DocumentContext): void {
    const definition = this.detect(value);
    const type = String(definition.type);
    if (type !== existing.type) {
      doc.dynamic.conflict ??= illegalArgument(
        `mapper [${existing.path}] cannot be changed from type [${existing.type}] to [${type}]`,
      );
      const other = LeafField.parse(existing.name, existing.path, type, definition, doc.ctx.knnEnabled);
      other.parseValue(value, doc.id, new Map());
      return;
    }
    this.parseLeaf(existing, value, doc);
  }

  private parseLeaf(leaf: LeafField, value: unknown, doc: DocumentContext): void {
    leaf.parseValue(value, doc.id, doc.fields);
  }

  /** DocumentParser#createBuilderFromDynamicValue for a scalar JSON value. */
  private detect(value: unknown): Record<string, unknown> {
    if (typeof value === 'boolean') return { type: 'boolean' };
    if (typeof value === 'number') return { type: Number.isSafeInteger(value) ? 'long' : 'float' };
    const text = String(value);
    const asLong =
      /^[+-]?\d+$/.test(text) &&
      BigInt(text) <= 9223372036854775807n &&
      BigInt(text) >= -9223372036854775808n;
    let asDouble = true;
    try {
      javaParseDouble(text);
    } catch {
      asDouble = false;
    }
    if (asLong && this.settings.numericDetection) return { type: 'long' };
    if (asDouble && this.settings.numericDetection) return { type: 'float' };
    if (!asLong && !asDouble && this.settings.dateDetection !== false) {
      for (const formatter of this.dateFormatters) {
        if (formatter.tryParse(text) === undefined) continue;
        return formatter.pattern === DEFAULT_DATE_FORMAT
          ? { type: 'date' }
          : { type: 'date', format: formatter.pattern };
      }
    }
    return { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
  }

  // ---- definitions --------------------------------------------------------------------------------------------

  private static parseRaw(definition: unknown, ctx: MappingContext): Mappings {
    if (definition === undefined || definition === null)
      return new Mappings(Mappings.empty().root, {}, ctx.knnEnabled);
    if (!isPlainObject(definition))
      throw mapperParsing('Failed to parse mapping: the mapping definition must be an object');
    let body = definition;
    // DocumentMapperParser#extractMapping: a mapping wrapped in its type name
    const keys = Object.keys(body);
    if (keys.length === 1 && keys[0] === ROOT_NAME && isPlainObject(body[ROOT_NAME]))
      body = body[ROOT_NAME] as Record<string, unknown>;
    const settings: RootSettings = {};
    let dynamic: Dynamic | undefined;
    let enabled: boolean | undefined;
    let props: Map<string, Node> = new Map();
    const unsupported: [string, unknown][] = [];
    for (const [key, value] of Object.entries(body)) {
      switch (key) {
        case 'properties':
          props = parseProperties(value, '', ROOT_NAME, ctx);
          break;
        case 'dynamic':
          dynamic = parseDynamic(value, ROOT_NAME);
          break;
        case 'enabled':
          enabled = booleanSetting(value, `${ROOT_NAME}.enabled`);
          break;
        case 'date_detection':
          settings.dateDetection = booleanSetting(value, 'date_detection');
          break;
        case 'numeric_detection':
          settings.numericDetection = booleanSetting(value, 'numeric_detection');
          break;
        case 'dynamic_date_formats': {
          const formats = Array.isArray(value) ? value.map(String) : [String(value)];
          for (const format of formats) DateFormatter.forPattern(format);
          settings.dynamicDateFormats = formats;
          break;
        }
        case 'dynamic_templates':
          if (!Array.isArray(value))
            throw mapperParsing(`Dynamic template syntax error. An array of named objects is expected.`);
          settings.dynamicTemplates = value;
          break;
        case '_meta':
          if (value !== null && !isPlainObject(value)) {
            throw mapperParsing(`[_meta] must be an object, got ${javaPreview(value)}`);
          }
          settings.meta = value;
          break;
        case '_source':
          settings.source = value;
          break;
        case '_routing':
          settings.routing = value;
          break;
        case '_field_names':
          settings.fieldNames = value;
          break;
        default:
          unsupported.push([key, value]);
      }
    }
    if (unsupported.length > 0) {
      throw mapperParsing(`Root mapping definition has unsupported parameters: ${remaining(unsupported)}`);
    }
    const root = new ObjectField(ROOT_NAME, '', props, dynamic, enabled, false, {});
    return new Mappings(root, settings, ctx.knnEnabled);
  }

  private mergeWith(update: Mappings, reason: MergeReason, ctx: MappingContext): Mappings {
    const root = mergeObjects(this.root, update.root, reason, ctx);
    const settings: RootSettings = { ...this.settings };
    for (const [key, value] of Object.entries(update.settings)) {
      if (value !== undefined) (settings as Record<string, unknown>)[key] = value;
    }
    return new Mappings(root, settings, ctx.knnEnabled);
  }
}

/** MapperService#internalMerge wraps whatever parsing a definition throws. */
function wrapParse<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof OpenSearchError)) throw error;
    throw mapperParsing(`Failed to parse mapping [${ROOT_NAME}]: ${error.reason}`, error);
  }
}

/** DocumentParser#wrapInMapperParsingException */
function wrapInMapperParsingException(error: unknown): unknown {
  if (!(error instanceof OpenSearchError)) return error;
  if (error.type === 'mapper_parsing_exception' || error.type === 'strict_dynamic_mapping_exception')
    return error;
  return mapperParsing('failed to parse', error);
}

const strictDynamic = (dynamic: string, path: string, field: string): OpenSearchError =>
  new OpenSearchError(
    400,
    'strict_dynamic_mapping_exception',
    `mapping set to ${dynamic}, dynamic introduction of [${field}] within [${path}] is not allowed`,
  );

/** DocumentParser#splitAndValidatePath */
function splitAndValidatePath(fullFieldPath: string): string[] {
  if (fullFieldPath.length === 0) throw illegalArgument('field name cannot be an empty string');
  const parts = fullFieldPath.split('.');
  // Java's String#split drops trailing empty strings
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0) throw illegalArgument('field name cannot contain only the character [.]');
  for (const part of parts) {
    if (part.trim().length === 0) {
      if (part.length > 0)
        throw illegalArgument(`object field cannot contain only whitespace: ['${fullFieldPath}']`);
      throw illegalArgument(
        `object field starting or ending with a [.] makes object resolution ambiguous: [${fullFieldPath}]`,
      );
    }
  }
  if (fullFieldPath.endsWith('.')) {
    throw illegalArgument(
      `object field starting or ending with a [.] makes object resolution ambiguous: [${fullFieldPath}]`,
    );
  }
  return parts;
}

/** ObjectMapper.TypeParser#parseProperties */
function parseProperties(
  value: unknown,
  parentPath: string,
  parentName: string,
  ctx: MappingContext,
): Map<string, Node> {
  const props = new Map<string, Node>();
  if (Array.isArray(value) && value.length === 0) return props;
  if (!isPlainObject(value)) {
    throw mapperParsing(
      `Expected map for property [properties] on field [${parentName}] but got a ${javaPreview(value)}`,
    );
  }
  for (const [fieldName, node] of Object.entries(value)) {
    if (fieldName.length === 0) throw mapperParsing('name cannot be empty string');
    if (!isPlainObject(node)) {
      throw mapperParsing(
        `Expected map for property [fields] on field [${fieldName}] but got a class java.lang.String`,
      );
    }
    let type: string;
    if (node.type !== undefined && node.type !== null) type = String(node.type);
    else if (node.properties !== undefined) type = 'object';
    else if (Object.keys(node).length === 1 && node.enabled !== undefined) type = 'object';
    else throw mapperParsing(`No type specified for field [${fieldName}]`);
    if (type !== 'object' && type !== 'nested' && !isLeafType(type)) {
      throw mapperParsing(`No handler for type [${type}] declared on field [${fieldName}]`);
    }
    // a dotted name in a mapping stands for objects (ObjectMapper.TypeParser#parseProperties)
    const parts = fieldName.split('.');
    const simple = parts[parts.length - 1];
    const prefix = parts.slice(0, -1);
    let path = parentPath;
    for (const part of prefix) path = childPath(path, part);
    let built: Node =
      type === 'object' || type === 'nested'
        ? parseObjectDefinition(simple, childPath(path, simple), type === 'nested', node, ctx)
        : LeafField.parse(simple, childPath(path, simple), type, node, ctx.knnEnabled);
    for (let i = prefix.length - 1; i >= 0; i--) {
      const objectPath = prefix.slice(0, i + 1).reduce(childPath, parentPath);
      built = new ObjectField(
        prefix[i],
        objectPath,
        new Map([[built.name, built]]),
        undefined,
        undefined,
        false,
        {},
      );
    }
    const existing = props.get(built.name);
    props.set(built.name, existing ? mergeNodes(existing, built, 'index_template', ctx) : built);
  }
  return props;
}

function parseObjectDefinition(
  name: string,
  path: string,
  nested: boolean,
  node: Record<string, unknown>,
  ctx: MappingContext,
): ObjectField {
  let dynamic: Dynamic | undefined;
  let enabled: boolean | undefined;
  let props: Map<string, Node> = new Map();
  const extra: Record<string, unknown> = {};
  const unsupported: [string, unknown][] = [];
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case 'type':
        break;
      case 'properties':
        props = parseProperties(value, path, name, ctx);
        break;
      case 'dynamic':
        dynamic = parseDynamic(value, name);
        break;
      case 'enabled':
        enabled = booleanSetting(value, `${name}.enabled`);
        break;
      case 'include_in_parent':
      case 'include_in_root':
        if (nested) {
          extra[key] = booleanSetting(value, `${name}.${key}`);
          break;
        }
        unsupported.push([key, value]);
        break;
      default:
        unsupported.push([key, value]);
    }
  }
  if (unsupported.length > 0) {
    throw mapperParsing(
      `Mapping definition for [${name}] has unsupported parameters: ${remaining(unsupported)}`,
    );
  }
  return new ObjectField(name, path, props, dynamic, enabled, nested, extra);
}

/** ObjectMapper#doMerge (and FieldMapper#merge for leaves). */
function mergeObjects(
  current: ObjectField,
  update: ObjectField,
  reason: MergeReason,
  ctx: MappingContext,
): ObjectField {
  let enabled = current.enabled;
  if (update.enabled !== undefined) {
    if (reason === 'index_template') enabled = update.enabled;
    else if (current.isEnabled !== update.isEnabled) {
      throw new OpenSearchError(
        400,
        'mapper_exception',
        `the [enabled] parameter can't be updated for the object mapping [${current.fullPath}]`,
      );
    }
  }
  const props = new Map(current.props);
  for (const [name, node] of update.props) {
    const existing = props.get(name);
    props.set(name, existing ? mergeNodes(existing, node, reason, ctx) : node);
  }
  return current.with(props, update.dynamic ?? current.dynamic, enabled);
}

function mergeNodes(existing: Node, update: Node, reason: MergeReason, ctx: MappingContext): Node {
  if (existing instanceof ObjectField) {
    if (!(update instanceof ObjectField)) {
      throw illegalArgument(`can't merge a non object mapping [${update.path}] with an object mapping`);
    }
    return mergeObjects(existing, update, reason, ctx);
  }
  if (update instanceof ObjectField) {
    throw illegalArgument(`Can't merge a non object mapping [${update.path}] with an object mapping`);
  }
  return reason === 'index_template' ? update : existing.merge(update, ctx.knnEnabled);
}

/** ObjectMapper#toXContent: "properties" sorted by name; `type: object` only on an object without properties. */
function propertiesJSON(obj: ObjectField): Record<string, unknown> | undefined {
  if (obj.props.size === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const name of [...obj.props.keys()].sort()) {
    const node = obj.props.get(name)!;
    out[name] = node instanceof LeafField ? node.toJSON() : objectJSON(node);
  }
  return out;
}

function objectJSON(obj: ObjectField): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj.nested) {
    out.type = 'nested';
    Object.assign(out, obj.extra);
  } else if (obj.props.size === 0) out.type = 'object';
  if (obj.dynamic !== undefined) out.dynamic = obj.dynamic;
  if (obj.enabled !== undefined) out.enabled = obj.enabled;
  const properties = propertiesJSON(obj);
  if (properties) out.properties = properties;
  return out;
}
