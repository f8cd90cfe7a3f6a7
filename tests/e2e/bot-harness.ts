/**
 * Running the real bot against the loopback Discord emulator, for the end-to-end tests and the
 * interaction round-trip benchmark: as a child process exactly as `npm start` runs it (exit codes
 * and the JSON log lines on stderr included), or in-process (createApp + startDiscordBot) where a
 * test needs to reach inside, e.g. to slow a command down past the defer threshold.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { startDiscordApp, type App } from '../../src/app.ts';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import type { DiscordBot } from '../../src/discord/bot.ts';
import { Library } from '../../src/library.ts';
import { startDiscordEmulator, type DiscordEmulator, type EmulatorOptions, type RecordedCallback } from './emulator/index.ts';

export const ROOT = PROJECT_ROOT;
/**
 * The knowledge folder the bot answers from: the project's own `knowledge/` (the default), or
 * KNOWLEDGE_DIR when the test run sets it. Expectations are computed from the same folder.
 */
export const KNOWLEDGE_DIR = process.env['KNOWLEDGE_DIR'] ?? path.join(ROOT, 'knowledge');

/** One structured log line (pino JSON); `raw` keeps lines that were not JSON (which should not happen). */
export interface LogLine {
  level?: number;
  msg?: string;
  raw: string;
  [key: string]: unknown;
}

export const LEVEL = { info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** Reject after `ms` with a message naming what was awaited, so no test hangs silently. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fresh data folder (the bot's SQLite store) per test file; removed by `cleanup()`. */
export function tempDataDir(prefix = 'bot-e2e-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Collects log lines and lets a test wait for one. */
export class LogBook {
  readonly lines: LogLine[] = [];
  private readonly waiters = new Set<() => void>();

  add(raw: string): void {
    if (!raw.trim()) return;
    let line: LogLine;
    try {
      line = { ...(JSON.parse(raw) as Record<string, unknown>), raw };
    } catch {
      line = { raw };
    }
    this.lines.push(line);
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolve with the first line (from index `since`) matching, now or once it is logged. */
  waitFor(match: (line: LogLine) => boolean, what: string, { timeoutMs = 10_000, since = 0 } = {}): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.slice(since).find(match);
        if (!found) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const recent = this.lines.slice(-10).map((line) => `  ${line.raw}`).join('\n');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for the log line: ${what}\nLast log lines:\n${recent || '  (none)'}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

/** The environment that points the bot at the emulator (plus the test's additions). */
export function botEnv(emu: DiscordEmulator, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    DISCORD_TOKEN: emu.token,
    DISCORD_APPLICATION_ID: emu.applicationId,
    DISCORD_API_BASE_URL: emu.apiBaseUrl,
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR,
    LOG_LEVEL: 'info',
    QUERY_COOLDOWN_SECONDS: '0',
    ...extra,
  };
}

export interface ChildRun {
  readonly child: ChildProcess;
  readonly logs: LogBook;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Send a signal (default SIGTERM) and wait for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run `node --import tsx <script>` from the project root with exactly `env` (nothing inherited but PATH). */
export function runScript(script: string, env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = new LogBook();
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) logs.add(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      if (partial) logs.add(partial);
      partial = '';
      resolve({ code, signal });
    });
  });
  return {
    child,
    logs,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Start `src/main.ts` (what `npm start` runs) in Discord mode against the emulator and wait
 * until it has logged "connected to Discord". Rejects, with its stderr, if it exits first.
 */
export async function startBotProcess(env: Record<string, string>, { readyTimeoutMs = 20_000 } = {}): Promise<ChildRun> {
  const run = runScript('src/main.ts', env);
  const ready = run.logs.waitFor((line) => line.msg === 'connected to Discord', 'connected to Discord', { timeoutMs: readyTimeoutMs });
  const early = run.exited.then(({ code, signal }) => {
    throw new Error(`the bot exited before it was ready (code ${code}, signal ${signal}):\n${run.stderr()}`);
  });
  try {
    await Promise.race([ready, early]);
  } catch (error) {
    await run.stop('SIGKILL');
    throw error;
  }
  early.catch(() => undefined);
  return run;
}

/** The bot as `npm start` runs it, over a fresh emulator with every command registered and its own data folder. */
export interface WiredBot {
  emu: DiscordEmulator;
  bot: ChildRun;
  /** Kill the bot, stop the emulator, remove the data folder. */
  stop(): Promise<void>;
}

export async function startWiredBot(env: Record<string, string> = {}, emulatorOptions: EmulatorOptions = {}): Promise<WiredBot> {
  const emu = await startDiscordEmulator(emulatorOptions);
  const data = tempDataDir();
  try {
    await registerCommands(emu, emu.guildId);
    // Further guilds see the commands registered globally.
    if ((emulatorOptions.guilds?.length ?? 1) > 1) await registerCommands(emu);
    const bot = await startBotProcess(botEnv(emu, data.dir, env));
    return {
      emu,
      bot,
      async stop() {
        await bot.stop('SIGKILL');
        await emu.stop();
        data.cleanup();
      },
    };
  } catch (error) {
    await emu.stop();
    data.cleanup();
    throw error;
  }
}

/**
 * Register every command as `npm run deploy-commands` would (one bulk overwrite), so the emulator
 * checks each dispatched interaction against the real definitions.
 */
export async function registerCommands(emu: DiscordEmulator, guildId?: string): Promise<void> {
  const route = guildId ? `applications/${emu.applicationId}/guilds/${guildId}/commands` : `applications/${emu.applicationId}/commands`;
  const response = await fetch(`${emu.apiBaseUrl}/v10/${route}`, {
    method: 'PUT',
    headers: { Authorization: `Bot ${emu.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(commandDefinitions),
  });
  if (!response.ok) throw new Error(`registering commands failed: ${response.status} ${await response.text()}`);
}

/** A string option, the shape every `/fentanyl query:` dispatch uses. */
export const query = (value: string) => ({ name: 'query', type: 3, value });

/** The first embed of a callback (type 4 or 7). */
export function embedOf(callback: RecordedCallback): { title?: string; description?: string; footer?: { text: string } } {
  const embeds = callback.data?.['embeds'] as { title?: string; description?: string; footer?: { text: string } }[] | undefined;
  const embed = embeds?.[0];
  if (!embed) throw new Error(`callback type ${callback.type} has no embed: ${JSON.stringify(callback.data)}`);
  return embed;
}

/** Every button of a callback's message, flattened out of its action rows. */
export function buttonsOf(callback: RecordedCallback): { custom_id?: string; url?: string; label?: string; style: number }[] {
  const rows = (callback.data?.['components'] ?? []) as { components: { custom_id?: string; url?: string; label?: string; style: number }[] }[];
  return rows.flatMap((row) => row.components);
}

export interface InProcessBot {
  app: App;
  bot: DiscordBot;
  library: Library;
  logs: LogBook;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * The same bot in this process: the pieces `src/main.ts` wires, with a logger whose JSON lines
 * the test can read. `wrap` may adjust the app before the bot connects (e.g. slow a command).
 */
export async function startBotInProcess(
  emu: DiscordEmulator,
  dataDir: string,
  { env = {}, wrap, level = 'info' }: { env?: Record<string, string>; wrap?: (app: App) => void; level?: string } = {},
): Promise<InProcessBot> {
  const config = loadConfig(botEnv(emu, dataDir, env));
  if (!config.discord) throw new Error('startBotInProcess: the configuration has no Discord token');
  const logs = new LogBook();
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) logs.add(line);
      done();
    },
  });
  const logger = pino({ level, base: undefined }, sink);
  const library = await Library.open(config.knowledgeDir);
  const ready = logs.waitFor((line) => line.msg === 'connected to Discord', 'connected to Discord', { timeoutMs: 15_000 });
  const { app, bot } = await startDiscordApp({ config, library, logger, ...(wrap ? { adjust: wrap } : {}) });
  await ready;
  return { app, bot, library, logs, logger, stop: () => bot.shutdown('test over') };
}
