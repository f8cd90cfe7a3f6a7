/** Public types of the Discord emulator (see index.ts for the entry point). */
import type { APIApplicationCommand, APIInteraction, APIMessage, APIUser } from 'discord-api-types/v10';

export interface EmulatorOptions {
  /** Bot token the client must present (default: a random, real-looking token). */
  token?: string;
  /** Application id, also the bot user's id as for every modern app (default: a fresh snowflake). */
  applicationId?: string;
  botUsername?: string;
  /** Guilds the bot is in (default: one guild with #general, #briefings and a voice channel). */
  guilds?: GuildSpec[];
  /** `shards` in GET /gateway/bot: the shard count Discord recommends (default 1). */
  recommendedShards?: number;
  /** HELLO heartbeat_interval. Discord uses 41250; tests may lower it to exercise heartbeats. */
  heartbeatIntervalMs?: number;
  /**
   * An interaction token accepts its initial callback for this long, as on Discord (3000 ms).
   * 0 disables the deadline.
   */
  interactionAckTimeoutMs?: number;
  /**
   * Privileged intents enabled for the app in the (emulated) developer portal. Identifying with
   * one that is not enabled closes the gateway with 4014, as Discord does. Default: none.
   */
  privilegedIntents?: { guildMembers?: boolean; guildPresences?: boolean; messageContent?: boolean };
  /**
   * Who owns the application (GET /applications/@me): the first guild's owner (default, the admin
   * user), or `ownerUser` (a member of every guild with no role) alone or as a team's member.
   */
  applicationOwner?: 'guild-owner' | 'user' | 'team';
  /** Default timeout of every emulator wait (ms, default 5000). */
  waitTimeoutMs?: number;
  /** Receives one line per REST request and gateway frame; e.g. `console.log` while debugging. */
  log?: (line: string) => void;
}

export interface GuildSpec {
  id?: string;
  name?: string;
  /** Default: #general (text), #briefings (text), General (voice). */
  channels?: ChannelSpec[];
  /** Listed in READY but never sent as GUILD_CREATE (a guild outage). */
  unavailable?: boolean;
  locale?: string;
  /** A role (no permissions) with this id, held by the plain member. */
  memberRoleId?: string;
}

export interface ChannelSpec {
  id?: string;
  name: string;
  type?: 'text' | 'voice' | 'category';
  topic?: string;
  /** Permission bits denied to the bot by a member overwrite (e.g. PermissionFlagsBits.SendMessages). */
  botDeny?: bigint;
}

/** One REST request as the emulator saw it (including injected failures). */
export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, without the query string: `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (for multipart: the parsed payload_json). */
  body: unknown;
  files: RecordedFile[];
  status: number;
  response: unknown;
  /** True when a `failNext` rule produced the response. */
  injected: boolean;
  at: number;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

/** An accepted interaction callback (POST /interactions/:id/:token/callback answered 2xx). */
export interface RecordedCallback {
  interactionId: string;
  type: number;
  data: Record<string, unknown> | undefined;
  withResponse: boolean;
  files: RecordedFile[];
  at: number;
}

/** A PATCH of an interaction's @original (or of a follow-up) that was accepted. */
export interface RecordedEdit {
  interactionId: string;
  messageId: string;
  target: '@original' | 'follow-up';
  body: Record<string, unknown>;
  at: number;
}

export type MessageSource = 'channel' | 'interaction-response' | 'follow-up' | 'fixture';

/**
 * A message the emulator stores: exactly what Discord would return (APIMessage) plus
 * test-only bookkeeping (fields starting with `emu_`), which is stripped from REST responses.
 */
export interface StoredMessage extends APIMessage {
  emu_source: MessageSource;
  emu_deleted: boolean;
  emu_allowed_mentions: unknown;
  emu_interaction_id: string | null;
  emu_edits: number;
}

export interface CommandOptionInput {
  name: string;
  /** ApplicationCommandOptionType: 1 sub-command, 2 group, 3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 9 mentionable, 10 number, 11 attachment. */
  type: number;
  /** For an attachment (type 11): the id `emu.uploadAttachment()` returned. */
  value?: string | number | boolean;
  /**
   * Attachment options only, instead of `value`: the file to upload first (as the Discord client
   * does before it sends the command); its id becomes the value.
   */
  attachment?: AttachmentSpec;
  options?: CommandOptionInput[];
  /** Autocomplete only: the option being typed. */
  focused?: boolean;
}

/**
 * A file a user attaches to a command's attachment option. Discord stores it as an ephemeral
 * attachment and sends its description in `data.resolved.attachments`; the emulator serves the
 * bytes from its own origin (see `DiscordEmulator.cdnRequests`).
 */
export interface AttachmentSpec {
  /**
   * Sent as `filename` exactly as given. Discord's own renaming of special characters is not
   * emulated, so a test can send the worst name a client could produce (e.g. `../../x.txt`).
   */
  filename: string;
  /** The bytes (a string is UTF-8 encoded). At most `attachment_size_limit` (10 MiB), as the client enforces. */
  content: string | Uint8Array;
  /**
   * `content_type` as Discord reports it. Default: inferred from the extension as Discord does
   * (`text/plain; charset=utf-8` for .txt, `application/pdf` for .pdf, …); omitted for an unknown
   * extension or when `null`. The CDN serves the file with this type too.
   */
  contentType?: string | null;
  /**
   * `size` as reported in the payload. Default: the byte length of `content`. Discord always
   * reports the true size; override it only to test a check made before downloading (a large
   * declared size without shipping megabytes) or a size that lies.
   */
  size?: number;
  /** Alt text (`description`), when the user gave one. */
  description?: string;
}

/** An uploaded attachment, before or after an interaction carried it. */
export interface UploadedAttachment {
  /** The snowflake to pass as the attachment option's value. */
  readonly id: string;
  readonly filename: string;
  /** The size the payload reports. */
  readonly size: number;
  /** The actual byte length served. */
  readonly bytes: number;
  readonly contentType: string | null;
}

/** One request to the emulated CDN (`/ephemeral-attachments/...` or `/attachments/...` on the emulator's origin). */
export interface CdnRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** The attachment the path names, if it names a known one (even when the signature is wrong). */
  attachmentId: string | null;
  status: number;
  /** Body bytes sent (0 for HEAD and errors). */
  bytes: number;
  at: number;
}

/** Who triggers an interaction and where. */
export interface InteractionContext {
  /** Default: `emu.memberUser`. */
  user?: APIUser;
  /** false → the bot's DM with the user (no guild_id/member). Default true. */
  guild?: boolean;
  /** Default: the first guild. */
  guildId?: string;
  /** Default: the guild's first text channel (or a DM channel when guild is false). */
  channelId?: string;
  /** Override `member.permissions` (default: computed from the user's roles and channel overwrites). */
  permissions?: bigint | string;
  /** Override `app_permissions` (default: the bot's computed permissions in the channel). */
  appPermissions?: bigint | string;
  locale?: string;
}

/**
 * Once the bot has registered commands (global or for the guild), only registered names may be
 * dispatched and options are checked against the definition (names, types, required, choices).
 */
export interface ChatInputSpec extends InteractionContext {
  name: string;
  options?: CommandOptionInput[];
  /** Default: the id of the registered command with that name, else a fresh id. */
  commandId?: string;
}

export interface AutocompleteSpec extends InteractionContext {
  name: string;
  /** Exactly one (possibly nested) option must have `focused: true`. */
  options: CommandOptionInput[];
  commandId?: string;
}

export interface ComponentSpec extends InteractionContext {
  customId: string;
  /** The message carrying the component (stored message or its id). Default: a new bot message with that button. */
  message?: StoredMessage | string;
}

export interface SelectSpec extends ComponentSpec {
  values: string[];
}

export interface WaitOpts {
  timeoutMs?: number;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: APIInteraction;
  /** Accepted callbacks so far (normally 0 or 1). */
  readonly callbacks: readonly RecordedCallback[];
  /** Resolve with the first accepted callback. */
  callback(options?: WaitOpts): Promise<RecordedCallback>;
  /** Resolve with the @original message once it exists and `where` (if given) holds. */
  original(options?: WaitOpts & { where?: (message: StoredMessage) => boolean }): Promise<StoredMessage>;
  /** Resolve once at least `count` edits of @original/follow-ups were accepted; returns all of them. */
  edits(count: number, options?: WaitOpts): Promise<RecordedEdit[]>;
  /** Resolve once at least `count` follow-up messages exist; returns all of them, oldest first. */
  followUps(count: number, options?: WaitOpts): Promise<StoredMessage[]>;
}

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Exact path below /api/v10 or a RegExp tested against it (any when omitted). */
  path?: string | RegExp;
  /** HTTP status; inferred from `code` when omitted (10xxx → 404, 50001/50013 → 403, else 400). */
  status?: number;
  /** Discord JSON error code (50001 Missing Access, 50013 Missing Permissions, ...). */
  code?: number;
  message?: string;
  /** Seconds, for 429s (default 0.05); sent in Retry-After and the body's retry_after. */
  retryAfter?: number;
  global?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FaultHandle {
  /** Requests this rule has failed so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

export interface GatewayFrame {
  direction: 'in' | 'out';
  op: number;
  t: string | null;
  s: number | null;
  sessionId: string | null;
  at: number;
}

export type CommandScope = 'global' | string;
export type StoredCommand = APIApplicationCommand;
