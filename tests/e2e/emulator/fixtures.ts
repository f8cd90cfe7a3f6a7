/**
 * The default world a test starts in: the bot (user id = application id), an admin (guild owner
 * with an Administrator role) and a plain member, and guilds with text/voice channels, an
 * @everyone role (id = guild id, as on Discord) and the bot's managed role.
 */
import type { APIUser } from 'discord-api-types/v10';
import { ApplicationFlags, ChannelType, GatewayIntentBits, OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { botToken, isoNow, snowflake } from './ids.ts';
import { makeRole, makeUser } from './payloads.ts';
import type { GuildChannelRecord, GuildRecord } from './state.ts';
import { World } from './state.ts';
import type { ChannelSpec, EmulatorOptions, GuildSpec } from './types.ts';
import type { Notifier } from './waiter.ts';

/** What a fresh server grants @everyone. */
export const EVERYONE_PERMISSIONS =
  P.CreateInstantInvite | P.AddReactions | P.Stream | P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles |
  P.ReadMessageHistory | P.MentionEveryone | P.UseExternalEmojis | P.Connect | P.Speak | P.UseVAD | P.ChangeNickname |
  P.UseApplicationCommands | P.SendMessagesInThreads | P.UseEmbeddedActivities;

/** What the bot's invite link asked for. */
export const BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.UseApplicationCommands;

const DEFAULT_CHANNELS: ChannelSpec[] = [
  { name: 'general', type: 'text', topic: 'General chat' },
  { name: 'briefings', type: 'text', topic: 'Daily briefings' },
  { name: 'General', type: 'voice' },
];

export interface Fixture {
  world: World;
  adminUser: APIUser;
  memberUser: APIUser;
  /** The application's owner when `applicationOwner` is 'user' or 'team' (else a user in no guild). */
  ownerUser: APIUser;
}

export function privilegedIntentMask(options: EmulatorOptions): number {
  const p = options.privilegedIntents ?? {};
  return (p.guildMembers ? GatewayIntentBits.GuildMembers : 0) | (p.guildPresences ? GatewayIntentBits.GuildPresences : 0) | (p.messageContent ? GatewayIntentBits.MessageContent : 0);
}

/** Application flags the portal sets for enabled privileged intents (the "limited" variants, < 100 guilds). */
function applicationFlags(options: EmulatorOptions): number {
  const p = options.privilegedIntents ?? {};
  return (
    (p.guildMembers ? ApplicationFlags.GatewayGuildMembersLimited : 0) |
    (p.guildPresences ? ApplicationFlags.GatewayPresenceLimited : 0) |
    (p.messageContent ? ApplicationFlags.GatewayMessageContentLimited : 0) |
    ApplicationFlags.ApplicationCommandBadge
  );
}

export function buildFixture(options: EmulatorOptions, notifier: Notifier): Fixture {
  const appId = options.applicationId ?? snowflake();
  const botUser = makeUser(appId, options.botUsername ?? 'emulator-bot', true);
  const world = new World({ id: appId, name: botUser.username, token: options.token ?? botToken(appId), flags: applicationFlags(options) }, botUser, notifier);
  const adminUser = makeUser(snowflake(), 'admin');
  const memberUser = makeUser(snowflake(), 'member');
  world.users.set(adminUser.id, adminUser);
  world.users.set(memberUser.id, memberUser);
  const ownerUser = makeUser(snowflake(), 'app-owner');
  world.users.set(ownerUser.id, ownerUser);
  const separateOwner = options.applicationOwner === 'user' || options.applicationOwner === 'team';
  if (separateOwner) world.app.owner = { userId: ownerUser.id, team: options.applicationOwner === 'team' };

  const specs: GuildSpec[] = options.guilds ?? [{}];
  specs.forEach((spec, i) => {
    const guild = buildGuild(spec, i, botUser, adminUser, memberUser);
    if (separateOwner) guild.members.set(ownerUser.id, { userId: ownerUser.id, roles: [], joinedAt: guild.joinedAt, nick: null });
    world.guilds.set(guild.id, guild);
    for (const c of guild.channels) world.addChannel(c);
  });
  return { world, adminUser, memberUser, ownerUser };
}

function buildGuild(spec: GuildSpec, index: number, bot: APIUser, admin: APIUser, member: APIUser): GuildRecord {
  const id = spec.id ?? snowflake();
  const adminRole = makeRole(snowflake(), 'Admin', 2, P.Administrator, { hoist: true });
  const botRole = makeRole(snowflake(), bot.username, 1, BOT_PERMISSIONS, { managed: true, tags: { bot_id: bot.id } });
  const joinedAt = isoNow();
  const guild: GuildRecord = {
    id,
    name: spec.name ?? (index === 0 ? 'Emulator Guild' : `Emulator Guild ${index + 1}`),
    ownerId: admin.id,
    unavailable: spec.unavailable ?? false,
    locale: spec.locale ?? 'en-US',
    joinedAt,
    roles: [makeRole(id, '@everyone', 0, EVERYONE_PERMISSIONS), botRole, adminRole, ...(spec.memberRoleId ? [makeRole(spec.memberRoleId, 'Librarian', 1, 0n)] : [])],
    channels: [],
    members: new Map([
      [bot.id, { userId: bot.id, roles: [botRole.id], joinedAt, nick: null }],
      [admin.id, { userId: admin.id, roles: [adminRole.id], joinedAt, nick: null }],
      [member.id, { userId: member.id, roles: spec.memberRoleId ? [spec.memberRoleId] : [], joinedAt, nick: null }],
    ]),
  };
  const positions = new Map<string, number>();
  for (const c of spec.channels ?? DEFAULT_CHANNELS) {
    const type = c.type === 'voice' ? ChannelType.GuildVoice : c.type === 'category' ? ChannelType.GuildCategory : ChannelType.GuildText;
    const position = positions.get(String(type)) ?? 0;
    positions.set(String(type), position + 1);
    const channel: GuildChannelRecord = {
      id: c.id ?? snowflake(),
      type,
      guildId: id,
      name: c.name,
      position,
      overwrites: c.botDeny ? [{ id: bot.id, type: OverwriteType.Member, allow: '0', deny: c.botDeny.toString() }] : [],
      parentId: null,
      topic: c.topic ?? null,
      lastMessageId: null,
    };
    guild.channels.push(channel);
  }
  return guild;
}
