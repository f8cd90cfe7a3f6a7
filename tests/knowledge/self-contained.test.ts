import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { danglingOpener, selfContainedRun, standsAlone } from '../../src/knowledge/self-contained.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

describe('a piece of text that stands alone', () => {
  it('does not open on a pronoun or connective pointing at a sentence before it', () => {
    for (const sentence of [
      'He added that the two countries have developed joint strategies.',
      'Still, according to the Brookings Institution, traffickers hide fentanyl in legal cargo.',
      'AMLO, however, has been listening.',
      'That trafficking is fueling sharply rising U.S. overdose deaths.',
      'In some cases, they traffic fentanyl as an end product.',
      '"But up to this moment, there is no record of the production of fentanyl in Mexico," he said.',
    ]) {
      expect(danglingOpener(sentence), sentence).not.toBeNull();
    }
    for (const sentence of [
      'Mexico’s foreign minister said Wednesday that American citizens are the main smugglers of fentanyl.',
      '"It is not Mexico, I repeat, the country that most introduces fentanyl to the United States," López Obrador said March 16.',
      'López Obrador, also known by his initials AMLO, snubbed Biden by skipping the summit.',
    ]) {
      expect(danglingOpener(sentence), sentence).toBeNull();
    }
  });

  it('takes in the neighbour sentence that names what a pronoun points at, or the speaker of a quote', () => {
    const text = 'Opioids are often hidden in vehicles driven by US citizens. Still, traffickers hide most fentanyl within legal cargo, which represents 90% of seizures.';
    expect(selfContainedRun(text, 1)?.text).toBe(text);
    const quote = '"We have been instructed to speak objectively. This is a problem with many factors," the consul told reporters.';
    expect(selfContainedRun(quote, 0)?.text).toBe(quote);
    // The first sentence of a text has no neighbour before it: another piece must be chosen.
    expect(selfContainedRun('He added that both countries agreed.', 0)).toBeNull();
    expect(standsAlone('"I sustain that more fentanyl arrived directly to the United States."')).toBe(false);
  });

  it('keeps a /fentanyl snippet from cutting a name short', async () => {
    const { documents, aliases } = await loadKnowledge(path.resolve('knowledge'));
    const hit = SearchIndex.build(documents, aliases).search('Mexican ambassador Moctezuma', { limit: 1 }).hits[0]!;
    expect(hit.snippet).not.toMatch(/Ambassador\*?\*? to…$/);
    expect(hit.snippet).toContain('Esteban **Moctezuma** Barragán');
  });
});
