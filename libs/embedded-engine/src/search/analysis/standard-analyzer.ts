/**
 * The `standard` analyzer: Lucene's StandardTokenizer followed by LowerCaseFilter; no stop words (OpenSearch's default
 * `stopwords: _none_`).
 *
 * The tokenizer is the word-break grammar of Lucene's StandardTokenizerImpl.jflex (UAX #29 word boundaries, Unicode
 * emoji), translated to regular expressions over Word_Break classes built from Unicode properties:
 * - words: letters and digits joined by ExtendNumLet (`_`), letters joined across MidLetter / MidNumLet / single quote
 *   (`can't`, `u.s.a`, `x:y`), digits joined across MidNum / MidNumLet (`3.14`, `1,000`), letters and digits adjacent
 *   (`abc123`), Katakana runs (`タワー`), Hebrew letters with `"`;
 * - one token per Han ideograph and per Hiragana character; Thai/Lao/Myanmar/Khmer runs as one token;
 * - emoji (with presentation selectors, modifiers, ZWJ sequences, flags) as tokens;
 * - everything else (spaces, punctuation, symbols) separates tokens and is dropped.
 * Tokens longer than `max_token_length` (255 UTF-16 units) are split into pieces of that length.
 */
const MAX_TOKEN_LENGTH = 255;

// Word_Break classes (UAX #29, table 3) of one code point, as single letters the grammar below is written over.
const IS_FORMAT = /^[\p{Cf}]$/u;
const NOT_FORMAT = /^[\u200B\u2060-\u2064\uFEFF]$/u; // ZWNJ and ZWJ are classified before
const IS_EXTEND = /^[\p{M}\u200C\uFF9E\uFF9F]$/u;
const IS_EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const IS_KATAKANA = /^[\p{Script=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC\uFF70]$/u;
const IS_HEBREW_LETTER = /^(?=\p{Script=Hebrew})\p{L}$/u;
/** Line_Break=Complex_Context scripts: no word breaks inside a run (Lucene emits the run as one token). */
const IS_COMPLEX =
  /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}]$/u;
const IS_HAN = /^[\p{Script=Han}\u3006\u3007\u3021-\u3029\u3038-\u303A]$/u;
const IS_HIRAGANA = /^\p{Script=Hiragana}$/u;
const IS_NUMERIC = /^\p{Nd}$/u;
const IS_EXTEND_NUM_LET = /^[\p{Pc}\u202F]$/u;
const IS_MID_LETTER = /^[:\u00B7\u0387\u055F\u05F4\u2027\uFE13\uFE55\uFF1A]$/u;
const IS_MID_NUM = /^[,;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B]$/u;
const IS_MID_NUM_LET = /^[.\u2018\u2019\u2024\uFE52\uFF07\uFF0E]$/u;
/** ALetter: alphabetic characters of none of the classes above (Hangul included), and a few modifier letters. */
const IS_ALETTER =
  /^[\p{Alphabetic}\u02C2-\u02C5\u02D2-\u02D7\u02DE\u02DF\u02ED\u02EF-\u02FF\u05F3\uA720\uA721\uA789\uA78A]$/u;
const IS_REGIONAL_INDICATOR = /^\p{Regional_Indicator}$/u;
const IS_EMOJI = /^[\p{Emoji_Presentation}\p{Extended_Pictographic}]$/u;

const classCache = new Map<string, string>();

function wordBreakClass(ch: string): string {
  let cls = classCache.get(ch);
  if (cls === undefined) {
    cls = classify(ch);
    if (classCache.size < 65536) classCache.set(ch, cls);
  }
  return cls;
}

function classify(ch: string): string {
  if (ch === '\u200D') return 'Z'; // ZWJ
  if (ch === '\uFE0F') return 'V'; // emoji presentation selector (Extend)
  if (ch === "'") return 'Q';
  if (ch === '"') return 'D';
  if (IS_EMOJI_MODIFIER.test(ch)) return 'S'; // Extend
  if (IS_EXTEND.test(ch)) return 'F';
  if (IS_FORMAT.test(ch) && !NOT_FORMAT.test(ch)) return 'F';
  if (IS_KATAKANA.test(ch)) return 'K';
  if (IS_HAN.test(ch)) return 'I';
  if (IS_HIRAGANA.test(ch)) return 'G';
  if (IS_COMPLEX.test(ch)) return 'C';
  if (IS_NUMERIC.test(ch)) return 'N';
  if (IS_HEBREW_LETTER.test(ch)) return 'H';
  if (IS_EXTEND_NUM_LET.test(ch)) return 'E';
  if (IS_MID_LETTER.test(ch)) return 'M';
  if (IS_MID_NUM.test(ch)) return 'U';
  if (IS_MID_NUM_LET.test(ch)) return 'L';
  if (IS_REGIONAL_INDICATOR.test(ch)) return 'R';
  if (IS_EMOJI.test(ch)) return 'J';
  if (IS_ALETTER.test(ch)) return 'A';
  return 'X';
}

/** `X ({Format} | {Extend} | {ZWJ})*`: the grammar's `…Ex` macros (WB4: format and extend characters stick). */
const ex = (cls: string) => `[${cls}][FZVS]*`;
const KATAKANA_EX = ex('K');
const HEBREW_EX = ex('H');
const HEBREW_OR_ALETTER_EX = ex('AH');
const NUMERIC_EX = ex('N');
const EXTEND_NUM_LET_EX = ex('E');
const MID_LETTER_EX = ex('MLQ');
const MID_NUMERIC_EX = ex('ULQ');

/** One unit of StandardTokenizerImpl's WORD rule (WB5-WB13b). */
const WORD_UNIT =
  `(?:${KATAKANA_EX}(?:(?:${EXTEND_NUM_LET_EX})*${KATAKANA_EX})*` +
  `|(?:${HEBREW_EX}(?:${ex('Q')}|${ex('D')}${HEBREW_EX})` +
  `|${NUMERIC_EX}(?:(?:(?:${EXTEND_NUM_LET_EX})*|${MID_NUMERIC_EX})${NUMERIC_EX})*` +
  `|${HEBREW_OR_ALETTER_EX}(?:(?:(?:${EXTEND_NUM_LET_EX})*|${MID_LETTER_EX})${HEBREW_OR_ALETTER_EX})*)+)`;
/** The WORD_TYPE / NUMERIC_TYPE rule: units chained by ExtendNumLet. */
const WORD = `(?:${EXTEND_NUM_LET_EX})*${WORD_UNIT}(?:(?:${EXTEND_NUM_LET_EX})+${WORD_UNIT})*(?:${EXTEND_NUM_LET_EX})*`;
const EMOJI_SEQ = '[J][FVS]*';
const EMOJI = `RR|${EMOJI_SEQ}(?:Z${EMOJI_SEQ})*`;

/** Tried at each position in order; the first that matches there gives the token (the grammar's longest match). */
const TOKEN = new RegExp(`${WORD}|(?:${ex('C')})+|${ex('I')}|${ex('G')}|${EMOJI}`, 'y');

/**
 * LowerCaseFilter: Character.toLowerCase code point by code point (no context-dependent rules such as the final sigma,
 * no expansions: U+0130 lowercases to a plain `i`).
 */
function lowerCase(token: string): string {
  let out = '';
  for (const ch of token) {
    if (ch === '\u0130') out += 'i';
    else {
      const lower = ch.toLowerCase();
      out += lower.length === ch.length ? lower : ch;
    }
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range is the point
const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function analyzeStandard(text: string): string[] {
  return ASCII_ONLY.test(text) ? analyzeAscii(text) : analyzeUnicode(text);
}

/** ASCII character kinds for the fast path: 1 letter, 2 digit, 3 underscore (ExtendNumLet), 0 other. */
const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) ASCII_KIND[c] = 1;
  else if (c >= 48 && c <= 57) ASCII_KIND[c] = 2;
  else if (c === 95) ASCII_KIND[c] = 3;
}
const COLON = 58;
const PERIOD = 46;
const APOSTROPHE = 39;
const COMMA = 44;
const SEMICOLON = 59;

/**
 * The same grammar restricted to ASCII, as a single pass (most text is ASCII, and the Unicode path classifies every
 * character): letters, digits and `_` run together; `:` joins two letters (MidLetter), `.` and `'` join two letters or
 * two digits (MidNumLet, Single_Quote), `,` and `;` join two digits (MidNum); a run of underscores alone is no token.
 * The spec checks it against the Unicode path on random ASCII text.
 */
function analyzeAscii(text: string): string[] {
  const tokens: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (ASCII_KIND[text.charCodeAt(i)] === 0) {
      i++;
      continue;
    }
    const start = i;
    let alphanumeric = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      const kind = ASCII_KIND[c];
      if (kind !== 0) {
        if (kind !== 3) alphanumeric = true;
        i++;
        continue;
      }
      if (i === start || i + 1 >= n) break;
      const before = ASCII_KIND[text.charCodeAt(i - 1)];
      const after = ASCII_KIND[text.charCodeAt(i + 1)];
      const letters = before === 1 && after === 1;
      const digits = before === 2 && after === 2;
      const joins =
        c === COLON
          ? letters
          : c === PERIOD || c === APOSTROPHE
            ? letters || digits
            : c === COMMA || c === SEMICOLON
              ? digits
              : false;
      if (!joins) break;
      i++;
    }
    if (!alphanumeric) continue;
    const word = text.slice(start, i).toLowerCase();
    if (word.length <= MAX_TOKEN_LENGTH) tokens.push(word);
    else
      for (let k = 0; k < word.length; k += MAX_TOKEN_LENGTH)
        tokens.push(word.slice(k, k + MAX_TOKEN_LENGTH));
  }
  return tokens;
}

/** The full grammar over Word_Break classes. */
export function analyzeUnicode(text: string): string[] {
  const tokens: string[] = [];
  // One class letter per code point, and where each code point starts in `text`.
  const chars = Array.from(text);
  const starts = new Int32Array(chars.length + 1);
  let classes = '';
  for (let i = 0, offset = 0; i < chars.length; i++) {
    starts[i] = offset;
    offset += chars[i].length;
    classes += wordBreakClass(chars[i]);
  }
  starts[chars.length] = text.length;
  let at = 0;
  while (at < chars.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(classes);
    if (!m || m[0].length === 0) {
      at++; // WB14: Any ÷ Any; a character starting no token is dropped.
      continue;
    }
    const word = lowerCase(text.slice(starts[at], starts[at + m[0].length]));
    at += m[0].length;
    if (word.length <= MAX_TOKEN_LENGTH) tokens.push(word);
    else
      for (let i = 0; i < word.length; i += MAX_TOKEN_LENGTH)
        tokens.push(word.slice(i, i + MAX_TOKEN_LENGTH));
  }
  return tokens;
}
