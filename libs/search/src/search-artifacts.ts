import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { SearchNames } from './search-names';

type JsonObject = Record<string, unknown>;

/** A component or index template read from `index-templates/`, as it will be put (prefix applied, checksum stamped). */
export interface TemplateArtifact {
  /** name in the engine */
  name: string;
  file: string;
  /** `_meta.version` of the file */
  version: number | undefined;
  /** sha256 of the body without the checksum; stamped in `_meta.checksum` */
  checksum: string;
  /** what is put: the file's body, prefix applied, `_meta.checksum` added */
  body: JsonObject;
}

/** A stored script of `painless/manifest.json`, put with the `score` context so the engine compiles it. */
export interface ScriptArtifact {
  id: string;
  file: string;
  description: string;
  source: string;
  /** sha256 of the source, for reports (the engine keeps no `_meta` on scripts: the installer compares sources) */
  checksum: string;
}

export interface SearchArtifacts {
  componentTemplates: TemplateArtifact[];
  indexTemplates: TemplateArtifact[];
  scripts: ScriptArtifact[];
  /** things worth telling the operator (e.g. no manifest) */
  notes: string[];
}

export interface ArtifactLocations {
  /** directory of `*.component-template.json` and `*.index-template.json` */
  templatesDir: string;
  /** directory of `manifest.json` and the `.painless` files */
  painlessDir: string;
}

const COMPONENT_SUFFIX = '.component-template.json';
const INDEX_SUFFIX = '.index-template.json';
const SCRIPT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A file that cannot become an artifact; the message names the file and the problem. */
export class ArtifactError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ArtifactError';
  }
}

/**
 * Reads every artifact from disk and checks it is well formed, before anything is sent to the engine: a bad file
 * stops the install with its name instead of leaving half the artifacts put.
 */
export async function loadSearchArtifacts(
  locations: ArtifactLocations,
  names: SearchNames,
): Promise<SearchArtifacts> {
  const notes: string[] = [];
  const files = (await readdir(locations.templatesDir)).sort();
  const componentTemplates: TemplateArtifact[] = [];
  const indexTemplates: TemplateArtifact[] = [];
  for (const file of files) {
    const path = join(locations.templatesDir, file);
    if (file.endsWith(COMPONENT_SUFFIX)) {
      const body = await readJsonObject(path);
      if (!isObject(body.template))
        throw new ArtifactError(path, 'a component template needs a "template" object');
      componentTemplates.push(
        templateArtifact(path, names.template(file.slice(0, -COMPONENT_SUFFIX.length)), body),
      );
    } else if (file.endsWith(INDEX_SUFFIX)) {
      const body = await readJsonObject(path);
      indexTemplates.push(
        templateArtifact(
          path,
          names.template(file.slice(0, -INDEX_SUFFIX.length)),
          prefixIndexTemplate(path, body, names),
        ),
      );
    }
  }
  if (componentTemplates.length + indexTemplates.length === 0) {
    notes.push(`no templates in ${locations.templatesDir}`);
  }
  const scripts = await loadScripts(locations.painlessDir, notes);
  return { componentTemplates, indexTemplates, scripts, notes };
}

/** Canonical JSON: object keys sorted at every level, so that the checksum does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** The checksum of a template body, ignoring a checksum already stamped in it. */
export function templateChecksum(body: JsonObject): string {
  const meta = isObject(body._meta) ? { ...body._meta } : undefined;
  if (meta) delete meta.checksum;
  return sha256(canonicalJson({ ...body, ...(meta && { _meta: meta }) }));
}

/** The checksum stamped in a template the engine returned, if any. */
export function stampedChecksum(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body._meta)) return undefined;
  return typeof body._meta.checksum === 'string' ? body._meta.checksum : undefined;
}

function templateArtifact(file: string, name: string, body: JsonObject): TemplateArtifact {
  if (body._meta !== undefined && !isObject(body._meta))
    throw new ArtifactError(file, '"_meta" must be an object');
  const meta = (body._meta as JsonObject | undefined) ?? {};
  const version = typeof meta.version === 'number' ? meta.version : undefined;
  const checksum = templateChecksum(body);
  return { name, file, version, checksum, body: { ...body, _meta: { ...meta, checksum } } };
}

/** The prefix goes before each index pattern and each component name, so prefixed deployments never overlap. */
function prefixIndexTemplate(file: string, body: JsonObject, names: SearchNames): JsonObject {
  const patterns = body.index_patterns;
  if (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((p) => typeof p === 'string')) {
    throw new ArtifactError(file, '"index_patterns" must be a non-empty array of strings');
  }
  const composedOf = body.composed_of ?? [];
  if (!Array.isArray(composedOf) || !composedOf.every((c) => typeof c === 'string')) {
    throw new ArtifactError(file, '"composed_of" must be an array of strings');
  }
  return {
    ...body,
    index_patterns: (patterns as string[]).map((p) => names.indexPattern(p)),
    ...(body.composed_of !== undefined && {
      composed_of: (composedOf as string[]).map((c) => names.template(c)),
    }),
  };
}

async function loadScripts(painlessDir: string, notes: string[]): Promise<ScriptArtifact[]> {
  const manifestPath = join(painlessDir, 'manifest.json');
  let manifest: JsonObject;
  try {
    manifest = await readJsonObject(manifestPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      notes.push(`no ${manifestPath}: no stored scripts to install`);
      return [];
    }
    throw error;
  }
  if (!Array.isArray(manifest.scripts)) throw new ArtifactError(manifestPath, '"scripts" must be an array');
  const root = resolve(painlessDir);
  const seen = new Set<string>();
  const scripts: ScriptArtifact[] = [];
  for (const [i, entry] of (manifest.scripts as unknown[]).entries()) {
    const where = `scripts[${i}]`;
    if (!isObject(entry)) throw new ArtifactError(manifestPath, `${where} must be an object`);
    const { id, file, description } = entry;
    if (typeof id !== 'string' || !SCRIPT_ID_PATTERN.test(id)) {
      throw new ArtifactError(
        manifestPath,
        `${where}.id must be letters, digits, '_', '.' or '-', got ${JSON.stringify(id)}`,
      );
    }
    if (seen.has(id)) throw new ArtifactError(manifestPath, `${where}.id ${id} appears twice`);
    seen.add(id);
    if (typeof file !== 'string' || !file.endsWith('.painless')) {
      throw new ArtifactError(
        manifestPath,
        `${where}.file must name a .painless file, got ${JSON.stringify(file)}`,
      );
    }
    const path = resolve(root, file);
    // The manifest names files of this directory only.
    if (!path.startsWith(root + sep))
      throw new ArtifactError(manifestPath, `${where}.file must stay inside ${root}`);
    let source: string;
    try {
      source = await readFile(path, 'utf8');
    } catch (error) {
      throw new ArtifactError(
        manifestPath,
        `${where}.file ${file} cannot be read (${(error as Error).message})`,
      );
    }
    if (source.trim() === '') throw new ArtifactError(path, 'the script is empty');
    scripts.push({
      id,
      file: path,
      description: typeof description === 'string' ? description : basename(file),
      source,
      checksum: sha256(source),
    });
  }
  return scripts;
}

async function readJsonObject(path: string): Promise<JsonObject> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(path, `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new ArtifactError(path, 'must hold a JSON object');
  return parsed;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
