/**
 * Identifier generation. Discord ids are snowflakes (ms since the Discord epoch << 22 | worker |
 * increment); @discordjs/rest recognises a "major parameter" only when an id is 17–19 digits long,
 * so fake ids must look like real ones or rate-limit buckets are keyed wrongly.
 */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh, increasing snowflake (19 digits for any date after 2022). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Millisecond timestamp encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Opaque URL-safe token, like an interaction token (no '/' or '?', which would break routing). */
export function opaqueToken(prefix: string, bytes = 48): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** A token shaped like a real bot token: base64(user id) . timestamp part . hmac part. */
export function botToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}

/** Gateway session ids are 32 hex chars. */
export function sessionId(): string {
  return randomBytes(16).toString('hex');
}

export function isoNow(at: number = Date.now()): string {
  return new Date(at).toISOString();
}

/**
 * A fresh guild id that Discord's rule `(id >> 22) % shardCount` puts on `shardId`: a snowflake
 * whose millisecond timestamp is moved forward to the next one that fits.
 */
export function guildIdOnShard(shardId: number, shardCount: number, at: number = Date.now()): string {
  if (!Number.isInteger(shardCount) || shardCount < 1 || !Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) {
    throw new Error(`guildIdOnShard: shard ${shardId} of ${shardCount} does not exist`);
  }
  const ms = BigInt(at) - DISCORD_EPOCH;
  const shift = (BigInt(shardId) - (ms % BigInt(shardCount)) + BigInt(shardCount)) % BigInt(shardCount);
  return snowflake(Number(ms + shift + DISCORD_EPOCH));
}
