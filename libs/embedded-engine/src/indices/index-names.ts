import { invalidIndexName } from '../errors';

const INVALID_CHARS = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':'];

/** MetadataCreateIndexService#validateIndexOrAliasName and validateIndexName, with OpenSearch's messages. */
export function validateIndexName(name: string): void {
  for (const c of INVALID_CHARS) {
    if (name.includes(c)) {
      if (c === ':') throw invalidIndexName(name, `must not contain ':'`);
      if (c === '#') throw invalidIndexName(name, `must not contain '#'`);
      throw invalidIndexName(
        name,
        `must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]`,
      );
    }
  }
  if (name.startsWith('_') || name.startsWith('-') || name.startsWith('+')) {
    throw invalidIndexName(name, `must not start with '_', '-', or '+'`);
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > 255) throw invalidIndexName(name, `index name is too long, (${bytes} > 255)`);
  if (name === '.' || name === '..') throw invalidIndexName(name, `must not be '.' or '..'`);
  if (name.length === 0) throw invalidIndexName(name, 'must not be empty');
  if (name !== name.toLowerCase()) throw invalidIndexName(name, 'must be lowercase');
}

/** OpenSearch's Regex.simpleMatch: `*` matches any run of characters. */
export function simpleMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  if (!value.startsWith(parts[0]) || !value.endsWith(parts[parts.length - 1])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = value.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  return at <= value.length - parts[parts.length - 1].length;
}
