/**
 * The `standard` analyzer: Lucene's StandardTokenizer (Unicode text segmentation, UAX #29 word boundaries) followed by
 * LowerCaseFilter; no stop words (OpenSearch's default `stopwords: _none_`); tokens longer than `max_token_length`
 * (255) are split at that length.
 */
const MAX_TOKEN_LENGTH = 255;

/**
 * Word tokens: runs of letters, marks, digits and connector punctuation, joined across `'`, `.` , `:` between letters
 * (MidLetter) and `.` `,` between digits (MidNum), as UAX #29 keeps them in one word. Ideographs and kana-less CJK are
 * one token per character (UAX #29 gives each its own boundary).
 */
const WORD =
  /(?:[\p{Script=Han}\p{Script=Hiragana}]|[\p{L}\p{M}\p{N}\p{Pc}]+(?:(?:(?<=\p{L})['’.:·](?=\p{L}))|(?:(?<=\p{N})[.,;](?=\p{N}))|[\p{L}\p{M}\p{N}\p{Pc}])*)/gu;

export function analyzeStandard(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (word.length <= MAX_TOKEN_LENGTH) tokens.push(word);
    else for (let i = 0; i < word.length; i += MAX_TOKEN_LENGTH) tokens.push(word.slice(i, i + MAX_TOKEN_LENGTH));
  }
  return tokens;
}
