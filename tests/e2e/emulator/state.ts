/**
 * The emulated Discord "world": users, guilds, channels, stored messages, live interactions,
 * registered commands and the logs tests assert on. Plain data plus lookups; every mutation goes
 * through `changed()` so pending waits re-check (see waiter.ts).
 */
import type { APIApplicationCommand, APIInteraction, APIOverwrite, APIRole, APIUser } from 'discord-api-types/v10';
import { ChannelType } from 'discord-api-types/v10';
import { errors } from './errors.ts';
import { channelPermissions } from './permissions.ts';
import type { CdnRequest, GatewayFrame, RecordedCallback, RecordedEdit, RecordedRequest, StoredMessage } from './types.ts';
import type { Notifier } from './waiter.ts';

export interface MemberRecord {
  userId: string;
  roles: string[];
  joinedAt: string;
  nick: string | null;
}

export interface GuildChannelRecord {
  id: string;
  type: ChannelType.GuildText | ChannelType.GuildVoice | ChannelType.GuildCategory;
  guildId: string;
  name: string;
  position: number;
  overwrites: APIOverwrite[];
  parentId: string | null;
  topic: string | null;
  lastMessageId: string | null;
}

export interface DmChannelRecord {
  id: string;
  type: ChannelType.DM;
  recipientId: string;
  lastMessageId: string | null;
}

export type ChannelRecord = GuildChannelRecord | DmChannelRecord;

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  unavailable: boolean;
  locale: string;
  joinedAt: string;
  roles: APIRole[];
  channels: GuildChannelRecord[];
  members: Map<string, MemberRecord>;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** InteractionType: 2 command, 3 component, 4 autocomplete. */
  type: number;
  payload: APIInteraction;
  createdAt: number;
  channelId: string;
  guildId: string | null;
  userId: string;
  /** Set once a callback was accepted (a second one gets 40060). */
  callbackType: number | null;
  /** The message @original refers to, once there is one. */
  originalMessageId: string | null;
  /** For component interactions: the message carrying the component. */
  componentMessageId: string | null;
  followUpIds: string[];
  callbacks: RecordedCallback[];
  edits: RecordedEdit[];
}

/** A file uploaded for a command's attachment option (see attachments.ts). */
export interface AttachmentRecord {
  id: string;
  filename: string;
  bytes: Buffer;
  /** `content_type` in the payload and the CDN's Content-Type; null = omitted. */
  contentType: string | null;
  /** `size` in the payload (the byte length unless a test overrode it). */
  size: number;
  description: string | null;
  /** Set once an interaction carried it; an upload belongs to one command invocation. */
  issued: { interactionId: string; channelId: string; path: string; ex: number; is: number; hm: string } | null;
}

export interface AppInfo {
  id: string;
  name: string;
  token: string;
  /** Application flags (privileged-intent "enabled" bits as the portal sets them). */
  flags: number;
  /** The application's owner (GET /applications/@me); unset: the first guild's owner. */
  owner?: { userId: string; team: boolean };
}

export class World {
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, StoredMessage>();
  /** Message ids per channel, in creation order. */
  readonly channelOrder = new Map<string, string[]>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly interactionsById = new Map<string, InteractionRecord>();
  /** Registered commands: 'global' or a guild id → commands. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  /** `${channelId}:${authorId}:${nonce}` → message id, for enforce_nonce deduplication. */
  readonly nonces = new Map<string, string>();
  /** Uploaded attachments by id. */
  readonly attachments = new Map<string, AttachmentRecord>();
  readonly requests: RecordedRequest[] = [];
  readonly cdnRequests: CdnRequest[] = [];
  readonly callbacks: RecordedCallback[] = [];
  readonly gatewayFrames: GatewayFrame[] = [];

  constructor(
    readonly app: AppInfo,
    readonly botUser: APIUser,
    private readonly notifier: Notifier,
  ) {
    this.users.set(botUser.id, botUser);
  }

  /** Signal that something tests may wait for has changed. */
  changed(): void {
    this.notifier.notify();
  }

  user(id: string): APIUser {
    const u = this.users.get(id);
    if (!u) throw errors.unknownUser();
    return u;
  }

  guild(id: string): GuildRecord {
    const g = this.guilds.get(id);
    if (!g) throw errors.unknownGuild();
    return g;
  }

  channel(id: string): ChannelRecord {
    const c = this.channels.get(id);
    if (!c) throw errors.unknownChannel();
    return c;
  }

  addChannel(channel: ChannelRecord): void {
    this.channels.set(channel.id, channel);
    this.channelOrder.set(channel.id, []);
  }

  /** The DM channel between the bot and a user (created on first use, as Discord does). */
  dmChannelFor(userId: string, newId: () => string): DmChannelRecord {
    for (const c of this.channels.values()) if (c.type === ChannelType.DM && c.recipientId === userId) return c;
    const dm: DmChannelRecord = { id: newId(), type: ChannelType.DM, recipientId: userId, lastMessageId: null };
    this.addChannel(dm);
    return dm;
  }

  /** Effective permissions of a user in a guild channel (all bits in DMs). */
  permissionsIn(userId: string, channel: ChannelRecord): bigint {
    if (channel.type === ChannelType.DM) return channelPermissions({ guildId: '0', ownerId: userId, userId, roleIds: [], roles: [] });
    const guild = this.guild(channel.guildId);
    const member = guild.members.get(userId);
    if (!member) return 0n;
    const parent = channel.parentId ? guild.channels.find((c) => c.id === channel.parentId) : undefined;
    // Channels synced to a category inherit its overwrites; the emulator merges both.
    const overwrites = [...(parent?.overwrites ?? []), ...channel.overwrites];
    return channelPermissions({ guildId: guild.id, ownerId: guild.ownerId, userId, roleIds: member.roles, roles: guild.roles }, overwrites);
  }

  addMessage(message: StoredMessage): void {
    this.messages.set(message.id, message);
    const order = this.channelOrder.get(message.channel_id);
    if (order) order.push(message.id);
    else this.channelOrder.set(message.channel_id, [message.id]);
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.lastMessageId = message.id;
    this.changed();
  }

  message(channelId: string, messageId: string): StoredMessage {
    const m = this.messages.get(messageId);
    if (!m || m.channel_id !== channelId || m.emu_deleted) throw errors.unknownMessage();
    return m;
  }

  /** Messages visible in the channel's history (not deleted, not ephemeral), oldest first. */
  visibleMessages(channelId: string): StoredMessage[] {
    const ids = this.channelOrder.get(channelId) ?? [];
    return ids
      .map((id) => this.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined && !m.emu_deleted && ((m.flags ?? 0) & 64) === 0);
  }

  addInteraction(record: InteractionRecord): void {
    this.interactionsByToken.set(record.token, record);
    this.interactionsById.set(record.id, record);
    this.changed();
  }
}
