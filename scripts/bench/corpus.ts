/**
 * A synthetic knowledge folder of a given size, the same on every run: news-like
 * paragraphs drawn from a Zipf-distributed vocabulary, beside the real documents, so
 * the real queries still have their answers and their words are common in the filler
 * (the hard case for a search index: long postings lists).
 */
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ALIASES_FILE } from '../../src/knowledge/loader.ts';
import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import { toPassages } from '../../src/knowledge/passages.ts';

/** mulberry32: a small, fast, seedable generator; good enough for filler text. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SYLLABLES = 'ba be bi bo bu ca ce co cu da de di do du fa fe fi fo ga ge go gu ha he hi ho la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zo an en in on ar er or ur al el il ol st tr pr gr br nd nt rk sk'.split(' ');
const ENDINGS = ['', '', '', 's', 'ed', 'ing', 'er', 'ion', 'al', 'ly', 'ment', 'ity'];
const PUBLISHERS = ['The Daily Ledger', 'Border Report', 'Wire Service', 'Policy Review', 'Evening Courier', null];
const TOPICS = ['border security', 'public health', 'trade', 'courts', 'diplomacy', 'policing', 'economy', 'migration'];

/** Function words at the top of the ranking, as in any English text. */
const FUNCTION_WORDS = 'the of to and a in that for is on said with was as by at from it his an be has are have but were not this which their after who they its had been more also will would about than when one over two into last there all other her new up'.split(' ');

export interface Vocabulary {
  words: string[];
  /** Cumulative Zipf weights, for sampling by binary search. */
  cumulative: Float64Array;
}

/**
 * Rank order: function words, then real content words (most frequent first) interleaved
 * with invented ones, then the invented long tail. Real names keep their capitals.
 */
export function buildVocabulary(realText: string, size: number, seed: number): Vocabulary {
  const next = random(seed);
  const counts = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const match of realText.matchAll(/\p{L}[\p{L}'-]*\p{L}|\p{L}/gu)) {
    const lower = match[0].toLowerCase();
    if (FUNCTION_WORDS.includes(lower)) continue;
    counts.set(lower, (counts.get(lower) ?? 0) + 1);
    if (!spelling.has(lower) || match[0] === lower) spelling.set(lower, match[0]);
  }
  const real = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([lower]) => spelling.get(lower)!);
  const invented = new Set<string>();
  const seen = new Set(counts.keys());
  while (invented.size < size) {
    let word = '';
    const syllables = 1 + Math.floor(next() * 4);
    for (let i = 0; i < syllables; i += 1) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)]!;
    word += ENDINGS[Math.floor(next() * ENDINGS.length)]!;
    if (word.length < 3 || seen.has(word)) continue;
    seen.add(word);
    // About one invented word in ten is a name.
    invented.add(next() < 0.1 ? word[0]!.toUpperCase() + word.slice(1) : word);
  }
  const tail = [...invented];
  const words = [...FUNCTION_WORDS];
  for (let i = 0; i < real.length; i += 1) words.push(real[i]!, tail[i]!);
  words.push(...tail.slice(real.length));
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank += 1) {
    total += 1 / (rank + 1) ** 1.05;
    cumulative[rank] = total;
  }
  return { words, cumulative };
}

function sample(vocabulary: Vocabulary, next: () => number): string {
  const { cumulative, words } = vocabulary;
  const target = next() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return words[low]!;
}

function sentence(vocabulary: Vocabulary, next: () => number): string {
  const length = 8 + Math.floor(next() * 18);
  const words: string[] = [];
  for (let i = 0; i < length; i += 1) {
    const roll = next();
    if (roll < 0.03) words.push(String(Math.floor(next() * 5000)));
    else if (roll < 0.04) words.push(`${(next() * 100).toFixed(1)}%`);
    else words.push(sample(vocabulary, next));
    if (i > 2 && i < length - 2 && next() < 0.08) words[words.length - 1] += ',';
  }
  const first = words[0]!;
  words[0] = first[0]!.toUpperCase() + first.slice(1);
  const text = `${words.join(' ')}.`;
  return next() < 0.1 ? `"${text}" said ${sample(vocabulary, next)}.` : text;
}

/** A paragraph of two to five sentences that stays one passage (under 700 characters). */
function paragraph(vocabulary: Vocabulary, next: () => number): string {
  const sentences = 2 + Math.floor(next() * 4);
  let text = '';
  for (let i = 0; i < sentences; i += 1) {
    const more = sentence(vocabulary, next);
    if (text && text.length + more.length + 1 > 680) break;
    text = text ? `${text} ${more}` : more.slice(0, 680);
  }
  return text;
}

const yaml = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * Synthetic articles of 4–14 paragraphs (one passage each), built from the real documents'
 * vocabulary, until the real documents and these together hold `passages` passages.
 * The same arguments give the same articles.
 */
export function syntheticDocuments(passages: number, real: readonly KnowledgeDocument[], seed = 6): KnowledgeDocument[] {
  const realText = real.flatMap((document) => document.paragraphs).join('\n');
  const vocabulary = buildVocabulary(realText, 60_000, seed);
  const next = random(seed * 7919 + 1);
  const documents: KnowledgeDocument[] = [];
  let count = real.reduce((sum, document) => sum + toPassages(document).length, 0);
  for (let n = 0; count < passages; n += 1) {
    const paragraphs: string[] = [];
    const wanted = Math.min(4 + Math.floor(next() * 11), passages - count);
    for (let i = 0; i < wanted; i += 1) paragraphs.push(paragraph(vocabulary, next));
    const title = sentence(vocabulary, next).slice(0, 120).replace(/\.$/, '');
    const year = 2018 + Math.floor(next() * 7);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    const id = `bench-${String(n).padStart(6, '0')}`;
    documents.push({
      id,
      title,
      publisher: PUBLISHERS[n % PUBLISHERS.length]!,
      authors: [],
      published: `${year}-${month}-${day}`,
      url: `https://news.example.org/${year}/${id}`,
      origin: `${id}.txt`,
      topics: [TOPICS[n % TOPICS.length]!],
      file: `${id}.md`,
      paragraphs,
      bodyHash: id,
    });
    count += paragraphs.length;
  }
  return documents;
}

export interface GeneratedCorpus {
  dir: string;
  /** Passages in the folder, the real documents' included. */
  passages: number;
  files: number;
}

/**
 * Write a knowledge folder of `passages` passages into `dir`: the real documents' files as
 * they are, then `syntheticDocuments` in the same front-matter format.
 */
export async function writeCorpus(dir: string, passages: number, knowledgeDir: string, real: KnowledgeDocument[], seed = 6): Promise<GeneratedCorpus> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(knowledgeDir)) {
    if (name.endsWith('.md') || name === ALIASES_FILE) await copyFile(path.join(knowledgeDir, name), path.join(dir, name));
  }
  let count = real.reduce((sum, document) => sum + toPassages(document).length, 0);
  const synthetic = syntheticDocuments(passages, real, seed);
  for (const document of synthetic) {
    const front = [
      '---',
      `id: ${document.id}`,
      `title: ${yaml(document.title)}`,
      `publisher: ${yaml(document.publisher)}`,
      `published: ${yaml(document.published)}`,
      `url: ${yaml(document.url)}`,
      `origin: ${yaml(document.origin)}`,
      `topics: [${document.topics.map(yaml).join(', ')}]`,
      '---',
    ];
    await writeFile(path.join(dir, document.file), `${front.join('\n')}\n${document.paragraphs.join('\n\n')}\n`);
    count += document.paragraphs.length;
  }
  return { dir, passages: count, files: real.length + synthetic.length };
}
