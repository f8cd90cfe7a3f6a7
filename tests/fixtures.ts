import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KnowledgeDocument } from '../src/knowledge/schema.ts';
import { AliasFile } from '../src/knowledge/aliases.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SHARED = path.resolve(ROOT, '../shared');

/** The project's real alias table, so tests exercise the data users get. */
export const realAliases = AliasFile.parse(JSON.parse(readFileSync(path.join(ROOT, 'knowledge/aliases.json'), 'utf8')));

export function doc(id: string, paragraphs: string[], extra: Partial<KnowledgeDocument> = {}): KnowledgeDocument {
  return {
    id,
    title: `Title of ${id}`,
    publisher: 'Test Gazette',
    authors: [],
    published: '2023-03-23',
    url: null,
    origin: `${id}.txt`,
    topics: ['fentanyl seizures'],
    file: `${id}.md`,
    paragraphs,
    bodyHash: id,
    ...extra,
  };
}

/** A small corpus with the traits the real one has: accents, abbreviations, numbers, long paragraphs. */
export const corpus: KnowledgeDocument[] = [
  doc('border-seizures', [
    'More than half of seizures this year have happened along Arizona’s border crossings with Mexico.',
    'Homeland Security Secretary Alejandro Mayorkas announced on a visit to the Mariposa port of entry in Nogales the rollout of Operation Blue Lotus.',
    'In just the first two months of the campaign, more than 10,000 pounds of the opioid were seized, when 284 people were arrested, according to a June release.',
  ]),
  doc('mexico-politics', [
    'Mexican President Andrés Manuel López Obrador said fentanyl is not produced in Mexico.',
    'The Sinaloa Cartel and the Jalisco Nueva Generación Cartel obtain precursors from China, according to the U.S. government.',
    'The Mexican government withdrew from the Mérida Initiative and limited collaboration with Washington.',
  ], { topics: ['amlo and fentanyl production', 'sinaloa and cjng cartels'] }),
  doc('vehicles', ['Opioids are often hidden in the hidden compartments of vehicles driven by US citizens with US license plates.']),
];
