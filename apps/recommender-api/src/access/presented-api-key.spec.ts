import { presentedApiKey } from './presented-api-key';

describe('presentedApiKey', () => {
  it('takes the key from x-api-key', () => {
    expect(presentedApiKey({ 'x-api-key': 'rk_1' })).toEqual({ key: 'rk_1', header: 'x-api-key' });
    expect(presentedApiKey({ 'x-api-key': '  rk_1 ' })).toEqual({ key: 'rk_1', header: 'x-api-key' });
  });

  it('takes the key from Authorization: Bearer, the scheme in any case', () => {
    for (const authorization of ['Bearer rk_2', 'bearer rk_2', 'BEARER   rk_2 ']) {
      expect(presentedApiKey({ authorization })).toEqual({ key: 'rk_2', header: 'Authorization' });
    }
  });

  it('accepts both headers when they agree, and refuses two different keys', () => {
    expect(presentedApiKey({ 'x-api-key': 'rk_1', authorization: 'Bearer rk_1' })).toEqual({
      key: 'rk_1',
      header: 'x-api-key',
    });
    expect(presentedApiKey({ 'x-api-key': 'rk_1', authorization: 'Bearer rk_2' })).toEqual({
      problem: 'conflicting',
    });
  });

  it('finds no key in nothing, an empty header, another scheme, or a Bearer without a token', () => {
    for (const headers of [
      {},
      { 'x-api-key': '' },
      { 'x-api-key': '   ' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer a b' },
    ]) {
      expect(presentedApiKey(headers)).toEqual({ problem: 'missing' });
    }
  });

  it('keeps an other scheme from hiding x-api-key', () => {
    expect(presentedApiKey({ 'x-api-key': 'rk_1', authorization: 'Basic x' })).toEqual({
      key: 'rk_1',
      header: 'x-api-key',
    });
  });
});
