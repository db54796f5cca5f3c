import { decodeRecord, encodeRecord } from './record-codec';
import { WalRecord } from './records';

describe('record codec', () => {
  it('keeps a document source as raw text after the header, and reads it back verbatim', () => {
    const record: WalRecord = {
      op: 'index',
      index: 'places',
      id: 'p1',
      version: 2,
      seqNo: 7,
      primaryTerm: 1,
      source: '{\n  "name": "Caf\\u00e9 \\"A\\"",\n  "rating": 4.0\n}',
    };
    const payload = encodeRecord(record);
    expect(payload).toBe(
      '{"op":"index","index":"places","id":"p1","version":2,"seqNo":7,"primaryTerm":1}\n{\n  "name": "Caf\\u00e9 \\"A\\"",\n  "rating": 4.0\n}',
    );
    expect(decodeRecord(Buffer.from(payload))).toEqual(record);
  });

  it('writes other records as plain JSON', () => {
    const record: WalRecord = {
      op: 'delete',
      index: 'places',
      id: 'p1',
      version: 3,
      seqNo: 8,
      primaryTerm: 1,
    };
    expect(encodeRecord(record)).toBe(JSON.stringify(record));
    expect(decodeRecord(Buffer.from(encodeRecord(record)))).toEqual(record);
  });

  it('fails on a malformed header', () => {
    expect(() => decodeRecord(Buffer.from('{"op":\n{}'))).toThrow(SyntaxError);
  });
});
