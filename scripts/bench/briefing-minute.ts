/**
 * Ten channels due at the same minute (issue 9): the time from the minute to each post, over
 * the loopback Discord with the real discord.js client, the real scheduler and store, at each
 * size of 10,000 passages and up. The minute job is triggered by hand (as node-cron would at
 * HH:MM:00). Two cases: channels sharing a history (seeded together: one composition serves
 * all) and ten different histories (ten compositions). Also how long a preview composes (it is
 * acknowledged before composing) and the longest event-loop stall while the ten are posted.
 * Run alone: `tsx scripts/bench/briefing-minute.ts --sizes 10000,100000`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from 'discord.js';
import pino from 'pino';
import { composeBriefing } from '../../src/briefing/compose.ts';
import { NO_HISTORY } from '../../src/briefing/types.ts';
import { discordBriefingTransport } from '../../src/discord/briefing-transport.ts';
import { createClient } from '../../src/discord/client.ts';
import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { BriefingScheduler, type CronScheduler } from '../../src/scheduler/briefing-scheduler.ts';
import type { AliasFile } from '../../src/knowledge/aliases.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { BriefingRunStore } from '../../src/store/briefing-runs.ts';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { startDiscordEmulator } from '../../tests/e2e/emulator/index.ts';
import { tempDataDir } from '../../tests/e2e/bot-harness.ts';
import { syntheticDocuments } from './corpus.ts';
import type { Section } from './section.ts';
import { round, table } from './stats.ts';

const CHANNELS = Array.from({ length: 10 }, (_, i) => `2000000000000001${String(i).padStart(2, '0')}`);

export interface MinuteRow {
  passages: number;
  histories: 'shared' | 'distinct';
  firstPostMs: number;
  lastPostMs: number;
  eventLoopMaxMs: number;
}

export interface PreviewRow {
  passages: number;
  /** The date previewed: a new channel's play replays every day from 1 January to it. */
  date: string;
  ms: number;
}

export interface MinuteResult {
  rows: MinuteRow[];
  previewComposeMs: PreviewRow[];
}

/** Early and late in the year: a new channel's first digest replays the days since 1 January. */
const PREVIEW_DATES = ['2025-04-02', '2025-12-31'];

async function measureSize(documents: KnowledgeDocument[], aliases: AliasFile, passages: number, progress: (message: string) => void): Promise<{ rows: MinuteRow[]; previews: PreviewRow[] }> {
  progress(`  briefing minute at ${passages} passages: building the index…`);
  const index = SearchIndex.build([...documents, ...syntheticDocuments(passages, documents)], aliases);
  // The first case meets the index as a start or a reload leaves it: nothing of it read for a digest yet.
  const rows: MinuteRow[] = [];
  for (const histories of ['shared', 'distinct'] as const) {
    progress(`  briefing minute at ${passages} passages, ${histories} histories…`);
    rows.push({ passages: index.passages.length, histories, ...(await measureMinute(index, histories)) });
  }
  // A preview in a channel with no play yet (after the defer; the knowledge base already read).
  const previews = PREVIEW_DATES.map((date, i) => {
    const started = performance.now();
    composeBriefing({ index, date, history: NO_HISTORY, channel: `30000000000000000${i}` });
    return { passages: index.passages.length, date, ms: round(performance.now() - started, 0) };
  });
  return { rows, previews };
}

async function measureMinute(index: SearchIndex, histories: 'shared' | 'distinct'): Promise<Omit<MinuteRow, 'passages' | 'histories'>> {
  const emu = await startDiscordEmulator({ guilds: [{ channels: CHANNELS.map((id, i) => ({ id, name: `briefings-${i}` })) }] });
  const data = tempDataDir('bench-minute-');
  const db = openDatabase(data.dir);
  let client: Client | undefined;
  let scheduler: BriefingScheduler | undefined;
  try {
    const now = new Date();
    const time = now.toISOString().slice(11, 16);
    const yesterday = new Date(now.getTime() - 24 * 3600_000);
    const subscriptions = new SubscriptionStore(db, () => yesterday);
    const runs = new BriefingRunStore(db, () => yesterday);
    for (const [i, channelId] of CHANNELS.entries()) {
      subscriptions.subscribe({ channelId, guildId: emu.guildId, time, timezone: 'UTC', createdBy: emu.adminUser.id });
      if (histories === 'distinct') {
        // Yesterday's briefing showed a different passage in each channel: ten different digests today.
        const key = { channelId, localDate: yesterday.toISOString().slice(0, 10) };
        runs.begin(key, { nonce: `bench${i}`, shownPassageIds: [index.passages[i * 7]!.id], knownDocIds: [] });
        runs.complete(key, `9000000000000000${i}`);
      }
    }
    client = createClient({ apiBaseUrl: emu.apiBaseUrl });
    const ready = new Promise((resolve) => client!.once('clientReady', resolve));
    await client.login(emu.token);
    await ready;
    let minuteJob: (() => Promise<void>) | undefined;
    const cron: CronScheduler = {
      schedule: (_expression, task) => {
        minuteJob = task;
        return { destroy: () => undefined };
      },
    };
    scheduler = new BriefingScheduler({ subscriptions: new SubscriptionStore(db), runs: new BriefingRunStore(db), transport: discordBriefingTransport(client), index: () => index, logger: pino({ level: 'silent' }), cron });
    scheduler.refresh();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const minute = performance.now();
    const since = Date.now();
    await minuteJob!();
    const posted = await emu.waitFor('ten posts', () => {
      const times = emu.requests.filter((request) => request.method === 'POST' && request.status === 200 && request.path.endsWith('/messages')).map((request) => request.at);
      return times.length >= CHANNELS.length ? times : undefined;
    }, { timeoutMs: 600_000 });
    const lastPostMs = performance.now() - minute;
    loop.disable();
    return {
      firstPostMs: round(Math.min(...posted) - since, 0),
      lastPostMs: round(lastPostMs, 0),
      eventLoopMaxMs: round(loop.max / 1e6, 0),
    };
  } finally {
    await scheduler?.stop();
    await client?.destroy();
    db.close();
    await emu.stop();
    data.cleanup();
  }
}

export async function measureBriefingMinute(sizes: number[], knowledgeDir: string, progress: (message: string) => void = () => undefined): Promise<MinuteResult> {
  const { documents, aliases } = await loadKnowledge(knowledgeDir);
  const result: MinuteResult = { rows: [], previewComposeMs: [] };
  for (const passages of sizes.filter((size) => size >= 10_000)) {
    const { rows, previews } = await measureSize(documents, aliases, passages, progress);
    result.rows.push(...rows);
    result.previewComposeMs.push(...previews);
  }
  return result;
}

function describe(result: MinuteResult): string {
  if (!result.rows.length) return 'No size of 10,000 passages or more was asked for (--sizes).';
  return [
    table(
      ['passages', 'histories', 'minute → first post ms', 'minute → last post ms', 'event-loop max ms'],
      result.rows.map((row) => [row.passages, row.histories, row.firstPostMs, row.lastPostMs, row.eventLoopMaxMs]),
    ),
    '',
    table(['passages', 'date', 'new channel preview compose ms (after the defer)'], result.previewComposeMs.map((row) => [row.passages, row.date, row.ms])),
    '',
    'Ten channels due at one minute; the minute job queues them and returns, a worker composes and posts',
    'one channel at a time. "shared" comes first, on an index no digest has read yet (the first channel',
    'reads it, in slices that yield); the channels have one history. "distinct": each channel has its',
    'own, and the channels\' plays are already there from the first case. Composing one channel\'s',
    'digest (its play replayed from 1 January) blocks the event loop while it runs.',
  ].join('\n');
}

export const briefingMinuteSection: Section = {
  title: 'Briefings: ten channels due at the same minute (minute → last post)',
  async run(context) {
    const result = await measureBriefingMinute(context.options.sizes, context.options.knowledgeDir, context.progress);
    return { text: describe(result), json: { briefingMinute: result } };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, knowledge: { type: 'string', default: path.resolve(import.meta.dirname, '../../knowledge') }, json: { type: 'boolean', default: false } } });
  const result = await measureBriefingMinute(values.sizes.split(',').map(Number), path.resolve(values.knowledge), (message) => console.error(message));
  console.log(values.json ? JSON.stringify(result) : describe(result));
}
