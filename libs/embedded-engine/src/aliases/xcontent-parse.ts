import { illegalArgument, OpenSearchError } from '../errors';

/**
 * Errors of OpenSearch's ObjectParser / ConstructingObjectParser (XContentParseException), with the
 * `[line:col]` of the token Jackson reports. We find the field in the request text; when the text is not at
 * hand (or the field cannot be found) we report `[1:2]`, the first field of a one-line body.
 */
export function fieldLocation(text: string | undefined, field: string, from = 0): string {
  if (text) {
    const re = new RegExp(`"${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`, 'g');
    re.lastIndex = from;
    const match = re.exec(text);
    if (match) return lineColumn(text, match.index);
  }
  return '[1:2]';
}

/** Jackson's 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `[${line}:${offset - lineStart + 1}]`;
}

/** ObjectParser's "[parser] unknown field [x]" (SuggestingErrorOnUnknown: suggestions only for close names). */
export function unknownField(parser: string, field: string, text?: string): OpenSearchError {
  return new OpenSearchError(
    400,
    'x_content_parse_exception',
    `${fieldLocation(text, field)} [${parser}] unknown field [${field}]`,
  );
}

/** ObjectParser's wrapper when a field's value could not be parsed or was refused. */
export function failedToParseField(
  parser: string,
  field: string,
  cause: OpenSearchError,
  text?: string,
): OpenSearchError {
  return new OpenSearchError(
    400,
    'x_content_parse_exception',
    `${fieldLocation(text, field)} [${parser}] failed to parse field [${field}]`,
    {},
    cause,
  );
}

/** `declareStringArray`: a string or an array of strings (numbers and booleans are taken as their text). */
export function stringArray(parser: string, field: string, value: unknown, text?: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw failedToParseField(
      parser,
      field,
      illegalArgument(`[${field}] must be a string or an array of strings`),
      text,
    );
  });
}

/** `declareLong`: a number or a numeric string. */
export function longValue(parser: string, field: string, value: unknown, text?: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) {
    throw failedToParseField(
      parser,
      field,
      illegalArgument(`[${field}] must be a number, got [${JSON.stringify(value)}]`),
      text,
    );
  }
  return Math.trunc(n);
}

/** XContentParser#booleanValue: true/false, or the strings "true"/"false". */
export function booleanValue(parser: string, field: string, value: unknown, text?: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw failedToParseField(
    parser,
    field,
    illegalArgument(`Failed to parse value [${String(value)}] as only [true] or [false] are allowed.`),
    text,
  );
}
