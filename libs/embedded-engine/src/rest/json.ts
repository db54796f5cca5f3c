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
