/**
 * `npm run bench`: how search scales (issue 6). Generates synthetic knowledge folders
 * around the real documents, measures our search and the default-fuse baseline at each
 * size in fresh processes, prints our eval row on the real knowledge base, and times
 * /fentanyl interaction round trips over the loopback Discord emulator, and the memory of each
 * shard process with SHARD_COUNT=2.
 * Options: --sizes 1000,10000,100000  --json  --knowledge DIR  --set FILE
 *          --rebuild async|sync (how ours rebuilds during the query stream: buildAsync or build)
 *          --baseline-budget SECONDS (query time the baseline may spend per size)
 *          --skip-baseline (ours only, for quick runs while tuning)
 * The sections run in order; add one to SECTIONS to extend the report.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import { briefingMinuteSection } from './bench/briefing-minute.ts';
import { evalSection } from './bench/eval.ts';
import { interactionRoundTripSection } from './bench/interaction-roundtrip.ts';
import { pathologicalSection } from './bench/pathological.ts';
import { scaleSection } from './bench/scale.ts';
import { shardMemorySection } from './bench/shard-memory.ts';
import type { BenchContext, BenchOptions, Section } from './bench/section.ts';

const SECTIONS: Section[] = [scaleSection, evalSection, interactionRoundTripSection, pathologicalSection, briefingMinuteSection, shardMemorySection];

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    json: { type: 'boolean', default: false },
    knowledge: { type: 'string', default: path.resolve(import.meta.dirname, '../knowledge') },
    set: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/eval/dev-queries.json') },
    rebuild: { type: 'string', default: 'async' },
    'baseline-budget': { type: 'string', default: '30' },
    'skip-baseline': { type: 'boolean', default: false },
  },
});

const sizes = values.sizes.split(',').map((size) => Number(size.trim().replace(/_/g, '')));
if (sizes.some((size) => !Number.isInteger(size) || size <= 0)) throw new Error(`--sizes takes positive whole numbers, got ${values.sizes}`);
if (!['async', 'sync'].includes(values.rebuild)) throw new Error(`--rebuild is async or sync, got ${values.rebuild}`);
const options: BenchOptions = {
  sizes,
  json: values.json,
  knowledgeDir: path.resolve(values.knowledge),
  evalSet: path.resolve(values.set),
  rebuild: values.rebuild as BenchOptions['rebuild'],
  baselineBudgetMs: Number(values['baseline-budget']) * 1000,
  baseline: !values['skip-baseline'],
};

const { documents, aliases, problems } = await loadKnowledge(options.knowledgeDir);
if (problems.length) {
  console.error(`The knowledge folder has ${problems.length} problem(s); run npm run kb -- check.`);
  process.exit(1);
}
if (documents.length === 0) console.error(`No documents in ${options.knowledgeDir}: the corpora are synthetic only and the eval row is empty (try --knowledge DIR).`);

const context: BenchContext = { options, documents, aliases, progress: (message) => console.error(message) };
const json: Record<string, unknown> = {};
for (const section of SECTIONS) {
  context.progress(`== ${section.title}`);
  const output = await section.run(context);
  Object.assign(json, output.json);
  if (!options.json) console.log(`\n## ${section.title}\n\n${output.text}`);
}
if (options.json) console.log(JSON.stringify(json));
