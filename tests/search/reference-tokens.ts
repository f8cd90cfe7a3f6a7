import { ABBREVIATION, fold, isNumberWord, keyOf, readNumberWords, STOP_WORDS, TOKEN_PATTERN, type Token } from '../../src/search/text.ts';

/**
 * What `tokenize` means, read straight from its definition: every TOKEN_PATTERN match,
 * folded, dots dropped from abbreviations, runs of number words joined into digits, each
 * keyed with `keyOf`. The tokenizer (text.ts) does this with a hand scanner and a table of
 * spellings for speed; tests hold it to this reading.
 */
export function referenceTokenize(text: string): Token[] {
  const raw: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    let word = fold(match[0]);
    if (ABBREVIATION.test(word)) word = word.replace(/\./g, '');
    raw.push({ key: '', word, start: match.index, end: match.index + match[0].length });
  }
  const out: Token[] = [];
  for (let i = 0; i < raw.length; ) {
    const first = raw[i]!;
    if (!isNumberWord(first.word)) {
      out.push({ ...first, key: keyOf(first.word) });
      i += 1;
      continue;
    }
    const { value, next } = readNumberWords((j) => raw[j]!.word, raw.length, i);
    out.push({ key: String(value), word: String(value), start: first.start, end: raw[next - 1]!.end });
    i = next;
  }
  return out;
}

/** The reference's content tokens (stop words dropped). */
export function referenceContentTokens(text: string): Token[] {
  return referenceTokenize(text).filter((token) => !STOP_WORDS.has(token.word));
}
