/**
 * One system at one corpus size, in a process of its own (so heap and RSS belong to this
 * size alone and a huge baseline cannot take the others down). Run by scripts/bench.ts:
 * `node --expose-gc <tsx flags> scripts/bench/measure.ts '<MeasureRequest as JSON>'`;
 * prints one line `RESULT <MeasureResult as JSON>`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { toPassages } from '../../src/knowledge/passages.ts';
import { Library } from '../../src/library.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { EXPANSION_KINDS, type ExpansionKind } from '../../src/search/query-reader.ts';
import type { Passage } from '../../src/knowledge/passages.ts';
import { QUERY_MIX, WARM_UP } from './queries.ts';
import { megabytes, percentile, round } from './stats.ts';

/** `ours-unexpanded`: ours without any query expansion (aliases, glossaries, WordNet…), to show what they cost. */
export type SystemName = 'ours' | 'ours-unexpanded' | 'fuse-default';
/** How `ours` rebuilds during the query stream: `buildAsync` (in slices between event-loop turns) or `build` (blocking). */
export type RebuildMode = 'async' | 'sync';

export interface MeasureRequest {
  system: SystemName;
  dir: string;
  rebuild: RebuildMode;
  /** Stop timing further queries once this much query time is spent (the slow baseline). */
  queryBudgetMs: number;
}

export interface MeasureResult {
  system: SystemName;
  passages: number;
  buildMs: number;
  /** Of buildMs, reading and validating the folder (loadKnowledge). */
  loadMs: number;
  heapMB: number;
  rssMB: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  eventLoopP99Ms: number;
  /** The longest single stall in that window. */
  eventLoopMaxMs: number;
  /** How many of the mix's queries were timed (fewer than 100 only when the budget ran out). */
  queries: number;
  /** Wall time of the rebuild during the query stream, and queries answered meanwhile. */
  rebuildMs: number;
  streamQueries: number;
  /** Peak RSS over the whole run, the rebuild (two indexes alive) included. */
  peakRssMB: number;
}

type Runner = (query: string) => unknown;

interface System {
  passages: number;
  /** Of the build time, how much was reading the folder (the rest is indexing). */
  loadMs: number;
  run: Runner;
  /** Load the folder again and build a new index (ours: Library.reload itself). */
  rebuild: () => Promise<void>;
}

const SLOW_QUERY_MS = 5_000;
const STREAM_INTERVAL_MS = 20;

async function load(dir: string) {
  const { documents, aliases, problems } = await loadKnowledge(dir);
  if (problems.length) throw new Error(`${problems.length} problem(s) in ${dir}, first: ${JSON.stringify(problems[0])}`);
  return { documents, aliases };
}

async function openOurs(dir: string, mode: RebuildMode, without: readonly ExpansionKind[] = []): Promise<System> {
  const started = performance.now();
  const { documents, aliases } = await load(dir);
  const loadMs = performance.now() - started;
  const library = Library.serving(dir, SearchIndex.build(documents, aliases));
  let blocking: SearchIndex | null = null;
  const index = () => blocking ?? library.index;
  return {
    passages: index().passages.length,
    loadMs,
    run: (query) => index().search(query, { limit: 5, without }),
    // async: what /kb reload, SIGHUP and the folder watch run. sync: the same work in one blocking build, for comparison.
    rebuild: async () => {
      if (mode === 'async') {
        const report = await library.reload({ trigger: 'cli', by: { id: null, name: 'bench' }, fresh: true });
        if (!report.ok) throw new Error(`reload failed: ${JSON.stringify(report.problems[0])}`);
        return;
      }
      const next = await load(dir);
      blocking = SearchIndex.build(next.documents, next.aliases);
    },
  };
}

async function openFuse(dir: string): Promise<System> {
  const started = performance.now();
  const { documents } = await load(dir);
  const loadMs = performance.now() - started;
  let fuse = new Fuse<Passage>(documents.flatMap(toPassages), { keys: ['text'] });
  let passages = fuse.getIndex().size();
  return {
    passages,
    loadMs,
    run: (query) => fuse.search(query, { limit: 5 }),
    rebuild: async () => {
      const next = await load(dir);
      fuse = new Fuse<Passage>(next.documents.flatMap(toPassages), { keys: ['text'] });
      passages = fuse.getIndex().size();
    },
  };
}

function settle(): { heapMB: number; rssMB: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { heapMB: megabytes(usage.heapUsed), rssMB: megabytes(usage.rss) };
}

/** Event-loop delay p99 (default 10 ms resolution) while `rebuild` runs beside a stream of queries, one every 20 ms. */
async function delayDuringRebuild(system: System, budgetMs: number) {
  const histogram = monitorEventLoopDelay();
  histogram.enable();
  let stop = false;
  let spent = 0;
  let streamQueries = 0;
  const stream = new Promise<void>((resolve) => {
    const tick = () => {
      if (stop) return resolve();
      if (spent < budgetMs) {
        const started = performance.now();
        system.run(QUERY_MIX[streamQueries % QUERY_MIX.length]!.query);
        spent += performance.now() - started;
        streamQueries += 1;
      }
      setTimeout(tick, STREAM_INTERVAL_MS);
    };
    setTimeout(tick, 0);
  });
  const started = performance.now();
  await system.rebuild();
  const rebuildMs = performance.now() - started;
  // Let the stream run a little past the swap, so the first queries on the new index count too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  stop = true;
  await stream;
  histogram.disable();
  return {
    eventLoopP99Ms: round(histogram.percentile(99) / 1e6),
    eventLoopMaxMs: round(histogram.max / 1e6),
    rebuildMs: round(rebuildMs, 0),
    streamQueries,
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as MeasureRequest;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const ours = request.system !== 'fuse-default';
  const system = ours ? await openOurs(request.dir, request.rebuild, request.system === 'ours-unexpanded' ? EXPANSION_KINDS : []) : await openFuse(request.dir);
  const buildMs = performance.now() - started;
  // One query first, so what ours reads on first use (WordNet, the glossaries) counts in its memory.
  if (ours) system.run(WARM_UP[0]!);
  const memory = settle();

  // Ours is warmed like a process that has served a while; the baseline is not (its queries take seconds at scale).
  if (ours) for (const query of WARM_UP) system.run(query);
  const latencies: number[] = [];
  let spent = 0;
  let slow = false;
  for (const { query } of QUERY_MIX) {
    const t = performance.now();
    system.run(query);
    const elapsed = performance.now() - t;
    latencies.push(elapsed);
    spent += elapsed;
    if (elapsed > SLOW_QUERY_MS) slow = true;
    if (spent > request.queryBudgetMs) break;
  }
  const loop = await delayDuringRebuild(system, request.queryBudgetMs / 4);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const result: MeasureResult & { slow: boolean } = {
    system: request.system,
    passages: system.passages,
    buildMs: round(buildMs, 0),
    loadMs: round(system.loadMs, 0),
    ...memory,
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    maxMs: round(Math.max(...latencies), 2),
    ...loop,
    queries: latencies.length,
    peakRssMB: megabytes(peakRss),
    slow,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

await main();
