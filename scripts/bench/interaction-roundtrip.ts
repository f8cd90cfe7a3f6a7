/**
 * Interaction round trip (issue 3): the time from the loopback Discord dispatching a `/fentanyl`
 * INTERACTION_CREATE to it receiving the bot's interaction callback, over the real discord.js
 * client, gateway and REST, for 200 sequential interactions with a mix of queries.
 *
 *   npx tsx scripts/bench/interaction-roundtrip.ts [--n 200] [--knowledge DIR] [--json]
 *
 * `measureInteractionRoundTrip()` returns the numbers; `interactionRoundTripSection` is the same
 * as a section of `npm run bench`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { registerCommands, startBotInProcess, tempDataDir } from '../../tests/e2e/bot-harness.ts';
import { startDiscordEmulator } from '../../tests/e2e/emulator/index.ts';
import type { Section } from './section.ts';
import { percentile, round, table } from './stats.ts';

export interface RoundTripResult {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  n: number;
}

export interface RoundTripOptions {
  /** Measured interactions (default 200), after `warmup` unmeasured ones (default 10). */
  n?: number;
  warmup?: number;
  /** Default: the project's knowledge folder (or KNOWLEDGE_DIR). */
  knowledgeDir?: string;
}

/** What people ask: topics, names, abbreviations, typos, a question, a miss, a private answer. */
const QUERIES: { query: string; private?: boolean }[] = [
  { query: 'seizures' },
  { query: 'Sinaloa cartel' },
  { query: 'precursor chemicals from China' },
  { query: 'Operation Blue Lotus' },
  { query: 'overdose deaths', private: true },
  { query: 'AMLO' },
  { query: 'CJNG' },
  { query: 'fentanil' },
  { query: 'who smuggles fentanyl across the border' },
  { query: 'Mariposa port of entry' },
  { query: 'xylazine' },
  { query: 'how to train a puppy' },
];

export async function measureInteractionRoundTrip(options: RoundTripOptions = {}): Promise<RoundTripResult> {
  const n = options.n ?? 200;
  const warmup = options.warmup ?? 10;
  const emu = await startDiscordEmulator();
  const data = tempDataDir('bench-roundtrip-');
  try {
    await registerCommands(emu, emu.guildId);
    const bot = await startBotInProcess(emu, data.dir, { env: options.knowledgeDir ? { KNOWLEDGE_DIR: options.knowledgeDir } : {} });
    try {
      const samples: number[] = [];
      for (let i = 0; i < warmup + n; i += 1) {
        const { query, private: ephemeral } = QUERIES[i % QUERIES.length]!;
        const started = performance.now();
        const itx = emu.dispatchChatInput({
          name: 'fentanyl',
          options: [{ name: 'query', type: 3, value: query }, ...(ephemeral ? [{ name: 'private', type: 5, value: true }] : [])],
        });
        const callback = await itx.callback();
        const elapsed = performance.now() - started;
        if (callback.type !== 4) throw new Error(`interaction ${i}: expected an immediate answer (type 4), got type ${callback.type}`);
        if (i >= warmup) samples.push(elapsed);
      }
      return { p50Ms: round(percentile(samples, 50), 2), p95Ms: round(percentile(samples, 95), 2), maxMs: round(Math.max(...samples), 2), n: samples.length };
    } finally {
      await bot.stop();
    }
  } finally {
    await emu.stop();
    data.cleanup();
  }
}

function describeResult(result: RoundTripResult): string {
  return [
    table(['interactions', 'p50 ms', 'p95 ms', 'max ms'], [[result.n, result.p50Ms, result.p95Ms, result.maxMs]]),
    '',
    'Loopback Discord dispatch → interaction callback received, sequential /fentanyl with a mix of queries,',
    'real discord.js client, gateway and REST in one process; Discord allows 3000 ms.',
  ].join('\n');
}

/** The same measurement as a section of `npm run bench`. */
export const interactionRoundTripSection: Section = {
  title: 'Interaction round trip (emulator dispatch → callback received)',
  async run(context) {
    const result = await measureInteractionRoundTrip({ knowledgeDir: context.options.knowledgeDir });
    return { text: describeResult(result), json: { interactionRoundTrip: result } };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: { n: { type: 'string', default: '200' }, knowledge: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--n takes a positive whole number, got ${values.n}`);
  const result = await measureInteractionRoundTrip({ n, ...(values.knowledge ? { knowledgeDir: path.resolve(values.knowledge) } : {}) });
  console.log(values.json ? JSON.stringify(result) : describeResult(result));
}
