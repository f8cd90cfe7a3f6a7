import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

/** A small knowledge base in the shape the loader produces, built from the seed articles' wording. */
export function doc(id: string, fields: { title: string; topics: string[]; published?: string | null; paragraphs: string[] }): KnowledgeDocument {
  return {
    id,
    title: fields.title,
    publisher: 'Example News',
    authors: [],
    published: fields.published ?? '2023-04-01',
    url: `https://example.org/${id}`,
    origin: `${id}.txt`,
    topics: fields.topics,
    file: `${id}.md`,
    paragraphs: fields.paragraphs,
    bodyHash: id,
  };
}

export const DOCUMENTS: KnowledgeDocument[] = [
  doc('us-citizens-main-smugglers', {
    title: "Mexico's foreign minister says US citizens main source of fentanyl trafficking",
    published: '2023-03-23',
    topics: ['smuggling', 'border'],
    paragraphs: [
      "Mexico's foreign minister said Wednesday that American citizens are the main smugglers of fentanyl from Mexico into the US after Republican lawmakers pressured his country to step up efforts to curb fentanyl trafficking.",
      'According to the US think tank the Cato Institute, in 2021, US citizens accounted for 86.3% of convicted fentanyl drug traffickers. The figure was ten times greater than convictions of illegal immigrants for the same offense.',
      'The report also revealed that 90% of fentanyl seizures happen at legal crossing points, not irregular migration routes. Since US citizens are subjected to less scrutiny when crossing legally, they appear to make the best smugglers.',
      'In the past week, the Mexican Secretariat of National Defense reported raids that confiscated more than 1.8 million fentanyl pills and 280 kilograms of fentanyl in Tijuana.',
      'According to the US Centers for Disease Control and Prevention, more than 150 people die every day in the US from overdoses related to synthetic opioids such as fentanyl.',
    ],
  }),
  doc('fentanyl-policy-challenge', {
    title: 'Fentanyl trafficking and US drug control policy',
    published: '2023-04-10',
    topics: ['overdoses', 'china'],
    paragraphs: [
      'The traffic of fentanyl, an extremely potent and lethal synthetic drug, has become one of the main challenges for drug control policy in the United States.',
      'Fentanyl is responsible for more than two-thirds of the more than 100,000 opioid overdose deaths recorded in 2022. Nearly 14,000 pounds of fentanyl were seized between October and March.',
      'US authorities claim that fentanyl sold in the United States is manufactured in Mexico with chemical precursors imported from China.',
      'Research on the opioid epidemic in North America suggests that an additional 1.2 million people may die by 2029 from fentanyl overdose.',
    ],
  }),
  doc('gupta-mexico-production', {
    title: 'US drug czar says fentanyl is produced in Mexico',
    published: '2023-04-14',
    topics: ['china', 'diplomacy'],
    paragraphs: [
      'National Drug Control Policy director Rahul Gupta said in a radio interview that fentanyl is being produced in Mexico from precursor chemicals that arrive from China.',
      'The fentanyl epidemic in the United States killed an estimated 70,601 people in 2021 alone, and a person dies from a drug overdose every 5 minutes.',
      'Gupta said both governments are working in a mutually respectful way to save lives on both sides of the border.',
    ],
  }),
  doc('relationship-at-low', {
    title: 'US-Mexico counternarcotics relationship at a low point',
    published: '2023-03-30',
    topics: ['diplomacy', 'border'],
    paragraphs: [
      'Fentanyl has been the leading source of drug overdose deaths in the United States, with synthetic drugs accounting for two in three overdose deaths.',
      'Maricopa County sheriff officers found nearly 500 fentanyl pills during five separate bookings.',
      'The relationship hit a new level of crisis after four U.S. citizens were kidnapped, two of them killed, in Tamaulipas in March.',
    ],
  }),
  doc('bilateral-agenda', {
    title: 'Cooperation on fentanyl tops the bilateral agenda',
    published: null,
    topics: ['diplomacy', 'trade'],
    paragraphs: [
      'U.S. and Mexican security officials will meet this week to seek common ground on the cross-border trafficking of fentanyl.',
      'Commercial disputes over agriculture and energy policies under the USMCA touch billions of dollars in trade and investment, and customs agents inspect $1.5 billion of goods every day.',
      'Most of the deadly cargo is believed to arrive from Mexico, with the Sinaloa and Jalisco criminal groups as the primary culprits.',
    ],
  }),
];

export function buildIndex(documents: KnowledgeDocument[] = DOCUMENTS): SearchIndex {
  return SearchIndex.build(documents);
}
