import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ShardReloadOutcome } from './knowledge/reload-report.ts';
import { HealthReport } from './observability/health.ts';

/**
 * The messages between the shard manager and its shard processes, over the IPC channel the
 * ShardingManager opened (beside discord.js's own messages, which start with `_`). Plain data,
 * checked with zod on arrival: nothing is evaluated (no broadcastEval).
 */
export const ReloadAsk = z.object({
  trigger: z.enum(['command', 'signal', 'watch', 'cli', 'add', 'review']),
  by: z.object({ id: z.string().nullable(), name: z.string() }),
  fresh: z.boolean().optional(),
});
export type ReloadAsk = z.infer<typeof ReloadAsk>;

/** prom-client's `getMetricsAsJSON()` output, as far as the aggregation relies on it. */
const MetricJson = z.looseObject({ name: z.string(), help: z.string(), type: z.string(), aggregator: z.string(), values: z.array(z.looseObject({ value: z.number() })) });

/** What each side may ask the other, with the answer's shape. */
const Questions = {
  /** manager → shard */
  'kb-reload': { ask: ReloadAsk, answer: ShardReloadOutcome },
  health: { ask: z.null(), answer: HealthReport },
  metrics: { ask: z.null(), answer: z.array(MetricJson) },
  /** shard → manager: reload every other shard and report each outcome. */
  'kb-fanout': { ask: ReloadAsk, answer: z.array(ShardReloadOutcome) },
} as const;
export type Question = keyof typeof Questions;
type Ask<Q extends Question> = z.infer<(typeof Questions)[Q]['ask']>;
type Answer<Q extends Question> = z.infer<(typeof Questions)[Q]['answer']>;

const Envelope = z.discriminatedUnion('t', [
  z.object({ t: z.literal('fbb:ask'), id: z.string(), what: z.enum(Object.keys(Questions) as [Question, ...Question[]]), payload: z.unknown() }),
  z.object({ t: z.literal('fbb:answer'), id: z.string(), ok: z.boolean(), payload: z.unknown() }),
]);

export type Handlers = { [Q in Question]?: (ask: Ask<Q>) => Promise<Answer<Q>> };

/** One end of the channel: `send` posts a message, `subscribe` delivers every message that arrives (and returns an unsubscribe). */
export interface Channel {
  send(message: unknown): Promise<void>;
  subscribe(listener: (message: unknown) => void): () => void;
}

/**
 * Request/answer over an IPC channel in both directions. An unknown question, a handler that
 * throws, or an answer of the wrong shape rejects the asker with a one-line reason; a message
 * that is not ours (discord.js's) is ignored.
 */
export class IpcPeer {
  private readonly pending = new Map<string, { what: Question; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly channel: Channel,
    private readonly handlers: Handlers,
  ) {
    this.unsubscribe = channel.subscribe((message) => this.receive(message));
  }

  ask<Q extends Question>(what: Q, payload: Ask<Q>, timeoutMs: number): Promise<Answer<Q>> {
    const id = randomUUID();
    return new Promise<Answer<Q>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      timer.unref();
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        this.pending.delete(id);
        fn(value);
      };
      this.pending.set(id, { what, resolve: settle(resolve as (value: unknown) => void), reject: settle(reject) });
      this.channel.send({ t: 'fbb:ask', id, what, payload }).catch(settle((error: Error) => reject(new Error(`could not send: ${error.message}`))));
    });
  }

  /** Every question still waiting fails with `reason` (the other end died). */
  abandon(reason: string): void {
    for (const { reject } of [...this.pending.values()]) reject(new Error(reason));
  }

  close(): void {
    this.unsubscribe();
    this.abandon('channel closed');
  }

  private receive(raw: unknown): void {
    const parsed = Envelope.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.t === 'fbb:answer') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      if (!message.ok) return waiting.reject(new Error(String(message.payload)));
      const answer = Questions[waiting.what].answer.safeParse(message.payload);
      if (answer.success) waiting.resolve(answer.data);
      else waiting.reject(new Error(`malformed answer to ${waiting.what}: ${answer.error.issues[0]?.message ?? 'invalid'}`));
      return;
    }
    void this.answer(message.id, message.what, message.payload);
  }

  private async answer(id: string, what: Question, payload: unknown): Promise<void> {
    const reply = (ok: boolean, body: unknown) => this.channel.send({ t: 'fbb:answer', id, ok, payload: body }).catch(() => undefined);
    const handler = this.handlers[what] as ((ask: unknown) => Promise<unknown>) | undefined;
    if (!handler) return reply(false, `this process does not answer ${what}`);
    const ask = Questions[what].ask.safeParse(payload);
    if (!ask.success) return reply(false, `malformed ${what} question`);
    try {
      await reply(true, await handler(ask.data));
    } catch (error) {
      await reply(false, error instanceof Error ? error.message : String(error));
    }
  }
}
