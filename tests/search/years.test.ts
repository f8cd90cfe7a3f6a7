/**
 * A question about a year is answered only by passages that say it (src/search/query-years.ts),
 * on the real knowledge base: the articles are from 2023, so a question about 2019's or 2024's
 * figures is not answered by another year's.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { askedYears } from '../../src/search/query-years.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const { documents, aliases } = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
const index = SearchIndex.build(documents, aliases);

describe('years asked about', () => {
  it('reads years, not quantities that look like one', () => {
    expect(askedYears('overdose deaths in 2021')).toEqual(['2021']);
    expect(askedYears('convicted between 2018 and 2021?')).toEqual(['2018', '2021']);
    expect(askedYears('seizures FY2023 vs FY 2022')).toEqual(['2023', '2022']);
    expect(askedYears('¿cuántos murieron en 2019?')).toEqual(['2019']);
    expect(askedYears("Who won Mexico's 2024 presidential election?")).toEqual(['2024']);
    expect(askedYears('overdoses 2021 vs 2022')).toEqual(['2021', '2022']);
    expect(askedYears('seizures 2022-2023')).toEqual(['2022', '2023']);
    for (const quantity of [
      '2000 pounds of fentanyl',
      '1950 agents',
      '2021% rise',
      '$2021',
      '12,2021 pills',
      '1.2021',
      'route 20234',
      '2023s',
      'Were 2000 fentanyl pills seized in Sinaloa?',
      'Is fentanyl 2000 times more potent than heroin?',
      'a 2000-pound shipment',
      'a shipment of 2000 pounds',
    ])
      expect(askedYears(quantity), quantity).toEqual([]);
  });

  it('refuses a question about a year no good answer says, and names the year', () => {
    // 2020 is in one passage (an arrest in October 2020), which says little else of the question.
    const question = 'How many overdose deaths did the CDC count in 2020?';
    const result = index.search(question);
    expect(result.total).toBe(0);
    expect(result.unsaidYears).toEqual(['2020']);
    // The same question without the year check is answered by the CDC passage, which gives another year's figure.
    const unchecked = index.search(question, { without: ['question'] });
    expect(unchecked.hits[0]?.text).toContain('Centers for Disease Control');
    expect(unchecked.hits[0]?.text).not.toContain('2020');
  });

  it('refuses a year the articles never mention, where the same words without it answer', () => {
    expect(index.search('fentanyl seizures 2024').total).toBe(0);
    expect(index.search('fentanyl seizures 2024').unsaidYears).toEqual(['2024']);
    expect(index.search('fentanyl seizures').total).toBeGreaterThan(0);
  });

  it('ranks the passages that say the year first, in English and Spanish', () => {
    for (const question of ['¿Cuántas personas murieron por opioides sintéticos en Estados Unidos en 2021?', 'convicted traffickers between 2018 and 2021']) {
      const hits = index.search(question).hits;
      expect(hits.length, question).toBeGreaterThan(0);
      for (const year of askedYears(question)) for (const hit of hits) expect(hit.text, question).toContain(year);
    }
    // The Spanish question's answer (the 2021 death toll) is among the first three.
    expect(index.search('¿Cuántas personas murieron por opioides sintéticos en Estados Unidos en 2021?').hits.some((hit) => /70,601|70,000/.test(hit.text))).toBe(true);
  });
});
