/**
 * Memory per shard: `npm start` with SHARD_COUNT=2 over the loopback Discord (two guilds, one per
 * shard), on the real knowledge base and on the largest synthetic size. Once every shard is ready
 * and has answered a few /fentanyl questions, the resident memory (VmRSS) of the manager and of
 * each shard process is read from /proc. A shard holds the whole knowledge base, so this is what
 * each further shard costs on one host.
 *
 *   npx tsx scripts/bench/shard-memory.ts [--passages 100000] [--knowledge DIR] [--json]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import { botEnv, registerCommands, runScript, tempDataDir } from '../../tests/e2e/bot-harness.ts';
import { guildIdOnShard, startDiscordEmulator } from '../../tests/e2e/emulator/index.ts';
import { writeCorpus } from './corpus.ts';
import type { Section } from './section.ts';
import { table } from './stats.ts';

export interface ShardMemoryRow {
  knowledge: string;
  passages: number;
  managerRssMB: number;
  shardRssMB: number[];
}

const QUESTIONS = ['seizures', 'Sinaloa cartel', 'precursor chemicals from China', 'overdose deaths', 'fentanil'];

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Math.round(Number(match[1]) / 1024);
}

export async function measureShardMemory(knowledgeDir: string, label: string): Promise<ShardMemoryRow> {
  const guilds = [guildIdOnShard(0, 2), guildIdOnShard(1, 2)];
  const emu = await startDiscordEmulator({ recommendedShards: 2, guilds: guilds.map((id) => ({ id })), waitTimeoutMs: 30_000 });
  const data = tempDataDir('bench-shards-');
  try {
    await registerCommands(emu);
    const manager = runScript('src/main.ts', botEnv(emu, data.dir, { SHARD_COUNT: '2', KNOWLEDGE_DIR: knowledgeDir }));
    try {
      await manager.logs.waitFor((line) => line.msg === 'every shard is ready', 'every shard ready', { timeoutMs: 10 * 60_000 });
      for (const guildId of guilds) {
        for (const value of QUESTIONS) await emu.dispatchChatInput({ name: 'fentanyl', guildId, user: emu.adminUser, options: [{ name: 'query', type: 3, value }] }).callback();
      }
      const pids = [0, 1].map((shard) => manager.logs.lines.filter((line) => line.msg === 'shard process started' && line['shard'] === shard).at(-1)?.['pid'] as number);
      const loaded = manager.logs.lines.find((line) => line.msg === 'knowledge base loaded');
      return { knowledge: label, passages: Number(loaded?.['passages'] ?? 0), managerRssMB: rssMB(manager.child.pid!), shardRssMB: pids.map(rssMB) };
    } finally {
      await manager.stop('SIGTERM', 20_000);
    }
  } finally {
    await emu.stop();
    data.cleanup();
  }
}

async function measureAll(knowledgeDir: string, passages: number | null, real: KnowledgeDocument[], progress: (message: string) => void): Promise<ShardMemoryRow[]> {
  progress('  2 shards on the real knowledge base…');
  const rows = [await measureShardMemory(knowledgeDir, 'the real one')];
  if (passages !== null) {
    const dir = await mkdtemp(path.join(os.tmpdir(), `bench-shards-kb-${passages}-`));
    try {
      await writeCorpus(dir, passages, knowledgeDir, real);
      progress(`  2 shards on ${passages} passages…`);
      rows.push(await measureShardMemory(dir, `synthetic ${passages}`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

function describe(rows: ShardMemoryRow[]): string {
  return [
    table(['knowledge base', 'passages', 'manager RSS MB', 'shard 0 RSS MB', 'shard 1 RSS MB'], rows.map((row) => [row.knowledge, row.passages, row.managerRssMB, ...row.shardRssMB])),
    '',
    '- `npm start` with SHARD_COUNT=2 over the loopback Discord, two guilds (one per shard); VmRSS once every shard is ready and has answered 5 questions.',
    '- Each shard process holds the whole knowledge base, so each further shard costs about one shard column; a reload briefly holds two indexes (see peak RSS above).',
  ].join('\n');
}

export const shardMemorySection: Section = {
  title: 'Memory per shard (SHARD_COUNT=2)',
  async run(context) {
    const largest = Math.max(...context.options.sizes);
    const rows = await measureAll(context.options.knowledgeDir, Number.isFinite(largest) ? largest : null, context.documents, context.progress);
    return { text: describe(rows), json: { shardMemory: rows } };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: { passages: { type: 'string', default: '100000' }, knowledge: { type: 'string', default: path.resolve(import.meta.dirname, '../../knowledge') }, json: { type: 'boolean', default: false } },
  });
  const passages = Number(values.passages);
  if (!Number.isInteger(passages) || passages < 0) throw new Error(`--passages takes a whole number (0: the real knowledge base only), got ${values.passages}`);
  const knowledgeDir = path.resolve(values.knowledge);
  const { documents } = await loadKnowledge(knowledgeDir);
  const rows = await measureAll(knowledgeDir, passages || null, documents, (message) => console.error(message));
  console.log(values.json ? JSON.stringify(rows) : describe(rows));
}
