/** How much a feed's article is about what the knowledge base covers (src/kb/relevance.ts), on the real knowledge base. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ON_TOPIC, relevance } from '../../src/kb/relevance.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const { documents, aliases } = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
const index = SearchIndex.build(documents, aliases);

describe('feed article relevance', () => {
  it('keeps a US–Mexico story on another subject (steel tariffs) below the review bar, though it shares the knowledge base\'s common words', () => {
    const steel = {
      title: 'United States and Mexico spar over steel tariffs at the border',
      paragraphs: [
        'The United States government said on Tuesday that it would raise tariffs on Mexican steel, accusing Mexico of letting imports from China cross the border to avoid duties.',
        'Mexican officials called the move a blow to the trade agreement between the two countries and said the government would respond with its own measures.',
        'Lawmakers in Washington said the administration must protect American jobs, while the Mexican president said cooperation between the two countries was at risk.',
        'The dispute comes as both governments prepare for a review of the trade agreement next year, officials said.',
      ],
    };
    expect(relevance(index, steel)).toBeLessThan(ON_TOPIC);
  });

  it('puts a story on fentanyl seizures at a port of entry above the bar', () => {
    const seizures = {
      title: 'Officers seize fentanyl pills at the Nogales port of entry',
      paragraphs: [
        'U.S. Customs and Border Protection officers seized more than 200,000 fentanyl pills hidden in a car at the Mariposa port of entry in Nogales, Arizona, officials said.',
        'The driver, a U.S. citizen, was arrested. Officials said Mexican cartels use American smugglers to move synthetic opioids across the border.',
      ],
    };
    expect(relevance(index, seizures)).toBeGreaterThanOrEqual(0.5);
  });
});
