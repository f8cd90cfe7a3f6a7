/**
 * How long a reload of a large knowledge folder blocks the event loop (what would stall
 * the Discord gateway heartbeat and every query in flight).
 *
 *   npx tsx src/kb/measure-reload.ts [--passages 100000] [--keep]
 *
 * Writes a synthetic folder (documents of 50 paragraphs made of the knowledge base's own
 * vocabulary) to a temp dir, opens a Library on it, then reloads it after changing one
 * document while sampling the event loop: `monitorEventLoopDelay` (histogram of timer
 * lateness) and the longest gap between 1 ms ticks.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import matter from 'gray-matter';
import { PROJECT_ROOT } from '../config.ts';
import { Library } from '../library.ts';

const PARAGRAPHS_PER_DOCUMENT = 50;

async function vocabulary(): Promise<string[]> {
  const words = new Set<string>();
  for (const dir of [path.join(PROJECT_ROOT, 'knowledge'), path.join(PROJECT_ROOT, '../shared/seeds')]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
      for (const word of text.match(/\p{L}{3,}/gu) ?? []) words.add(word);
    }
  }
  return words.size > 100 ? [...words] : 'fentanyl cartel border seizure precursor chemical smuggling customs Sinaloa Jalisco Mexico Washington pills opioid overdose'.split(' ');
}

/** Deterministic, so two runs measure the same folder. */
function random(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function writeSyntheticKnowledge(dir: string, passages: number): Promise<void> {
  const words = await vocabulary();
  const next = random(42);
  const word = () => words[Math.floor(next() * words.length)]!;
  const sentence = () => {
    const length = 8 + Math.floor(next() * 14);
    const text = Array.from({ length }, word).join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const documents = Math.ceil(passages / PARAGRAPHS_PER_DOCUMENT);
  for (let d = 0; d < documents; d += 1) {
    const paragraphs = Array.from({ length: PARAGRAPHS_PER_DOCUMENT }, () => Array.from({ length: 3 + Math.floor(next() * 3) }, sentence).join(' '));
    const id = `synthetic-${String(d).padStart(5, '0')}`;
    const front = { id, title: `Synthetic document ${d}`, publisher: null, authors: [], published: null, url: null, origin: `${id}.txt`, topics: [`topic ${d % 40}`] };
    await writeFile(path.join(dir, `${id}.md`), matter.stringify(`${paragraphs.join('\n\n')}\n`, front));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { passages: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } } });
  const passages = Number(values.passages);
  const dir = await mkdtemp(path.join(tmpdir(), 'kb-measure-'));
  try {
    let started = performance.now();
    await writeSyntheticKnowledge(dir, passages);
    console.log(`wrote ${Math.ceil(passages / PARAGRAPHS_PER_DOCUMENT)} documents to ${dir} in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    const library = await Library.open(dir);
    console.log(`open: ${library.counts.documents} documents, ${library.counts.passages} passages in ${Math.round(performance.now() - started)} ms`);

    // One changed document, so the reload has something to report.
    const first = path.join(dir, 'synthetic-00000.md');
    await writeFile(first, (await readFile(first, 'utf8')).replace('Synthetic document 0', 'Synthetic document zero'));

    const histogram = monitorEventLoopDelay({ resolution: 5 });
    // CPU time (all threads of this process) spent during the longest gap: far below the gap's
    // length means the process was waiting for a core (a busy machine), not blocking itself.
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    let longestGap = 0;
    let longestGapCpu = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      if (now - last > longestGap) {
        longestGap = now - last;
        longestGapCpu = (cpu.user + cpu.system) / 1000;
      }
      last = now;
      lastCpu = process.cpuUsage();
    }, 1);
    histogram.enable();
    const report = await library.reload({ trigger: 'cli', by: { id: null, name: 'measure' } });
    histogram.disable();
    clearInterval(ticker);
    const ms = (ns: number) => Math.round(ns / 1e6);
    if (!report.ok) console.log(report.problems.slice(0, 5));
    console.log(`reload: ok=${report.ok}, ${report.after.passages} passages, changed ${report.changed.join(', ')}, ${Math.round(report.durationMs)} ms`);
    console.log(`event-loop delay during the reload: max ${ms(histogram.max)} ms, p99 ${ms(histogram.percentile(99))} ms, mean ${ms(histogram.mean)} ms; longest gap between 1 ms ticks ${Math.round(longestGap)} ms (CPU used in it: ${Math.round(longestGapCpu)} ms)`);
    console.log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`);
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await main();
}
