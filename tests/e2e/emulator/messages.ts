/**
 * Turning request bodies into stored messages and applying edits, with Discord's side effects:
 * mentions filtered by allowed_mentions, attachments from uploaded files, LOADING cleared on the
 * first edit of a deferred reply, and the empty-message rule re-checked after an edit.
 */
import type { APIAttachment, APIMessageInteractionMetadata, APIUser } from 'discord-api-types/v10';
import { MessageFlags, MessageType } from 'discord-api-types/v10';
import { errors } from './errors.ts';
import { snowflake, isoNow } from './ids.ts';
import { isObject } from './limits.ts';
import type { InteractionRecord, World } from './state.ts';
import type { MessageSource, RecordedFile, StoredMessage } from './types.ts';

type Body = Record<string, unknown>;

/** Flags a bot may set on a message it sends; anything else is ignored by Discord. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

interface Mentions {
  mentions: APIUser[];
  mention_roles: string[];
  mention_everyone: boolean;
}

/**
 * Mentions that actually ping, as Discord computes them: what the content references, narrowed by
 * allowed_mentions (default: everything parses).
 */
function resolveMentions(world: World, content: string, allowed: unknown, guildId: string | null): Mentions {
  const am = isObject(allowed) ? allowed : { parse: ['users', 'roles', 'everyone'] };
  const parse = Array.isArray(am.parse) ? (am.parse as string[]) : [];
  const userIds = Array.isArray(am.users) ? (am.users as string[]) : [];
  const roleIds = Array.isArray(am.roles) ? (am.roles as string[]) : [];
  const mentions: APIUser[] = [];
  for (const [, id] of content.matchAll(/<@!?(\d{17,20})>/g)) {
    const user = id ? world.users.get(id) : undefined;
    if (user && (parse.includes('users') || userIds.includes(user.id)) && !mentions.some((u) => u.id === user.id)) mentions.push(user);
  }
  const roles = guildId ? world.guild(guildId).roles : [];
  const mention_roles: string[] = [];
  for (const [, id] of content.matchAll(/<@&(\d{17,20})>/g)) {
    if (id && roles.some((r) => r.id === id) && (parse.includes('roles') || roleIds.includes(id)) && !mention_roles.includes(id)) mention_roles.push(id);
  }
  const mention_everyone = /@(everyone|here)\b/.test(content) && parse.includes('everyone');
  return { mentions, mention_roles, mention_everyone };
}

function attachmentsFor(files: RecordedFile[]): APIAttachment[] {
  return files.map((f) => {
    const id = snowflake();
    return {
      id,
      filename: f.filename,
      size: f.size,
      content_type: f.contentType,
      url: `https://cdn.discordapp.com/attachments/0/${id}/${encodeURIComponent(f.filename)}`,
      proxy_url: `https://media.discordapp.net/attachments/0/${id}/${encodeURIComponent(f.filename)}`,
    };
  });
}

function interactionMetadata(world: World, itx: InteractionRecord, originalId?: string): APIMessageInteractionMetadata {
  const base = {
    id: itx.id,
    user: world.user(itx.userId),
    authorizing_integration_owners: itx.payload.authorizing_integration_owners,
    ...(originalId ? { original_response_message_id: originalId } : {}),
  };
  if (itx.type === 3) {
    return { ...base, type: 3, interacted_message_id: itx.componentMessageId ?? '0' } as APIMessageInteractionMetadata;
  }
  return { ...base, type: 2, ...(itx.payload.data && 'name' in itx.payload.data ? { name: itx.payload.data.name } : {}) } as APIMessageInteractionMetadata;
}

export interface NewMessageInput {
  channelId: string;
  guildId: string | null;
  author: APIUser;
  body: Body;
  files: RecordedFile[];
  source: MessageSource;
  /** Interaction responses and follow-ups are webhook messages of the application. */
  interaction?: InteractionRecord;
  /** For follow-ups: the @original they follow. */
  originalId?: string;
  /** Deferred replies start out as "Bot is thinking…" (LOADING flag). */
  loading?: boolean;
  /** EPHEMERAL is only honoured on interaction responses and follow-ups. */
  allowEphemeral?: boolean;
}

export function newStoredMessage(world: World, input: NewMessageInput): StoredMessage {
  const { body, interaction } = input;
  const content = typeof body.content === 'string' ? body.content : '';
  let flags = (typeof body.flags === 'number' ? body.flags : 0) & (SETTABLE_FLAGS | (input.allowEphemeral ? MessageFlags.Ephemeral : 0));
  if (input.loading) flags |= MessageFlags.Loading;
  const at = Date.now();
  const message: StoredMessage = {
    id: snowflake(at),
    type: interaction && interaction.type !== 3 ? MessageType.ChatInputCommand : MessageType.Default,
    channel_id: input.channelId,
    author: input.author,
    content,
    timestamp: isoNow(at),
    edited_timestamp: null,
    tts: body.tts === true,
    ...resolveMentions(world, content, body.allowed_mentions, input.guildId),
    attachments: attachmentsFor(input.files),
    embeds: Array.isArray(body.embeds) ? structuredClone(body.embeds) : [],
    components: Array.isArray(body.components) ? structuredClone(body.components) : [],
    pinned: false,
    flags,
    ...(body.nonce !== undefined && body.nonce !== null ? { nonce: body.nonce as string | number } : {}),
    ...(interaction
      ? {
          webhook_id: world.app.id,
          application_id: world.app.id,
          interaction_metadata: interactionMetadata(world, interaction, input.originalId),
        }
      : {}),
    emu_source: input.source,
    emu_deleted: false,
    emu_allowed_mentions: body.allowed_mentions ?? null,
    emu_interaction_id: interaction?.id ?? null,
    emu_edits: 0,
  };
  return message;
}

/**
 * Apply a PATCH body to a stored message (only the fields present change). Works on a copy so a
 * refused edit (empty result → 50006) leaves the message untouched.
 */
export function applyEdit(world: World, message: StoredMessage, body: Body, files: RecordedFile[], guildId: string | null): void {
  const next = structuredClone(message);
  if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
  if ('embeds' in body) next.embeds = Array.isArray(body.embeds) ? structuredClone(body.embeds) : [];
  if ('components' in body) next.components = Array.isArray(body.components) ? structuredClone(body.components) : [];
  if ('allowed_mentions' in body) next.emu_allowed_mentions = body.allowed_mentions;
  if ('flags' in body && typeof body.flags === 'number') {
    // Only SUPPRESS_EMBEDS can be toggled on edit; EPHEMERAL and the rest stay as they were.
    next.flags = ((next.flags ?? 0) & ~MessageFlags.SuppressEmbeds) | (body.flags & MessageFlags.SuppressEmbeds);
  }
  if ('attachments' in body || files.length > 0) {
    const keep = Array.isArray(body.attachments) ? (body.attachments as { id?: unknown }[]).map((a) => String(a.id)) : next.attachments.map((a) => a.id);
    next.attachments = [...next.attachments.filter((a) => keep.includes(a.id)), ...attachmentsFor(files)];
  }
  next.flags = (next.flags ?? 0) & ~MessageFlags.Loading;
  Object.assign(next, resolveMentions(world, next.content, next.emu_allowed_mentions ?? undefined, guildId));
  const empty = next.content.trim() === '' && next.embeds.length === 0 && (next.components?.length ?? 0) === 0 && next.attachments.length === 0;
  if (empty) throw errors.emptyMessage();
  next.edited_timestamp = isoNow();
  next.emu_edits++;
  Object.assign(message, next);
}
