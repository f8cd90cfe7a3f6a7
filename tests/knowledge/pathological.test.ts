import { describe, expect, it } from 'vitest';
import { prepareDocument } from '../../src/kb/add-document.ts';
import { MAX_SOURCE_BYTES } from '../../src/kb/source-file.ts';
import { parseDocument } from '../../src/knowledge/loader.ts';
import { HARD_MAX_PASSAGE_CHARS, toPassages } from '../../src/knowledge/passages.ts';
import { splitSentences, type SplitWork } from '../../src/knowledge/sentences.ts';

const document = (body: string) => {
  const parsed = parseDocument('x.md', `---\nid: patho-doc\ntitle: Pathological\npublisher: null\npublished: null\norigin: x.txt\n---\n${body}\n`);
  if (!('document' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.document;
};

describe('text without sentence ends', () => {
  it('sentence splitting does work in step with the text: "U.S. " repeated has a candidate end at every word', () => {
    const steps = (words: number) => {
      const work: SplitWork = { steps: 0 };
      const text = 'U.S. '.repeat(words);
      expect(splitSentences(text, work)).toHaveLength(1);
      return work.steps / text.length;
    };
    // Steps per character stay the same whatever the length (quadratic work would double them with each doubling).
    const small = steps(2_000);
    const large = steps(200_000);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(small * 1.01);
    expect(large).toBeLessThan(20);
  });

  it('a 1 MB paragraph of "U.S. " becomes passages no longer than the cap, cut between words, nothing lost', () => {
    const body = 'U.S. '.repeat(MAX_SOURCE_BYTES / 5).trim();
    const passages = toPassages(document(body));
    expect(passages.length).toBeGreaterThanOrEqual(Math.floor(body.length / HARD_MAX_PASSAGE_CHARS));
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(HARD_MAX_PASSAGE_CHARS);
      expect(passage.text).toMatch(/^U\.S\.( U\.S\.)*$/);
    }
    expect(passages.map((passage) => passage.text).join(' ')).toBe(body);
  });

  it('a 1 MB word is cut at the cap; a long run of spaces shrinks to one', () => {
    const word = 'a'.repeat(MAX_SOURCE_BYTES - 100);
    const cut = toPassages(document(word));
    expect(cut.every((passage) => passage.text.length <= HARD_MAX_PASSAGE_CHARS)).toBe(true);
    expect(cut.map((passage) => passage.text).join('')).toBe(word);
    expect(toPassages(document(`alpha${' '.repeat(500_000)}omega`)).map((passage) => passage.text)).toEqual(['alpha omega']);
  });

  it('kb add curates 1 MB of pathological text into capped passages', () => {
    for (const body of ['U.S. '.repeat(200_000), 'a'.repeat(1_000_000), `a${' '.repeat(1_000_000)}b`, '.'.repeat(1_000_000)]) {
      const prepared = prepareDocument({ name: 'x.txt', text: `A title for the test\n\n${body}\n`, metadata: { title: 'Pathological input' } });
      expect(toPassages(prepared.document).every((passage) => passage.text.length <= HARD_MAX_PASSAGE_CHARS)).toBe(true);
    }
  });
});
