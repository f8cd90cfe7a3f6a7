/**
 * A loopback Discord for end-to-end tests: REST under http://127.0.0.1:PORT/api (discord.js
 * appends /v10), the gateway at ws://127.0.0.1:PORT/gateway and a CDN serving attachment options'
 * files at http://127.0.0.1:PORT/ephemeral-attachments/…, sharing one random port.
 *
 *   const emu = await startDiscordEmulator();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBaseUrl } });
 *   await client.login(emu.token);
 *   const itx = emu.dispatchChatInput({ name: 'ask', options: [{ name: 'query', type: 3, value: 'x' }] });
 *   expect((await itx.callback()).type).toBe(4);
 *   // An attachment option: the file is served at the payload's URL on the same port.
 *   emu.dispatchChatInput({ name: 'import', options: [{ name: 'file', type: 11, attachment: { filename: 'a.txt', content: 'hi' } }] });
 *   await emu.stop();
 */
import type { APIApplicationCommand, APIUser } from 'discord-api-types/v10';
import { ChannelType, GatewayOpcodes } from 'discord-api-types/v10';
import { uploadAttachment } from './attachments.ts';
import { createCdnHandler, isCdnPath } from './cdn.ts';
import { FaultInjector } from './faults.ts';
import { buildFixture, privilegedIntentMask } from './fixtures.ts';
import { Gateway } from './gateway.ts';
import { InteractionFactory } from './interactions.ts';
import { validateMessageBody } from './limits.ts';
import { newStoredMessage } from './messages.ts';
import { createRestHandler } from './rest.ts';
import { startServer } from './server.ts';
import type { World } from './state.ts';
import type {
  AttachmentSpec,
  AutocompleteSpec,
  CdnRequest,
  ChatInputSpec,
  ComponentSpec,
  EmulatorOptions,
  FaultHandle,
  FaultSpec,
  GatewayFrame,
  InteractionHandle,
  RecordedCallback,
  RecordedRequest,
  SelectSpec,
  StoredMessage,
  UploadedAttachment,
  WaitOpts,
} from './types.ts';
import { Notifier } from './waiter.ts';

export type * from './types.ts';
export { EmulatorTimeoutError } from './waiter.ts';
export { LIMITS } from './limits.ts';
export { BOT_PERMISSIONS, EVERYONE_PERMISSIONS } from './fixtures.ts';
export { shardOfGuild } from './gateway.ts';
export { guildIdOnShard } from './ids.ts';

export interface RequestMatcher {
  method?: string;
  path?: string | RegExp;
  status?: number;
}

export interface DiscordEmulator {
  /** Pass as `new Client({ rest: { api } })` / DISCORD_API_BASE_URL: `http://127.0.0.1:PORT/api`. */
  readonly apiBaseUrl: string;
  /** `ws://127.0.0.1:PORT/gateway` (what GET /gateway/bot returns). */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly token: string;
  readonly applicationId: string;
  /** The bot's user (id = applicationId). */
  readonly botUser: APIUser;
  /** First guild, its first two text channels and first voice channel. */
  readonly guildId: string;
  readonly textChannelId: string;
  readonly otherTextChannelId: string;
  readonly voiceChannelId: string;
  /** Guild owner with an Administrator role. */
  readonly adminUser: APIUser;
  /** Member with only @everyone permissions. */
  readonly memberUser: APIUser;
  /** The application's owner with `applicationOwner: 'user' | 'team'`: in every guild, with no role. */
  readonly ownerUser: APIUser;

  /** Every REST request, oldest first (injected failures included, `injected: true`). */
  readonly requests: readonly RecordedRequest[];
  /** Every request to the emulated CDN (attachment downloads), oldest first. */
  readonly cdnRequests: readonly CdnRequest[];
  /** Every accepted interaction callback, oldest first. */
  readonly callbacks: readonly RecordedCallback[];
  /** Gateway frames sent/received (dispatch payloads omitted). */
  readonly gatewayFrames: readonly GatewayFrame[];
  readonly gatewayStats: { readonly connections: number; readonly identifies: number; readonly resumes: number; readonly heartbeats: number };
  /** The [shard_id, shard_count] of each IDENTIFY answered, oldest first (resumes not included). */
  readonly identifiedShards: readonly (readonly [number, number])[];

  /** Resolve once `count` (default 1) IDENTIFYs were answered with READY (+ GUILD_CREATEs). */
  waitForIdentify(options?: WaitOpts & { count?: number }): Promise<void>;
  /** Resolve once `count` (default 1) RESUMEs were answered (missed events replayed, RESUMED sent). */
  waitForResume(options?: WaitOpts & { count?: number }): Promise<void>;
  /** Resolve once `count` (default 1) heartbeats were ACKed. */
  waitForHeartbeat(options?: WaitOpts & { count?: number }): Promise<void>;
  /** Resolve with the first logged request (from index `since`, default 0) matching. */
  waitForRequest(match: RequestMatcher, options?: WaitOpts & { since?: number }): Promise<RecordedRequest>;
  /** Generic bounded wait: resolves with the first non-undefined `probe()` result, re-checked on every emulator event. */
  waitFor<T>(what: string, probe: () => T | undefined, options?: WaitOpts): Promise<T>;

  dispatchChatInput(spec: ChatInputSpec): InteractionHandle;
  /**
   * Upload a file the way the Discord client does before it sends a command with an attachment
   * option; pass the returned id as that option's value (type 11). Each upload can be sent with
   * one interaction, which puts it in `data.resolved.attachments` with a URL on this emulator.
   * (An option may instead carry `attachment: spec` to upload inline.)
   */
  uploadAttachment(spec: AttachmentSpec): UploadedAttachment;
  dispatchAutocomplete(spec: AutocompleteSpec): InteractionHandle;
  dispatchButton(spec: ComponentSpec): InteractionHandle;
  dispatchSelect(spec: SelectSpec): InteractionHandle;
  /** Any other dispatch event, sent to the sessions of the shard holding `data.guild_id` (shard 0 without one). */
  dispatch(event: string, data: unknown): void;

  /** Make the next matching REST request(s) fail (429 with Retry-After, 5xx, or a Discord error code). */
  failNext(spec: FaultSpec): FaultHandle;

  /** Messages visible in a channel (not deleted, not ephemeral), oldest first; all sources. */
  channelMessages(channelId: string): StoredMessage[];
  /** Any stored message by id, including ephemeral and deleted ones. */
  message(id: string): StoredMessage | undefined;
  /** Put a message in a channel as if the bot had sent it earlier (e.g. one carrying buttons). */
  seedMessage(channelId: string, body: Record<string, unknown>): StoredMessage;
  /** Commands last registered globally (no argument) or for a guild. */
  commands(guildId?: string): APIApplicationCommand[];

  /** Close the gateway connection(s) from the server side. 4000 etc. keep the session resumable. */
  closeGateway(code: number, reason?: string): Promise<void>;
  /** Send op 7 Reconnect (the client closes and resumes). */
  requestReconnect(): void;
  /**
   * Send op 9 Invalid Session; `resumable: false` forces a fresh IDENTIFY (which discord.js
   * throttles to one per 5 s). Do not send it while the client is still handling a RESUMED:
   * discord.js 14.28 then crashes reading a null sessionInfo (a real race, not an emulator bug).
   */
  invalidateSession(resumable: boolean): void;

  stop(): Promise<void>;
}

export async function startDiscordEmulator(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
  const log = options.log ?? (() => {});
  // The notifier describes the world in its timeout messages, but the world needs the notifier.
  const ref: { world?: World } = {};
  const notifier = new Notifier(options.waitTimeoutMs ?? 5000, () => (ref.world ? describeWorld(ref.world) : ''));
  const fixture = buildFixture(options, notifier);
  const w = (ref.world = fixture.world);
  const faults = new FaultInjector();
  let gateway!: Gateway;

  const server = await startServer((port) => {
    const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    gateway = new Gateway({
      world: w,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      allowedPrivilegedIntents: privilegedIntentMask(options),
      url: () => gatewayUrl,
      log,
    });
    const rest = createRestHandler({ world: w, faults, log, gatewayUrl, recommendedShards: options.recommendedShards ?? 1, ackTimeoutMs: options.interactionAckTimeoutMs ?? 3000 });
    const cdn = createCdnHandler({ world: w, log });
    // cdn.discordapp.com and discord.com share the port: attachment paths go to the CDN.
    const onRequest: typeof rest = (req, res) => (isCdnPath(req.url) ? cdn(req, res) : rest(req, res));
    return { onRequest, onUpgrade: (req, socket, head) => gateway.handleUpgrade(req, socket, head) };
  });

  const firstGuild = [...w.guilds.values()][0];
  const channelOf = (type: ChannelType, nth: number) => () => {
    const c = firstGuild?.channels.filter((ch) => ch.type === type)[nth];
    if (!c) throw new Error(`Discord emulator: the first guild has no ${ChannelType[type]} channel #${nth + 1}`);
    return c.id;
  };
  const factory = new InteractionFactory(w, gateway, notifier, { guildId: firstGuild?.id ?? '', memberUserId: fixture.memberUser.id, cdnOrigin: `http://127.0.0.1:${server.port}` });
  const counterWait = (name: 'identifies' | 'resumes' | 'heartbeats', what: string) => (o: WaitOpts & { count?: number } = {}) => {
    const count = o.count ?? 1;
    return notifier.waitFor(`${count} ${what}`, () => (gateway.counters[name] >= count ? true : undefined), o).then(() => undefined);
  };
  let stopped = false;

  return {
    apiBaseUrl: `http://127.0.0.1:${server.port}/api`,
    gatewayUrl: `ws://127.0.0.1:${server.port}/gateway`,
    port: server.port,
    token: w.app.token,
    applicationId: w.app.id,
    botUser: w.botUser,
    get guildId() {
      if (!firstGuild) throw new Error('Discord emulator: no guilds configured');
      return firstGuild.id;
    },
    get textChannelId() {
      return channelOf(ChannelType.GuildText, 0)();
    },
    get otherTextChannelId() {
      return channelOf(ChannelType.GuildText, 1)();
    },
    get voiceChannelId() {
      return channelOf(ChannelType.GuildVoice, 0)();
    },
    adminUser: fixture.adminUser,
    memberUser: fixture.memberUser,
    ownerUser: fixture.ownerUser,
    requests: w.requests,
    cdnRequests: w.cdnRequests,
    callbacks: w.callbacks,
    gatewayFrames: w.gatewayFrames,
    get gatewayStats() {
      return { ...gateway.counters };
    },
    get identifiedShards() {
      return gateway.identified.map((shard) => [...shard] as const);
    },

    waitForIdentify: counterWait('identifies', 'gateway IDENTIFY(s) answered with READY'),
    waitForResume: counterWait('resumes', 'gateway RESUME(s)'),
    waitForHeartbeat: counterWait('heartbeats', 'gateway heartbeat(s)'),
    waitForRequest: (match, o = {}) =>
      notifier.waitFor(`a request ${match.method ?? '*'} ${String(match.path ?? '*')}${match.status ? ` → ${match.status}` : ''}`, () =>
        w.requests.slice(o.since ?? 0).find((r) => requestMatches(r, match)), o),
    waitFor: (what, probe, o) => notifier.waitFor(what, probe, o),

    dispatchChatInput: (spec) => factory.chatInput(spec),
    uploadAttachment: (spec) => uploadAttachment(w, spec),
    dispatchAutocomplete: (spec) => factory.autocomplete(spec),
    dispatchButton: (spec) => factory.button(spec),
    dispatchSelect: (spec) => factory.select(spec),
    dispatch: (event, data) => void gateway.dispatch(event, data),

    failNext: (spec) => faults.add(spec),

    channelMessages: (channelId) => w.visibleMessages(channelId).map((m) => structuredClone(m)),
    message: (id) => {
      const m = w.messages.get(id);
      return m ? structuredClone(m) : undefined;
    },
    seedMessage: (channelId, body) => {
      const channel = w.channel(channelId);
      const message = newStoredMessage(w, {
        channelId,
        guildId: channel.type === ChannelType.DM ? null : channel.guildId,
        author: w.botUser,
        body: validateMessageBody(body),
        files: [],
        source: 'fixture',
      });
      w.addMessage(message);
      return structuredClone(message);
    },
    commands: (guildId) => structuredClone(w.commands.get(guildId ?? 'global') ?? []),

    closeGateway: (code, reason) => gateway.close(code, reason),
    requestReconnect: () => gateway.sendOp(GatewayOpcodes.Reconnect, null),
    invalidateSession: (resumable) => gateway.sendOp(GatewayOpcodes.InvalidSession, resumable),

    stop: async () => {
      if (stopped) return;
      stopped = true;
      notifier.rejectAll('stopped');
      await gateway.stop();
      await server.close();
    },
  };
}

function requestMatches(r: RecordedRequest, m: RequestMatcher): boolean {
  if (m.method && m.method.toUpperCase() !== r.method) return false;
  if (m.status !== undefined && m.status !== r.status) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? m.path === r.path : m.path.test(r.path);
}

/** Appended to timeout errors: the recent REST traffic and the gateway state. */
function describeWorld(world: World): string {
  const recent = world.requests.slice(-8).map((r) => {
    const err = r.status >= 400 ? ` ${JSON.stringify(r.response)}` : '';
    return `  ${r.method} ${r.path} → ${r.status}${r.injected ? ' (injected)' : ''}${err}`;
  });
  const frames = world.gatewayFrames.slice(-6).map((f) => `  ${f.direction} op ${f.op}${f.t ? ` ${f.t}` : ''}`);
  const cdn = world.cdnRequests.slice(-4).map((r) => `  ${r.method} ${r.path} → ${r.status}`);
  return [
    `Recent REST requests:`,
    ...(recent.length ? recent : ['  (none)']),
    ...(cdn.length ? [`Recent CDN requests:`, ...cdn] : []),
    `Recent gateway frames:`,
    ...(frames.length ? frames : ['  (none)']),
  ].join('\n');
}
