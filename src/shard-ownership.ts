/**
 * Which shard holds a guild: Discord's rule, `(guild_id >> 22) % shard_count`. The same rule
 * tells a shard which briefing subscriptions are its own to schedule.
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A filter for the scheduler: true for the guilds shard `shardId` of `shardCount` holds. A
 * subscription whose guild is not known yet (seeded by channel id) is every shard's to try: only
 * the shard that can see the channel can learn its guild, and the store's claim lets one post.
 */
export function ownsGuild(shardId: number, shardCount: number): (guildId: string | null) => boolean {
  if (shardCount <= 1) return () => true;
  return (guildId) => guildId === null || shardOfGuild(guildId, shardCount) === shardId;
}
