import { mayHoldDecimalIntegers, parseJsonKeepingDecimals } from './json-decimals';
import { OpenSearchError } from '../errors';

/**
 * Raw texts met while `stringifyResponse` runs; `RawJson#toJSON` leaves a numbered marker in their place, tagged with
 * a nonce of that call so that no string of a user's (an id, a reason quoting input) can pass for a marker.
 */
let rawSlots: string[] | undefined;
let rawNonce = '';

/** A JSON text kept verbatim (a document's `_source` as it was given, a float score) and spliced into a response as is. */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    if (!rawSlots) return JSON.parse(this.text);
    rawSlots.push(this.text);
    return `${RAW_MARK}${rawNonce}:${rawSlots.length - 1}`;
  }
}

const RAW_MARK = '\u0000raw:';

/** JSON.stringify that writes RawJson values verbatim (no replacer: the rest keeps JSON.stringify's fast path). */
export function stringifyResponse(value: unknown): string {
  const slots: string[] = [];
  const nonce = Math.random().toString(36).slice(2, 10);
  rawSlots = slots;
  rawNonce = nonce;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    rawSlots = undefined;
  }
  if (slots.length === 0) return text;
  // each marker, `"\u0000raw:<nonce>:<slot>"` as JSON writes it, found with indexOf and replaced by its slot's text
  // (a regular expression replace cost four times as much on a response of a few hundred hits)
  const prefix = `"\\u0000raw:${nonce}:`;
  const pieces: string[] = [];
  let from = 0;
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, from)) {
    const end = text.indexOf('"', at + prefix.length);
    pieces.push(text.slice(from, at), slots[Number(text.slice(at + prefix.length, end))]);
    from = end + 1;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
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
    // script params keep the spelling of their numbers (json-decimals.ts)
    return text.includes('"params"') && mayHoldDecimalIntegers(text)
      ? parseJsonKeepingDecimals(text)
      : JSON.parse(text);
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
