import type { IncomingMessage } from 'node:http';
import { isSafeRequestId, requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function request(header?: string | string[]): IncomingMessage {
  return { headers: header === undefined ? {} : { 'x-request-id': header } } as IncomingMessage;
}

describe('request ids', () => {
  it('keeps a short token of letters, digits and _ . : -', () => {
    for (const id of ['abc', 'req-42', '4bf92f3577b34da6a3ce929d0e0e4736', 'gw:eu-1.9_x', 'a'.repeat(64)]) {
      expect(isSafeRequestId(id)).toBe(true);
      expect(requestIdOf(request(id))).toBe(id);
    }
  });

  it('replaces anything else with a new UUID: too long, spaces, line breaks, quotes, empty, repeated headers', () => {
    const unsafe = ['a'.repeat(65), 'two words', 'x\ny', 'x"y', '', 'ünïcode', ['a', 'b']];
    for (const header of unsafe) {
      expect(isSafeRequestId(header)).toBe(false);
      const id = requestIdOf(request(header));
      expect(id).toMatch(UUID);
    }
    expect(requestIdOf(request())).toMatch(UUID);
  });

  it('gives one request the same id every time it is asked, and two requests different ones', () => {
    const first = request();
    const second = request();
    expect(requestIdOf(first)).toBe(requestIdOf(first));
    expect(requestIdOf(first)).not.toBe(requestIdOf(second));
  });
});
