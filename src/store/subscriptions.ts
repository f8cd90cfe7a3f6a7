import { z } from 'zod';
import { LocalTime, TimeZoneName } from '../shared/local-time.ts';
import { Snowflake } from '../config.ts';
import type { Db } from './database.ts';
import { jsonColumn } from './json-column.ts';

const TopicList = jsonColumn(z.array(z.string().min(1).max(100)).max(25));

/** A stored subscription row, checked on the way out: a hand-edited or corrupted row fails loudly here. */
const SubscriptionRow = z
  .object({
    channel_id: Snowflake,
    guild_id: Snowflake.nullable(),
    time: LocalTime,
    timezone: TimeZoneName,
    created_by: z.string().min(1),
    active: z.union([z.literal(0), z.literal(1)]),
    last_error: z.string().nullable(),
    schedule_set_at: z.iso.datetime(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    topics: TopicList.optional(),
  })
  .transform((row) => ({
    channelId: row.channel_id,
    /** Null for channels seeded from the environment until the bot sees the channel (on connecting, or at a post). */
    guildId: row.guild_id,
    time: row.time,
    timezone: row.timezone,
    createdBy: row.created_by,
    active: row.active === 1,
    /** Why the last briefing could not be posted; cleared by the next successful post or a new subscribe. */
    lastError: row.last_error,
    /** When the current time and zone were set; a day whose time had passed by then is skipped. */
    scheduleSetAt: new Date(row.schedule_set_at),
    /** Topics the digest focuses on; empty for the whole knowledge base. */
    topics: row.topics ?? [],
  }));

export type Subscription = z.output<typeof SubscriptionRow>;

/** Who created the rows seeded from `BRIEFING_CHANNEL_IDS`. */
const SEEDED_BY = 'config';

export interface SubscriptionDefaults {
  channelIds: readonly string[];
  time: string;
  timezone: string;
}

export class SubscriptionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(channelId: string): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE channel_id = ?').get(channelId);
    return row === undefined ? undefined : SubscriptionRow.parse(row);
  }

  active(): Subscription[] {
    return this.parseAll(this.db.prepare('SELECT * FROM subscriptions WHERE active = 1 ORDER BY channel_id').all());
  }

  /** A server's active subscriptions. */
  forGuild(guildId: string): Subscription[] {
    return this.parseAll(this.db.prepare('SELECT * FROM subscriptions WHERE active = 1 AND guild_id = ? ORDER BY channel_id').all(guildId));
  }

  /** Create or replace a channel's subscription and (re)activate it; returns the previous one, if any. */
  subscribe(input: { channelId: string; guildId: string | null; time: string; timezone: string; createdBy: string; topics?: readonly string[] }): Subscription | undefined {
    const previous = this.get(input.channelId);
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO subscriptions (channel_id, guild_id, time, timezone, created_by, active, last_error, schedule_set_at, created_at, updated_at, topics)
         VALUES (@channelId, @guildId, @time, @timezone, @createdBy, 1, NULL, @at, @at, @at, @topics)
         ON CONFLICT (channel_id) DO UPDATE SET
           guild_id = excluded.guild_id, time = excluded.time, timezone = excluded.timezone, created_by = excluded.created_by, topics = excluded.topics,
           active = 1, last_error = NULL, updated_at = excluded.updated_at,
           -- Re-subscribing with the same schedule (e.g. after fixing permissions) keeps today's briefing due.
           schedule_set_at = CASE WHEN active = 1 AND time = excluded.time AND timezone = excluded.timezone
                                  THEN schedule_set_at ELSE excluded.schedule_set_at END`,
      )
      .run({ ...input, time: LocalTime.parse(input.time), timezone: TimeZoneName.parse(input.timezone), at, topics: JSON.stringify(input.topics ?? []) });
    return previous?.active ? previous : undefined;
  }

  /** Stop a channel's briefings. The row stays (inactive), so seeding does not bring it back and run history survives. */
  unsubscribe(channelId: string): boolean {
    return this.db.prepare('UPDATE subscriptions SET active = 0, updated_at = ? WHERE channel_id = ? AND active = 1').run(this.now().toISOString(), channelId).changes > 0;
  }

  /**
   * Subscribe the channels named in the environment, once. A channel already known
   * (even unsubscribed, or moved to another time by a command) is left as it is.
   *
   * Seeded rows have no server yet (only channel ids are known here): the scheduler records it
   * from the transport's channel cache once the bot is connected (`recordGuild`). Their schedule
   * counts as set now (`schedule_set_at`), so, like a `/briefing subscribe`, a channel seeded after
   * today's time (or at that very minute) gets its first briefing tomorrow, not at start-up.
   */
  seed(defaults: SubscriptionDefaults): string[] {
    const time = LocalTime.parse(defaults.time);
    const timezone = TimeZoneName.parse(defaults.timezone);
    const at = this.now().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO subscriptions (channel_id, guild_id, time, timezone, created_by, active, schedule_set_at, created_at, updated_at)
       VALUES (?, NULL, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (channel_id) DO NOTHING`,
    );
    return this.db.transaction(() =>
      defaults.channelIds.filter((channelId) => insert.run(Snowflake.parse(channelId), time, timezone, SEEDED_BY, at, at, at).changes > 0),
    )();
  }

  recordFailure(channelId: string, reason: string): void {
    this.db.prepare('UPDATE subscriptions SET last_error = ?, updated_at = ? WHERE channel_id = ?').run(reason, this.now().toISOString(), channelId);
  }

  /**
   * Record the server of a channel seeded by id alone, so it is listed in that server's
   * `/briefing status` (even if it never posts). A server already on record is kept.
   */
  recordGuild(channelId: string, guildId: string): void {
    this.db
      .prepare('UPDATE subscriptions SET guild_id = ?, updated_at = ? WHERE channel_id = ? AND guild_id IS NULL')
      .run(Snowflake.parse(guildId), this.now().toISOString(), channelId);
  }

  /** After a successful post: clear the failure and learn the server of a seeded channel. */
  recordSuccess(channelId: string, guildId: string | null): void {
    this.db
      .prepare('UPDATE subscriptions SET last_error = NULL, guild_id = COALESCE(guild_id, ?), updated_at = ? WHERE channel_id = ?')
      .run(guildId, this.now().toISOString(), channelId);
  }

  private parseAll(rows: unknown[]): Subscription[] {
    return rows.map((row) => SubscriptionRow.parse(row));
  }
}
