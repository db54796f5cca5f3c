import { WalRecord } from './records';

/**
 * How a record is written in a frame: its JSON, except that a document's `_source` follows the JSON of the rest after
 * a newline, as the raw text it was given (JSON text never holds a raw newline, so the first one is the boundary).
 * The source is then neither escaped on write nor unescaped on recovery: it is sliced out as it is.
 */
export function encodeRecord(record: { op: string }): string {
  if (record.op !== 'index') return JSON.stringify(record);
  const { source, ...header } = record as Extract<WalRecord, { op: 'index' }>;
  return `${JSON.stringify(header)}\n${source}`;
}

const NEWLINE = 0x0a;

/**
 * Reverses encodeRecord from a frame's bytes; throws SyntaxError on malformed JSON. The source is decoded on its own,
 * so the string kept for it holds nothing of the header.
 */
export function decodeRecord(payload: Buffer): unknown {
  const newline = payload.indexOf(NEWLINE);
  if (newline < 0) return JSON.parse(payload.toString('utf8'));
  const header = JSON.parse(payload.toString('utf8', 0, newline)) as Record<string, unknown>;
  header.source = payload.toString('utf8', newline + 1);
  return header;
}
