import path from 'node:path';
import { z } from 'zod';
import { TimeZoneName } from './shared/local-time.ts';

/** The project root: defaults (knowledge folder, data folder) are resolved against it, not the working directory. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** A Discord id as stored and configured. */
export const Snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const csvOfSnowflakes = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(Snowflake));
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every environment variable the bot reads, with its rule. `.env.example` documents the same list. */
const Env = z.object({
  // A token pasted with a trailing newline or spaces is the same token; Discord would refuse it untrimmed.
  DISCORD_TOKEN: optional(z.string().trim().min(50, 'looks too short to be a bot token')),
  DISCORD_APPLICATION_ID: optional(Snowflake),
  DISCORD_GUILD_ID: optional(Snowflake),
  DISCORD_API_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KNOWLEDGE_DIR: z.string().default(path.join(PROJECT_ROOT, 'knowledge')),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, 'data')),
  QUERY_COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  BRIEFING_CHANNEL_IDS: csvOfSnowflakes,
  BRIEFING_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour').default('08:00'),
  // The same rule as /briefing subscribe and the store, so a zone that passes here is one the schedule runs.
  BRIEFING_TIMEZONE: TimeZoneName.default('UTC'),
  ADMIN_ROLE_IDS: csvOfSnowflakes,
  KB_ADMIN_GUILD_IDS: csvOfSnowflakes,
  KB_WATCH: flag,
  KB_FETCH_ALLOW_PRIVATE: flag,
  FEED_POLL_MINUTES: z.coerce.number().int('must be a whole number of minutes').min(1).max(10080).default(60),
  KB_REVIEW_CHANNEL_ID: optional(Snowflake),
  HEALTH_PORT: optional(z.coerce.number().int('must be a port number').min(0).max(65535, 'must be a port number (0–65535)')),
  HEALTH_HOST: z.string().regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name').default('127.0.0.1'),
  SHARD_COUNT: optional(z.union([z.literal('auto'), z.coerce.number().int('must be auto or a whole number').min(1, 'must be auto or at least 1').max(10_000)])),
  SHARD_IDS: optional(
    z
      .string()
      .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be comma-separated shard numbers, e.g. 0,1')
      .transform((value) => [...new Set(value.split(',').map((part) => Number(part.trim())))]),
  ),
  // Set by discord.js's ShardingManager in each shard process it starts; not for operators.
  SHARDING_MANAGER: optional(z.string()),
  SHARDS: optional(z.string().regex(/^\d+$/, 'is set by the shard manager for its shard processes; to split shards across hosts use SHARD_IDS')),
});

/**
 * How this process takes part in sharding: `single` (one process, every guild: the default),
 * `manager` (SHARD_COUNT set: starts one shard process per shard id and respawns them), or
 * `shard` (a process the manager started, serving shard `id` of `count`).
 */
export type Sharding = { role: 'single' } | { role: 'manager'; count: number | 'auto'; ids: number[] | null } | { role: 'shard'; id: number; count: number };

export interface Config {
  discord: { token: string; applicationId: string | undefined; guildId: string | undefined; apiBaseUrl: string | undefined } | null;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  knowledgeDir: string;
  dataDir: string;
  queryCooldownSeconds: number;
  briefing: { channelIds: string[]; time: string; timezone: string };
  adminRoleIds: string[];
  /** Servers whose members with Manage Server may use /kb (the knowledge base is shared by every server). */
  kbAdminGuildIds: string[];
  kbWatch: boolean;
  /** Adding by URL and feeds: whether private addresses may be fetched, how often feeds are polled, where new candidates are announced. */
  kbFetch?: { allowPrivate: boolean; feedPollMinutes: number; reviewChannelId: string | undefined };
  /** Absent (hand-built configs in tests): one process. */
  sharding?: Sharding;
  /** HEALTH_PORT set: serve /healthz and /metrics there (port 0: any free port, logged). Absent or null: not served. */
  health?: { host: string; port: number } | null;
}

/** Thrown with one line per problem, each naming the variable, never its value (it may be a secret). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The one place that reads process.env. Without DISCORD_TOKEN the bot runs in console mode (`discord: null`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty `NAME=` line in .env means "not set", not "set to nothing".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = Env.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const sharding = readSharding(e);
  if (typeof sharding === 'string') throw new ConfigError([sharding]);
  return {
    discord: e.DISCORD_TOKEN
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, guildId: e.DISCORD_GUILD_ID, apiBaseUrl: e.DISCORD_API_BASE_URL }
      : null,
    logLevel: e.LOG_LEVEL,
    knowledgeDir: path.resolve(e.KNOWLEDGE_DIR),
    dataDir: path.resolve(e.DATA_DIR),
    queryCooldownSeconds: e.QUERY_COOLDOWN_SECONDS,
    briefing: { channelIds: e.BRIEFING_CHANNEL_IDS, time: e.BRIEFING_TIME, timezone: e.BRIEFING_TIMEZONE },
    adminRoleIds: e.ADMIN_ROLE_IDS,
    kbAdminGuildIds: e.KB_ADMIN_GUILD_IDS,
    kbWatch: e.KB_WATCH,
    kbFetch: { allowPrivate: e.KB_FETCH_ALLOW_PRIVATE, feedPollMinutes: e.FEED_POLL_MINUTES, reviewChannelId: e.KB_REVIEW_CHANNEL_ID },
    // Console mode has no gateway to shard.
    sharding: e.DISCORD_TOKEN ? sharding : { role: 'single' },
    health: e.HEALTH_PORT === undefined ? null : { host: e.HEALTH_HOST, port: e.HEALTH_PORT },
  };
}

/**
 * discord.js itself reads SHARD_COUNT and SHARDS when a client is created, so the manager never
 * creates one, and a shard process sees only the numbers its manager set. SHARDS outside a
 * manager would silently shard a single process: refused.
 */
function readSharding(e: z.infer<typeof Env>): Sharding | string {
  if (e.SHARDING_MANAGER !== undefined) {
    if (e.SHARDS === undefined || typeof e.SHARD_COUNT !== 'number') return 'SHARDS, SHARD_COUNT: a shard process needs both from its shard manager';
    const id = Number(e.SHARDS);
    if (id >= e.SHARD_COUNT) return 'SHARDS: must be below SHARD_COUNT';
    return { role: 'shard', id, count: e.SHARD_COUNT };
  }
  if (e.SHARDS !== undefined) return 'SHARDS: is set by the shard manager for its shard processes; to split shards across hosts use SHARD_IDS with SHARD_COUNT';
  if (e.SHARD_COUNT === undefined) return e.SHARD_IDS ? 'SHARD_IDS: needs SHARD_COUNT (the total number of shards across all hosts)' : { role: 'single' };
  if (!e.SHARD_IDS) return { role: 'manager', count: e.SHARD_COUNT, ids: null };
  if (e.SHARD_COUNT === 'auto') return 'SHARD_IDS: needs a fixed SHARD_COUNT, not auto, so that every host splits the same total';
  const count = e.SHARD_COUNT;
  if (e.SHARD_IDS.some((id) => id >= count)) return 'SHARD_IDS: every id must be below SHARD_COUNT (ids count from 0)';
  return { role: 'manager', count, ids: e.SHARD_IDS.sort((a, b) => a - b) };
}
