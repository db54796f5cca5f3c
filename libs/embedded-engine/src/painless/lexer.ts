import { PainlessCompileError } from './errors';

/** One token of Painless source (PainlessLexer.g4); `start`/`end` are offsets in the source. */
export interface Token {
  kind: 'num' | 'str' | 'id' | 'dotid' | 'dotint' | 'op' | 'eof';
  text: string;
  start: number;
  end: number;
}

/** Operators and punctuation, longest first so that the scanner takes the longest match (as ANTLR's lexer does). */
const OPERATORS = [
  '>>>=',
  '===',
  '!==',
  '>>>',
  '<<=',
  '>>=',
  '==~',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '^=',
  '|=',
  '<<',
  '>>',
  '?.',
  '?:',
  '::',
  '->',
  '=~',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '.',
  ',',
  ';',
  '!',
  '~',
  '*',
  '/',
  '%',
  '+',
  '-',
  '<',
  '>',
  '&',
  '^',
  '|',
  '?',
  ':',
  '=',
];

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdPart = (c: string): boolean => isIdStart(c) || isDigit(c);

/**
 * Splits Painless source into tokens. After `.` or `?.` the lexer is in AFTER_DOT mode, where `0` or `name` are
 * DOTINTEGER / DOTID (so `list.0` and `map.if` work). Regex literals are not supported (scoring scripts do not use them).
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let afterDot = false;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) throw new PainlessCompileError('unterminated comment', i);
      i = close + 2;
      continue;
    }
    const start = i;
    if (afterDot) {
      afterDot = false;
      if (isIdStart(c)) {
        while (i < n && isIdPart(source[i])) i++;
        tokens.push({ kind: 'dotid', text: source.slice(start, i), start, end: i });
        continue;
      }
      if (isDigit(c)) {
        if (c === '0') i++;
        else while (i < n && isDigit(source[i])) i++;
        tokens.push({ kind: 'dotint', text: source.slice(start, i), start, end: i });
        continue;
      }
      throw new PainlessCompileError(`unexpected character [${c}] after [.]`, i);
    }
    if (isDigit(c)) {
      i = scanNumber(source, i);
      tokens.push({ kind: 'num', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (isIdStart(c)) {
      while (i < n && isIdPart(source[i])) i++;
      tokens.push({ kind: 'id', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= n) throw new PainlessCompileError('unterminated string', start);
        const ch = source[i];
        if (ch === c) {
          i++;
          break;
        }
        if (ch === '\\') {
          // STRING: only \" (or \') and \\ are escapes; anything else after a backslash is not a string token
          const next = source[i + 1];
          if (next !== c && next !== '\\') {
            throw new PainlessCompileError(
              `invalid sequence of tokens near ['${source.slice(start, i + 2)}']`,
              i,
            );
          }
          text += next;
          i += 2;
          continue;
        }
        text += ch;
        i++;
      }
      tokens.push({ kind: 'str', text, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new PainlessCompileError(`unexpected character [${c}]`, i);
    i += op.length;
    tokens.push({ kind: 'op', text: op, start, end: i });
    if (op === '.' || op === '?.') afterDot = true;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: n, end: n });
  return tokens;
}

/** OCTAL | HEX | INTEGER | DECIMAL from PainlessLexer.g4, longest match. */
function scanNumber(s: string, i: number): number {
  const n = s.length;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    i += 2;
    while (i < n && /[0-9a-fA-F]/.test(s[i])) i++;
    if (s[i] === 'l' || s[i] === 'L') i++;
    return i;
  }
  if (s[i] === '0' && isDigit(s[i + 1] ?? '')) {
    i++;
    while (i < n && s[i] >= '0' && s[i] <= '7') i++;
    if (s[i] === 'l' || s[i] === 'L') i++;
    return i;
  }
  if (s[i] === '0') i++;
  else while (i < n && isDigit(s[i])) i++;
  let decimal = false;
  if (s[i] === '.' && isDigit(s[i + 1] ?? '')) {
    decimal = true;
    i++;
    while (i < n && isDigit(s[i])) i++;
  }
  if (
    (s[i] === 'e' || s[i] === 'E') &&
    (isDigit(s[i + 1] ?? '') || ((s[i + 1] === '+' || s[i + 1] === '-') && isDigit(s[i + 2] ?? '')))
  ) {
    decimal = true;
    i += s[i + 1] === '+' || s[i + 1] === '-' ? 2 : 1;
    while (i < n && isDigit(s[i])) i++;
  }
  const suffix = s[i];
  if (suffix === 'f' || suffix === 'F' || suffix === 'd' || suffix === 'D') i++;
  else if (!decimal && (suffix === 'l' || suffix === 'L')) i++;
  return i;
}
