/**
 * Builders for Discord-shaped objects, typed with discord-api-types so a missing or misnamed
 * field is a compile error. Records (state.ts) hold the truth; these functions render them the way
 * Discord does over REST or the gateway (which differ: e.g. GUILD_CREATE channels carry no
 * guild_id, REST channels do).
 */
import type {
  Locale,
  ApplicationFlags,
  ChannelFlags,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  RoleFlags,
  UserFlags,
  APIApplication,
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  TeamMemberRole,
} from 'discord-api-types/v10';
import type { AppInfo, ChannelRecord, GuildRecord, MemberRecord, World } from './state.ts';
import type { StoredMessage } from './types.ts';

export function makeUser(id: string, username: string, bot = false): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: bot ? null : username.charAt(0).toUpperCase() + username.slice(1),
    avatar: null,
    ...(bot ? { bot: true } : {}),
    banner: null,
    accent_color: null,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** GET /users/@me adds the private fields of the bot's own account. */
export function selfUserPayload(bot: APIUser): APIUser {
  return { ...bot, mfa_enabled: false, locale: 'en-US', verified: true, email: null };
}

export function makeRole(id: string, name: string, position: number, permissions: bigint, extra: Partial<APIRole> = {}): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...extra,
  };
}

export function memberPayload(world: World, member: MemberRecord): APIGuildMember {
  return {
    user: world.user(member.userId),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function interactionMemberPayload(world: World, member: MemberRecord, permissions: bigint): APIInteractionGuildMember {
  return { ...memberPayload(world, member), user: world.user(member.userId), permissions: permissions.toString() };
}

/**
 * A channel as Discord renders it. `inGuildCreate` omits guild_id, which GUILD_CREATE leaves out
 * (discord.js fills it from the guild).
 */
export function channelPayload(world: World, channel: ChannelRecord, inGuildCreate = false): APIChannel {
  if (channel.type === ChannelType.DM) {
    return {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      flags: 0 as ChannelFlags,
      last_message_id: channel.lastMessageId,
      recipients: [world.user(channel.recipientId)],
    };
  }
  const common = {
    id: channel.id,
    name: channel.name,
    position: channel.position,
    permission_overwrites: channel.overwrites.map((o) => ({ ...o })),
    parent_id: channel.parentId,
    nsfw: false,
    flags: 0 as ChannelFlags,
    ...(inGuildCreate ? {} : { guild_id: channel.guildId }),
  };
  switch (channel.type) {
    case ChannelType.GuildText:
      return { ...common, type: ChannelType.GuildText, topic: channel.topic, last_message_id: channel.lastMessageId, rate_limit_per_user: 0, last_pin_timestamp: null };
    case ChannelType.GuildVoice:
      return { ...common, type: ChannelType.GuildVoice, bitrate: 64000, user_limit: 0, rtc_region: null, last_message_id: channel.lastMessageId, rate_limit_per_user: 0 };
    case ChannelType.GuildCategory:
      return { ...common, type: ChannelType.GuildCategory, parent_id: null };
  }
}

/** Fields shared by REST GET /guilds/:id and GUILD_CREATE. */
export function guildPayload(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: guild.roles.map((r) => ({ ...r })),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channels.find((c) => c.type === ChannelType.GuildText)?.id ?? null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.locale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

export function guildCreatePayload(world: World, guild: GuildRecord): GatewayGuildCreateDispatchData {
  const members = [...guild.members.values()];
  return {
    ...guildPayload(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members: members.map((m) => memberPayload(world, m)),
    channels: guild.channels.map((c) => channelPayload(world, c, true)) as GatewayGuildCreateDispatchData['channels'],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** READY lists the guilds of the session's shard only, each unavailable until its GUILD_CREATE. */
export function readyPayload(world: World, sessionId: string, resumeUrl: string, shard: [number, number], guilds: readonly GuildRecord[]): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...world.botUser, mfa_enabled: false, verified: true, email: null, flags: 0 as UserFlags },
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true as const })),
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard,
    application: { id: world.app.id, flags: world.app.flags as ApplicationFlags, flags_new: String(world.app.flags) },
  };
}

export function applicationPayload(world: World, owner: APIUser, team = false): APIApplication {
  const app: AppInfo = world.app;
  // A team-owned application reports a team user as `owner` and the people in `team.members`.
  const teamId = app.id.slice(0, -1) + '7';
  return {
    id: app.id,
    name: app.name,
    icon: null,
    description: 'Discord emulator application',
    bot_public: false,
    bot_require_code_grant: false,
    bot: world.botUser,
    verify_key: '0'.repeat(64),
    owner: team ? { ...makeUser(teamId, `team${teamId}`), discriminator: '0000', global_name: null, flags: 1024 as UserFlags } : owner,
    summary: '',
    team: team
      ? {
          id: teamId,
          icon: null,
          name: 'Emulator team',
          owner_user_id: owner.id,
          members: [{ membership_state: 2, team_id: teamId, user: owner, role: TeamMemberRole.Admin, permissions: ['*'] }],
        }
      : null,
    flags: app.flags as ApplicationFlags,
    flags_new: String(app.flags),
    approximate_guild_count: world.guilds.size,
    interactions_endpoint_url: null,
    redirect_uris: [],
    event_webhooks_status: 1,
  };
}

/** A stored message as REST returns it: the emulator's bookkeeping fields stripped. */
export function messagePayload(message: StoredMessage): APIMessage {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(message)) if (!k.startsWith('emu_')) out[k] = v;
  return out as unknown as APIMessage;
}
