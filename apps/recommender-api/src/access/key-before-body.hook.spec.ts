import { carriesBody } from './key-before-body.hook';

describe('carriesBody', () => {
  it('is true for a body of some length or a chunked one, false for none or an empty one', () => {
    expect(carriesBody({ 'content-length': '12' })).toBe(true);
    expect(carriesBody({ 'transfer-encoding': 'chunked' })).toBe(true);
    expect(carriesBody({ 'content-length': '0' })).toBe(false);
    expect(carriesBody({})).toBe(false);
  });
});
