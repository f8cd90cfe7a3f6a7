/**
 * The scale section: for the real knowledge base and each synthetic size, our search and
 * the default-fuse baseline, each measured in a fresh child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCorpus } from './corpus.ts';
import { WARM_UP } from './queries.ts';
import type { MeasureRequest, MeasureResult, SystemName } from './measure.ts';
import type { BenchContext, Section, SectionOutput } from './section.ts';
import { table } from './stats.ts';

const MEASURE = path.join(import.meta.dirname, 'measure.ts');
/** A child that takes longer than this is stopped; the row says so. */
const CHILD_TIMEOUT_MS = 10 * 60_000;

/** The JSON row of issue 6, plus how many queries were timed, the load share of buildMs and the longest event-loop stall. */
export type Row = Pick<
  MeasureResult,
  'system' | 'passages' | 'buildMs' | 'heapMB' | 'rssMB' | 'p50Ms' | 'p95Ms' | 'maxMs' | 'eventLoopP99Ms' | 'queries' | 'loadMs' | 'eventLoopMaxMs'
>;

type ChildResult = MeasureResult & { slow: boolean };

function measure(request: MeasureRequest): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...process.execArgv, MEASURE, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((candidate) => candidate.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
      else reject(new Error(`${request.system} on ${request.dir} ended (${signal ?? code}) without a result`));
    });
  });
}

async function readAll(dir: string): Promise<void> {
  const names = await readdir(dir);
  let next = 0;
  const reader = async () => {
    while (next < names.length) await readFile(path.join(dir, names[next++]!));
  };
  await Promise.all(Array.from({ length: 16 }, reader));
}

const toRow = (result: ChildResult): Row => ({
  system: result.system,
  passages: result.passages,
  buildMs: result.buildMs,
  heapMB: result.heapMB,
  rssMB: result.rssMB,
  p50Ms: result.p50Ms,
  p95Ms: result.p95Ms,
  maxMs: result.maxMs,
  eventLoopP99Ms: result.eventLoopP99Ms,
  queries: result.queries,
  loadMs: result.loadMs,
  eventLoopMaxMs: result.eventLoopMaxMs,
});

export const scaleSection: Section = {
  title: 'Search at scale (load + index, memory after indexing, latency over 100 queries, event-loop p99 during a rebuild)',
  async run(context: BenchContext): Promise<SectionOutput> {
    const { options, progress } = context;
    const results: ChildResult[] = [];
    const notes: string[] = [];
    const skipped: { system: SystemName; passages: number; reason: string }[] = [];
    let baselineTooSlowAt: number | null = null;

    const run = async (system: SystemName, dir: string, label: string) => {
      progress(`  ${system} on ${label}…`);
      const result = await measure({
        system,
        dir,
        rebuild: options.rebuild,
        queryBudgetMs: system === 'fuse-default' ? options.baselineBudgetMs : 1e9,
      });
      results.push(result);
      if (result.queries < 100) notes.push(`${system} at ${result.passages} passages: only the first ${result.queries} queries of the mix timed (${Math.round(options.baselineBudgetMs / 1000)} s budget).`);
      return result;
    };

    progress(`real knowledge base (${options.knowledgeDir})`);
    await run('ours', options.knowledgeDir, 'the real knowledge base');
    await run('ours-unexpanded', options.knowledgeDir, 'the real knowledge base');
    if (options.baseline) await run('fuse-default', options.knowledgeDir, 'the real knowledge base');

    for (const size of options.sizes) {
      const dir = await mkdtemp(path.join(os.tmpdir(), `bench-kb-${size}-`));
      try {
        progress(`${size} passages: writing ${dir}`);
        const corpus = await writeCorpus(dir, size, options.knowledgeDir, context.documents);
        progress(`  ${corpus.files} files, ${corpus.passages} passages`);
        // Write the files out and read them once, so both systems find the folder in the same (warm) state.
        spawnSync('sync', { stdio: 'ignore' });
        await readAll(dir);
        await run('ours', dir, `${size} passages`);
        await run('ours-unexpanded', dir, `${size} passages`);
        if (!options.baseline) {
          // --skip-baseline: for quick runs while tuning.
        } else if (baselineTooSlowAt !== null) {
          const reason = `skipped: a query took over 5 s at ${baselineTooSlowAt} passages`;
          skipped.push({ system: 'fuse-default', passages: corpus.passages, reason });
          progress(`  fuse-default ${reason}`);
        } else {
          const baseline = await run('fuse-default', dir, `${size} passages`);
          if (baseline.slow) baselineTooSlowAt = baseline.passages;
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    const rows = results.map(toRow);
    const header = ['system', 'passages', 'build ms', '(load ms)', 'heap MB', 'RSS MB', 'p50 ms', 'p95 ms', 'max ms', 'loop p99 ms', 'loop max ms', 'queries', 'rebuild ms', 'peak RSS MB'];
    const lines: (string | number)[][] = results.map((r) => [r.system, r.passages, r.buildMs, r.loadMs, r.heapMB, r.rssMB, r.p50Ms, r.p95Ms, r.maxMs, r.eventLoopP99Ms, r.eventLoopMaxMs, r.queries, r.rebuildMs, r.peakRssMB]);
    for (const skip of skipped) lines.push([skip.system, skip.passages, '—', '—', '—', '—', '—', '—', '—', '—', '—', 0, '—', '—']);
    notes.push(...skipped.map((skip) => `${skip.system} at ${skip.passages} passages ${skip.reason}.`));
    notes.push(
      `build ms = load the folder (loadKnowledge, shown as load ms) + index it; heap/RSS after a GC once built;`,
      `latency = search(query, {limit: 5}) per query, snippets included (ours after ${WARM_UP.length} warm-up queries not in the mix);`,
      `loop p99 / max = monitorEventLoopDelay (10 ms resolution) while the folder is reloaded (${options.rebuild === 'async' ? 'Library.reload, as /kb reload runs it' : 'load + one blocking build'}) beside a stream of queries (one every 20 ms); rebuild ms is that reload's wall time; peak RSS includes it.`,
    );
    return { text: `${table(header, lines)}\n\n${notes.map((note) => `- ${note}`).join('\n')}`, json: { rows, skipped } };
  },
};
