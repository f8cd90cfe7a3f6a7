import { splitSentences } from '../knowledge/sentences.ts';

/**
 * The opening whole sentences of `text` that fit in `limit` characters, verbatim. Only a
 * first sentence longer than the limit is cut, at a word boundary, and marked with `…`.
 */
export function excerpt(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = 0;
  for (const sentence of splitSentences(text)) {
    if (sentence.end > limit) break;
    end = sentence.end;
  }
  if (end > 0) return text.slice(0, end);
  const space = text.lastIndexOf(' ', limit - 1);
  return `${text.slice(0, space > 0 ? space : limit - 1)}…`;
}
