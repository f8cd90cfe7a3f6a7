/**
 * The gateway: one WebSocket session per IDENTIFY, JSON encoding, no compression.
 * HELLO → IDENTIFY (token, intents, shard checked) → READY + GUILD_CREATE per available guild;
 * heartbeats are ACKed; every dispatch gets the session's next sequence number and is kept so a
 * RESUME (after a resumable close such as 4000, or an op 7 reconnect) replays what the client
 * missed before RESUMED. Close codes follow Discord's table.
 *
 * Sharding as on Discord: IDENTIFY carries [shard_id, shard_count]; a session hears only its
 * shard's guilds (READY, GUILD_CREATE and every event carrying a guild_id go to the sessions whose
 * shard is (guild_id >> 22) % shard_count), and events without a guild (DMs) go to shard 0.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { sessionId as newSessionId } from './ids.ts';
import { guildCreatePayload, readyPayload } from './payloads.ts';
import type { World } from './state.ts';

export interface GatewayOptions {
  world: World;
  heartbeatIntervalMs: number;
  /** Privileged intent bits the app may request (others → close 4014). */
  allowedPrivilegedIntents: number;
  /** ws://127.0.0.1:PORT/gateway, sent as resume_gateway_url. */
  url: () => string;
  log: (line: string) => void;
}

interface Dispatch {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewaySession {
  readonly id: string;
  seq: number;
  intents: number;
  shard: [number, number];
  history: Dispatch[];
  socket: WebSocket | null;
  /** Can no longer be resumed (client closed with 1000/1001, or a fatal close). */
  invalidated: boolean;
}

interface Connection {
  ws: WebSocket;
  session: GatewaySession | null;
  /** Set when the emulator closes the socket, so the close handler knows who hung up. */
  serverCloseCode: number | null;
}

const PRIVILEGED = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
/** Discord does not let a client resume after these (it must identify again, or give up). */
const SESSION_ENDING_CODES = new Set<number>([
  1000,
  1001,
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidSeq,
  GatewayCloseCodes.SessionTimedOut,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);
const HISTORY_LIMIT = 1000;

/** Discord's rule: a guild belongs to shard (guild_id >> 22) % shard_count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

const holdsGuild = ([shardId, shardCount]: [number, number], guildId: string) => shardOfGuild(guildId, shardCount) === shardId;

export class Gateway {
  readonly sessions = new Map<string, GatewaySession>();
  readonly counters = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0 };
  /** Each answered IDENTIFY's shard, in order. */
  readonly identified: [number, number][] = [];
  private readonly connections = new Set<Connection>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  constructor(private readonly options: GatewayOptions) {}

  /** Hand an HTTP upgrade on /gateway to the WebSocket server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  /** Sessions that can still receive (and, if disconnected, later replay) dispatches. */
  liveSessions(): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => !s.invalidated);
  }

  /**
   * Send a dispatch to every live session of the shard that holds its guild (`d.guild_id`), or of
   * shard 0 for an event without one. A session whose socket is down (between a close and its
   * RESUME) keeps the event for replay, as Discord does.
   */
  dispatch(t: string, d: unknown): number {
    const guildId = typeof d === 'object' && d !== null && typeof (d as { guild_id?: unknown }).guild_id === 'string' ? (d as { guild_id: string }).guild_id : null;
    const sessions = this.liveSessions().filter((session) => (guildId === null ? session.shard[0] === 0 : holdsGuild(session.shard, guildId)));
    if (sessions.length === 0) {
      const shard = guildId === null ? 'shard 0' : `the shard of guild ${guildId}`;
      throw new Error(`Discord emulator: cannot dispatch ${t}: no gateway session for ${shard} (has the client logged in? await emu.waitForIdentify())`);
    }
    for (const session of sessions) this.dispatchTo(session, t, d);
    return sessions.length;
  }

  /** Close every open connection from the server side with `code`. */
  async close(code: number, reason = ''): Promise<void> {
    const open = [...this.connections].filter((c) => c.ws.readyState === WebSocket.OPEN);
    await Promise.all(open.map((c) => this.closeConnection(c, code, reason)));
  }

  /** Send a non-dispatch opcode (7 Reconnect, 9 Invalid Session, 1 Heartbeat request) to every open connection. */
  sendOp(op: GatewayOpcodes, d: unknown): void {
    for (const c of this.connections) {
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      this.send(c, { op, d, s: null, t: null });
      if (op === GatewayOpcodes.InvalidSession && c.session) {
        // The connection is no longer authenticated: the client may RESUME (d=true) or must
        // IDENTIFY (d=false) again; discord.js sends the RESUME on this same socket.
        if (d === false) c.session.invalidated = true;
        c.session.socket = null;
        c.session = null;
      }
    }
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const conn: Connection = { ws, session: null, serverCloseCode: null };
    this.connections.add(conn);
    this.counters.connections++;
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code) => this.onClose(conn, code));
    ws.on('error', (error) => this.options.log(`GATEWAY socket error: ${error.message}`));

    const query = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams;
    if (query.get('v') !== '10') {
      void this.closeConnection(conn, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) {
      // ETF and zlib-stream are not emulated; fail loudly rather than send frames the client cannot read.
      void this.closeConnection(conn, GatewayCloseCodes.DecodeError, 'emulator supports encoding=json without compress only');
      return;
    }
    this.send(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
    this.options.world.changed();
  }

  private onMessage(conn: Connection, data: WebSocket.RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frame');
      payload = JSON.parse(data.toString()) as { op?: unknown; d?: unknown };
    } catch {
      void this.closeConnection(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.record('in', op, null, null, conn.session?.id ?? null);
    const d = (typeof payload.d === 'object' && payload.d !== null ? payload.d : {}) as Record<string, unknown>;

    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.counters.heartbeats++;
        this.send(conn, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        break;
      case GatewayOpcodes.Identify:
        this.identify(conn, d);
        break;
      case GatewayOpcodes.Resume:
        this.resume(conn, d);
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) void this.closeConnection(conn, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        // Accepted and ignored: the emulator has no presences, voice or member chunks.
        break;
      default:
        void this.closeConnection(conn, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
    this.options.world.changed();
  }

  private identify(conn: Connection, d: Record<string, unknown>): void {
    const { world } = this.options;
    if (conn.session) return void this.closeConnection(conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (d.token !== world.app.token) return void this.closeConnection(conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    if (typeof d.properties !== 'object' || d.properties === null) return void this.closeConnection(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || intents >= 2 ** 26) {
      return void this.closeConnection(conn, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    }
    if (intents & PRIVILEGED & ~this.options.allowedPrivilegedIntents) {
      return void this.closeConnection(conn, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard = Array.isArray(d.shard) ? (d.shard as unknown[]) : [0, 1];
    const [shardId, shardCount] = shard;
    if (typeof shardId !== 'number' || typeof shardCount !== 'number' || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      return void this.closeConnection(conn, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    }

    const session: GatewaySession = { id: newSessionId(), seq: 0, intents, shard: [shardId, shardCount], history: [], socket: conn.ws, invalidated: false };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.counters.identifies++;
    this.identified.push([shardId, shardCount]);
    const guilds = [...world.guilds.values()].filter((guild) => holdsGuild(session.shard, guild.id));
    this.dispatchTo(session, GatewayDispatchEvents.Ready, readyPayload(world, session.id, this.options.url(), session.shard, guilds));
    // Without the GUILDS intent Discord sends no GUILD_CREATE; guilds stay unavailable.
    if (intents & GatewayIntentBits.Guilds) {
      for (const guild of guilds) {
        if (!guild.unavailable) this.dispatchTo(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(world, guild));
      }
    }
  }

  private resume(conn: Connection, d: Record<string, unknown>): void {
    const { world } = this.options;
    if (conn.session) return void this.closeConnection(conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (d.token !== world.app.token) return void this.closeConnection(conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!session || session.invalidated) {
      // op 9 with d=false: "start a new session" — the client must IDENTIFY again.
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    if (seq < 0 || seq > session.seq) return void this.closeConnection(conn, GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
    const oldest = session.history[0]?.s ?? session.seq + 1;
    if (seq + 1 < oldest) {
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      session.invalidated = true;
      return;
    }
    if (session.socket && session.socket !== conn.ws) session.socket.terminate();
    session.socket = conn.ws;
    conn.session = session;
    this.counters.resumes++;
    for (const missed of session.history.filter((h) => h.s > seq)) {
      this.send(conn, { op: GatewayOpcodes.Dispatch, ...missed });
    }
    this.dispatchTo(session, GatewayDispatchEvents.Resumed, {});
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    const entry: Dispatch = { s: ++session.seq, t, d };
    session.history.push(entry);
    if (session.history.length > HISTORY_LIMIT) session.history.shift();
    const conn = [...this.connections].find((c) => c.session === session && c.ws.readyState === WebSocket.OPEN);
    if (conn) this.send(conn, { op: GatewayOpcodes.Dispatch, ...entry });
    else this.options.log(`GATEWAY queued ${t} s=${entry.s} for replay on resume`);
    this.options.world.changed();
  }

  private send(conn: Connection, frame: { op: number; d: unknown; s: number | null; t: string | null }): void {
    this.record('out', frame.op, frame.t, frame.s, conn.session?.id ?? null);
    conn.ws.send(JSON.stringify(frame));
  }

  private closeConnection(conn: Connection, code: number, reason: string): Promise<void> {
    if (conn.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    conn.serverCloseCode = code;
    if (conn.session && SESSION_ENDING_CODES.has(code)) conn.session.invalidated = true;
    return new Promise<void>((resolve) => {
      // A client that never answers the close frame is cut off after a second.
      const timer = setTimeout(() => conn.ws.terminate(), 1000);
      conn.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      conn.ws.close(code, reason);
    });
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    const session = conn.session;
    if (session && session.socket === conn.ws) session.socket = null;
    // A client closing with 1000/1001 ends its session; 4200 and abnormal closes keep it resumable.
    if (session && conn.serverCloseCode === null && (code === 1000 || code === 1001)) session.invalidated = true;
    this.options.log(`GATEWAY closed ${code} by ${conn.serverCloseCode === null ? 'client' : 'emulator'}`);
    this.options.world.changed();
  }

  private record(direction: 'in' | 'out', op: number, t: string | null, s: number | null, sessionId: string | null): void {
    this.options.world.gatewayFrames.push({ direction, op, t, s, sessionId, at: Date.now() });
    this.options.log(`GATEWAY ${direction === 'in' ? '←' : '→'} op ${op}${t ? ` ${t}` : ''}${s !== null ? ` s=${s}` : ''}`);
  }
}
