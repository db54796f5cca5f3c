import { OpenSearchError } from '../errors';

/** A JSON text kept verbatim (a document's `_source` as it was given) and spliced into a response as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

const RAW_MARK = '\u0000raw:';

/** JSON.stringify that writes RawJson values verbatim. */
export function stringifyResponse(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `${RAW_MARK}${raws.length - 1}`;
    }
    return v;
  });
  if (raws.length === 0) return text;
  return text.replace(/"\\u0000raw:(\d+)"/g, (_m, i: string) => raws[Number(i)]);
}

/** The exception OpenSearch's JSON parser (Jackson) raises for malformed JSON. */
export function jsonParseError(error: unknown, text: string): OpenSearchError {
  const detail = error instanceof Error ? error.message : String(error);
  const preview = text.length > 100 ? `${text.slice(0, 100)}...` : text;
  return new OpenSearchError(400, 'json_parse_exception', `${detail} at [Source: (String)"${preview}"]`);
}

/** Parses a JSON text; malformed input becomes a json_parse_exception (wrapped by the caller if OpenSearch wraps it). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonParseError(error, text);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `?pretty`: Jackson's DefaultPrettyPrinter as OpenSearch configures it: two-space indents, `"key" : value`,
 * `{ }` and `[ ]` when empty, a trailing newline.
 */
export function prettyJson(text: string): string {
  const write = (value: unknown, indent: string): string => {
    if (Array.isArray(value)) {
      if (value.length === 0) return '[ ]';
      const inner = indent + '  ';
      return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
    }
    if (isPlainObject(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) return '{ }';
      const inner = indent + '  ';
      return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${write(v, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(value);
  };
  return `${write(JSON.parse(text), '')}\n`;
}
