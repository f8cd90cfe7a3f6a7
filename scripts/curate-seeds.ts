/**
 * Rebuild the knowledge files from the seed articles, with `curateArticle`.
 *
 *   npx tsx scripts/curate-seeds.ts            # write knowledge/<id>.md for every seed below
 *   npx tsx scripts/curate-seeds.ts --check    # write nothing; exit 1 if a file differs from what it would write
 *   options: --seeds DIR (default ../shared/seeds), --out DIR (default knowledge/)
 *
 * The per-seed plan below holds what curation cannot read off the page: the id, the
 * topics, the photo captions to drop (no rule can tell an uncredited caption from a short
 * paragraph) and any metadata correction, each with its reason. Re-running gives the same
 * files. Before writing, every file is checked: each paragraph is verbatim in the seed and
 * in order, every listed caption was found, and the file loads as the bot will load it.
 * To add a seed: put it in the seeds folder, add a plan entry, run, then read the result
 * against the seed and record the removed lines in knowledge/README.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { curateArticle, type CuratedArticle } from '../src/knowledge/curate.ts';
import { parseDocument } from '../src/knowledge/loader.ts';
import { FrontMatter } from '../src/knowledge/schema.ts';

interface SeedPlan {
  origin: string;
  id: string;
  topics: string[];
  /** Photo captions standing between paragraphs, dropped verbatim as `caption`. */
  captions?: string[];
  /** A publisher the page states in a form curation returns differently, and why. */
  publisher?: { value: string; why: string };
}

const PLAN: SeedPlan[] = [
  {
    origin: '000_d8dce8be5e37d034.txt',
    id: 'us-citizens-main-fentanyl-smugglers',
    topics: ['us citizens as smugglers', 'fentanyl seizures', 'ports of entry', 'overdose deaths', 'us-mexico security cooperation'],
  },
  {
    origin: '001_90deb59fa38b0b85.txt',
    id: 'fentanyl-trafficking-us-mexico-relations',
    topics: [
      'overdose deaths',
      'us citizens as smugglers',
      'sinaloa and cjng cartels',
      'precursor chemicals from china',
      'operation blue lotus',
      'us-mexico security cooperation',
      'amlo and fentanyl production',
      'organized crime beyond drugs',
    ],
    publisher: {
      value: 'Latino Observatory',
      why: 'the header contact address contato@latinoobservatory.org names the site; its domain label "latinoobservatory" is written as its two words',
    },
  },
  {
    origin: '002_85b02f5ca39883ef.txt',
    id: 'us-pins-fentanyl-production-on-mexico',
    topics: ['amlo and fentanyl production', 'precursor chemicals from china', 'overdose deaths', 'us-mexico security cooperation', 'arms trafficking', 'diplomacy and consulates'],
  },
  {
    origin: '003_64fc71d0f125cb8f.txt',
    id: 'rising-tensions-fentanyl-us-mexico-rifts',
    topics: [
      'arizona',
      'diplomacy and consulates',
      'amlo and fentanyl production',
      'terrorist designation of cartels',
      'sinaloa and cjng cartels',
      'operation blue lotus',
      'fentanyl seizures',
      'us-mexico security cooperation',
    ],
    captions: [
      "Maricopa County sheriff's correctional officers found nearly 500 fentanyl pills during five separate bookings.",
      "Fake pharmaceutical pills containing fentanyl seized by the U.S. Drug Enforcement Administration's Phoenix division.",
    ],
  },
  {
    origin: '004_45bef1c48bdbf26f.txt',
    id: 'countering-fentanyl-smuggling-binational-efforts',
    topics: [
      'us-mexico security cooperation',
      'sinaloa and cjng cartels',
      'precursor chemicals from china',
      'terrorist designation of cartels',
      'sanctions',
      'arms trafficking',
      'overdose deaths',
      'amlo and fentanyl production',
    ],
  },
];

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: path.resolve(ROOT, '../shared/seeds') },
    out: { type: 'string', default: path.join(ROOT, 'knowledge') },
    check: { type: 'boolean', default: false },
  },
});

/** Each paragraph must occur in the seed, whole, after the previous one. */
function verbatimProblems(seed: string, paragraphs: string[]): string[] {
  const problems: string[] = [];
  let from = 0;
  for (const [index, paragraph] of paragraphs.entries()) {
    const at = seed.indexOf(paragraph, from);
    if (at < 0) problems.push(`paragraph ${index + 1} is not verbatim (or out of order): "${paragraph.slice(0, 60)}…"`);
    else from = at + paragraph.length;
  }
  return problems;
}

/** Front matter in a fixed key order, strings double-quoted (JSON strings are valid YAML). */
function render(front: FrontMatter, paragraphs: string[]): string {
  const q = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
  return [
    '---',
    `id: ${front.id}`,
    `title: ${q(front.title)}`,
    `publisher: ${q(front.publisher)}`,
    `authors: ${list(front.authors)}`,
    `published: ${q(front.published)}`,
    `url: ${q(front.url)}`,
    `origin: ${front.origin}`,
    `topics: ${list(front.topics)}`,
    '---',
    paragraphs.join('\n\n'),
    '',
  ].join('\n');
}

let failed = false;
for (const plan of PLAN) {
  const seedPath = path.join(args.seeds, plan.origin);
  const seed = readFileSync(seedPath, 'utf8');
  const curated: CuratedArticle = curateArticle(seed, { dropLines: plan.captions ?? [] });
  const problems: string[] = [];
  if (!curated.title) problems.push('no title found');
  for (const caption of plan.captions ?? []) {
    if (!curated.removed.some((entry) => entry.line === caption && entry.reason === 'caption')) problems.push(`caption not found: "${caption.slice(0, 60)}…"`);
  }
  problems.push(...verbatimProblems(seed, curated.paragraphs));

  const front = FrontMatter.parse({
    id: plan.id,
    title: curated.title,
    publisher: plan.publisher?.value ?? curated.publisher,
    authors: curated.authors,
    published: curated.published,
    url: null,
    origin: plan.origin,
    topics: plan.topics,
  });
  const file = `${plan.id}.md`;
  const text = render(front, curated.paragraphs);
  const loaded = parseDocument(file, text);
  if ('problems' in loaded) problems.push(...loaded.problems.map((problem) => `${problem.field} ${problem.message}`));
  else if (loaded.document.paragraphs.join('\n') !== curated.paragraphs.join('\n')) problems.push('the paragraphs do not survive loading unchanged');

  const target = path.join(args.out, file);
  if (problems.length > 0) {
    failed = true;
    console.error(`${plan.origin}: ${problems.join('; ')}`);
    continue;
  }
  if (args.check) {
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
      failed = true;
      console.error(`${file} is not what the seed curates to; run npx tsx scripts/curate-seeds.ts`);
    }
  } else {
    writeFileSync(target, text, 'utf8');
  }
  const kinds = curated.removed.map((entry) => entry.reason).join(', ');
  console.log(`${file}: ${curated.paragraphs.length} paragraphs; removed ${curated.removed.length} lines (${kinds})${plan.publisher ? `; publisher: ${plan.publisher.why}` : ''}`);
}
process.exitCode = failed ? 1 : 0;
