import { analyzeStandard, analyzeUnicode } from './standard-analyzer';

// Expected tokens follow UAX #29 word boundaries as Lucene's StandardTokenizer applies them, then lowercasing.
describe('analyzeStandard (StandardTokenizer + LowerCaseFilter)', () => {
  it.each([
    ['The QUICK brown fox!', ['the', 'quick', 'brown', 'fox']],
    ['U.S.A.', ['u.s.a']], // MidNumLet '.' between letters joins (WB6/7); the trailing '.' is dropped
    ["O'Neil's", ["o'neil's"]], // single quote between letters joins
    ['3.14', ['3.14']], // MidNumLet between digits joins (WB11/12)
    ['1,000.50', ['1,000.50']], // MidNum ',' between digits joins
    ['e-mail', ['e', 'mail']], // '-' is not a mid-word character
    ['wi-fi', ['wi', 'fi']],
    ['hello_world', ['hello_world']], // ExtendNumLet joins (WB13a/b)
    ['_foo_ __', ['_foo_']], // ExtendNumLet alone makes no token
    ['Café', ['café']],
    ['abc123 2024年', ['abc123', '2024', '年']], // letters and digits join (WB9/10); ideographs stand alone
    ['東京タワー', ['東', '京', 'タワー']], // one token per ideograph, Katakana runs together (WB13)
    ['ひらがな', ['ひ', 'ら', 'が', 'な']], // one token per Hiragana character
    ['한국어 텍스트', ['한국어', '텍스트']],
    ['ภาษาไทย', ['ภาษาไทย']], // complex-context run as one token
    ['john.doe@example.com', ['john.doe', 'example.com']],
    ['https://www.example.com/path?q=1', ['https', 'www.example.com', 'path', 'q', '1']],
    ['x:y', ['x:y']], // ':' is MidLetter
    ['a.b. 1.2.3', ['a.b', '1.2.3']],
    ['I ❤️ pizza 👍🏽 🇫🇷', ['i', '❤️', 'pizza', '👍🏽', '🇫🇷']], // emoji sequences are tokens
    ['ΟΔΟΣ', ['οδοσ']], // Character.toLowerCase per code point: no final sigma
    ['İstanbul', ['istanbul']],
    ['', []],
    ['  ...  ', []],
  ])('%j', (text, tokens) => {
    expect(analyzeStandard(text)).toEqual(tokens);
  });

  it('splits tokens longer than max_token_length (255)', () => {
    const long = 'a'.repeat(600);
    expect(analyzeStandard(long).map((t) => t.length)).toEqual([255, 255, 90]);
  });
});

describe('the ASCII fast path', () => {
  it('tokenizes every ASCII text as the full grammar does', () => {
    // A seeded generator over the characters that matter to the ASCII rules.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'aZ9_:.\',;"- x1bQ!?';
    for (let round = 0; round < 5000; round++) {
      let text = '';
      const length = 1 + Math.floor(random() * 12);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect({ text, tokens: analyzeStandard(text) }).toEqual({ text, tokens: analyzeUnicode(text) });
    }
  });
});
