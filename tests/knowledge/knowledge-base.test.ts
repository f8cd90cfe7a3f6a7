import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeLoad } from '../../src/knowledge/loader.ts';
import { fold, squeeze } from '../../src/search/text.ts';
import { ROOT, SHARED } from '../fixtures.ts';

/**
 * The shipped knowledge base is data users rely on: validate it on every run, as
 * discord-utils-bot's CI validates its tags.
 */
let kb: KnowledgeLoad;
beforeAll(async () => {
  kb = await loadKnowledge(path.join(ROOT, 'knowledge'));
});

const seeds = path.join(SHARED, 'seeds');
const flat = (text: string) => squeeze(fold(text));

describe('knowledge/', () => {
  it('loads without a single problem', () => {
    expect(kb.problems).toEqual([]);
    expect(kb.documents.length).toBeGreaterThanOrEqual(5);
  });

  it('has unique ids and origins, and every document has topics', () => {
    expect(new Set(kb.documents.map((d) => d.id)).size).toBe(kb.documents.length);
    expect(new Set(kb.documents.map((d) => d.origin)).size).toBe(kb.documents.length);
    for (const document of kb.documents) expect(document.topics.length, document.id).toBeGreaterThan(0);
  });

  it('keeps no site chrome: image lines, photo credits, comment widgets, teasers, search boxes', () => {
    const chrome = [/^IMG\b/, /^Photo:/, /^One comment$/, /^Leave a Reply$/, /^Search for a news/, /^Leer en español$/, /^\p{Lu}\p{Ll}+:\S/u, /^Home \/ /];
    for (const document of kb.documents) {
      for (const paragraph of document.paragraphs) {
        for (const pattern of chrome) expect(paragraph, `${document.file}: ${paragraph.slice(0, 60)}`).not.toMatch(pattern);
      }
    }
  });

  it.skipIf(!existsSync(seeds))('quotes its source verbatim: every paragraph is in the seed it names, in order', () => {
    for (const document of kb.documents) {
      const seed = flat(readFileSync(path.join(seeds, document.origin), 'utf8'));
      let from = 0;
      for (const paragraph of document.paragraphs) {
        const at = seed.indexOf(flat(paragraph), from);
        expect(at, `${document.file}: "${paragraph.slice(0, 60)}…" is not verbatim from ${document.origin}`).toBeGreaterThanOrEqual(0);
        from = at;
      }
    }
  });

  it.skipIf(!existsSync(seeds))('invents no metadata: dates, authors and publishers appear in the seed', () => {
    for (const document of kb.documents) {
      const seed = readFileSync(path.join(seeds, document.origin), 'utf8');
      for (const author of document.authors) expect(fold(seed), `${document.id} author`).toContain(fold(author).split(' ').at(-1));
      if (document.url) expect(seed, `${document.id} url`).toContain(document.url);
      // A publisher may be written as a masthead or a domain (Latino Observatory, latinoobservatory.org).
      const squash = (text: string) => fold(text).replace(/[^a-z0-9]/g, '');
      if (document.publisher) expect(squash(seed), `${document.id} publisher`).toContain(squash(document.publisher));
      if (document.published) {
        const [year] = document.published.split('-');
        expect(seed, `${document.id} published`).toContain(year);
      }
    }
  });
});
