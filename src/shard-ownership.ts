/** A guild id as Discord sends it: a snowflake, a 64-bit unsigned integer in decimal. */
const SNOWFLAKE = /^\d{1,20}$/;

/**
 * Which shard holds a guild: Discord's rule, `(guild_id >> 22) % shard_count`. The same rule
 * tells a shard which briefing subscriptions are its own to schedule. Computed on BigInt: a
 * snowflake is above 2^53, where a Number loses the low bits (and `>>` would cut it to 32 bits).
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  if (!SNOWFLAKE.test(guildId)) throw new RangeError(`not a Discord guild id: ${JSON.stringify(guildId.slice(0, 40))}`);
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`not a shard count: ${shardCount}`);
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** True for the guilds shard `shardId` of `shardCount` holds; every guild with one shard. */
export function ownsGuild(shardId: number, shardCount: number): (guildId: string) => boolean {
  if (shardCount <= 1) return () => true;
  return (guildId) => shardOfGuild(guildId, shardCount) === shardId;
}

/**
 * The scheduler's filter for a shard: the subscriptions whose guild it holds. A subscription
 * whose guild is not recorded yet (seeded by channel id) belongs to the shard that can see the
 * channel (`guildOfChannel`, from its own cache): another shard cannot fetch a channel of a
 * guild it does not hold, and trying would record the day's briefing as failed.
 */
export function ownsSubscription(
  shardId: number,
  shardCount: number,
  guildOfChannel: (channelId: string) => string | null,
): (subscription: { channelId: string; guildId: string | null }) => boolean {
  if (shardCount <= 1) return () => true;
  const owns = ownsGuild(shardId, shardCount);
  return ({ channelId, guildId }) => {
    const guild = guildId ?? guildOfChannel(channelId);
    return guild !== null && owns(guild);
  };
}
