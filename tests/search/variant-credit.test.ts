/**
 * A query word matched only through a guess at another word (typo variant, other verb form) earns less
 * coverage than an exact match (ranking.ts, `coverageCredit`): off-topic queries made of
 * ordinary words no longer pass the bar on what their variants happen to meet, while a typo in
 * a query about the knowledge base still finds its passage.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { coverageCredit } from '../../src/search/ranking.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

let index: SearchIndex;
beforeAll(async () => {
  const { documents, aliases } = await loadKnowledge(path.join(PROJECT_ROOT, 'knowledge'));
  index = SearchIndex.build(documents, aliases);
});

describe('coverage credit of variants', () => {
  it('is the quality for a spelling of the query word and less for a guess at another word', () => {
    expect(coverageCredit({ keyId: 0, quality: 1 })).toBe(1);
    expect(coverageCredit({ keyId: 0, quality: 0.8 })).toBe(0.8);
    expect(coverageCredit({ keyId: 0, quality: 0.9, guess: true })).toBeLessThan(0.9);
  });

  it('rejects off-topic queries that only meet the text through variants of ordinary words', () => {
    // `write` → `wrote` (a letter to Xi Jinping); `speaking` → `spoke` (to National Public Radio).
    expect(index.search('how to write a cover letter').hits).toEqual([]);
    expect(index.search('tips for public speaking').hits).toEqual([]);
  });

  it('still answers queries about the knowledge base with a typo in them', () => {
    const top = (query: string) => index.search(query, { limit: 1 }).hits[0]?.text ?? '';
    expect(top('Sinaloa cartle')).toMatch(/Sinaloa/);
    expect(top('Kyrsten Sinema meting with Lopez Obrador')).toContain('five hours on March 19');
    expect(top('Felbab-Brwon cartels taking over the timber industry')).toContain('timber industry');
  });
});
