import type { Reply } from '../shared/reply.ts';

export interface PostedMessage {
  messageId: string;
  /** The server the channel belongs to, so a channel seeded by id alone learns its server. */
  guildId: string | null;
}

/** Where briefings go. The Discord implementation is `src/discord/briefing-transport.ts`; tests use a fake. */
export interface BriefingTransport {
  /** False while the gateway is down: nothing is posted (or recorded) then. */
  isReady(): boolean;
  /**
   * Post a briefing. `nonce` is deterministic per run and sent with `enforce_nonce`, so
   * Discord drops a repeat of the same run for a few minutes. `marker` identifies the run in the
   * channel (what `findPosted` looks for): the posted message must carry it whatever trimming
   * the transport does to fit the platform's limits. Throws BriefingSendError.
   */
  send(channelId: string, reply: Reply, run: { nonce: string; marker: string }): Promise<PostedMessage>;
  /**
   * This bot's message in the channel posted at or after `since` whose embeds carry
   * `marker`, or null. Lets a run whose outcome is unknown be resolved after the nonce
   * window has passed. Optional: without it only the nonce guards against a repeat.
   */
  findPosted?(channelId: string, marker: string, since: Date): Promise<string | null>;
  /**
   * The server a channel belongs to, if the transport already knows it (no network call), or
   * null. Lets a channel seeded by id alone be recorded in its server as soon as the bot can
   * see it, rather than after its first successful post (which may never come). Optional.
   */
  guildOf?(channelId: string): string | null;
}

/** A failed Discord call, reduced to what decides the next step: HTTP status and Discord error code. */
export class BriefingSendError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when no response arrived (network, timeout). */
    readonly status: number | null,
    /** Discord's JSON error code (e.g. 50013), when it sent one. */
    readonly code: number | string | null = null,
    /** From a 429: how long Discord asked us to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'BriefingSendError';
  }
}

/**
 * Not a Discord code: the transport could not read the channel's history to learn whether an
 * interrupted briefing was posted. Sending again could post it twice, so the channel is marked
 * failing instead.
 */
export const HISTORY_UNREADABLE = 'history-unreadable';

/** Discord error codes that mean "this channel cannot take our briefing", and how to say so to an admin. */
const CHANNEL_PROBLEMS: Record<string, string> = {
  [HISTORY_UNREADABLE]: 'the bot cannot read this channel’s history (it needs Read Message History to make sure an interrupted briefing is never posted twice)',
  '10003': 'the channel no longer exists or the bot cannot see it (Discord 10003 Unknown Channel)',
  '50001': 'the bot cannot view this channel (Discord 50001 Missing Access)',
  '50013': 'the bot lacks permission to post here: it needs Send Messages, Embed Links and Read Message History (Discord 50013 Missing Permissions)',
};

/**
 * - `retry`: rate limit, Discord-side error or no answer; the same request may succeed later
 *   (and a 5xx or a timeout may even have posted it).
 * - `channel`: the channel is gone or closed to the bot; the subscription is marked failing.
 * - `refused`: Discord rejected the request itself; sending it again would fail the same way.
 */
export type FailureKind = 'retry' | 'channel' | 'refused';

export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof BriefingSendError) || error.status === null) return 'retry';
  if (error.code !== null && Object.hasOwn(CHANNEL_PROBLEMS, String(error.code))) return 'channel';
  if (error.status === 429 || error.status >= 500) return 'retry';
  return 'refused';
}

/** A reason fit for `/briefing status`. */
export function describeFailure(error: unknown): string {
  if (error instanceof BriefingSendError) {
    const known = error.code === null ? undefined : CHANNEL_PROBLEMS[String(error.code)];
    if (known) return known;
    const code = error.code === null ? '' : ` ${error.code}`;
    return error.status === null ? `no answer from Discord: ${error.message}` : `Discord refused the post (HTTP ${error.status}${code}): ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
