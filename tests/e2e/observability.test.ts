/**
 * /healthz and /metrics of the bot as `npm start` runs it (one process, HEALTH_PORT set), over
 * the loopback Discord: healthy once connected, and the metrics move with what a user does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../observability/prometheus-text.ts';
import { query, startWiredBot, type WiredBot } from './bot-harness.ts';

describe('observability of one bot process', () => {
  let wired: WiredBot;
  let base: string;

  beforeAll(async () => {
    wired = await startWiredBot({ HEALTH_PORT: '0' });
    const line = await wired.bot.logs.waitFor((l) => l.msg === 'serving /healthz and /metrics', 'the health server');
    expect(line['host']).toBe('127.0.0.1');
    base = `http://127.0.0.1:${String(line['port'])}`;
  });
  afterAll(async () => {
    await wired?.stop();
  });

  it('answers /healthz 200 with the gateway connected, the knowledge base loaded and the database writable', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { ok: boolean; gateway: { shard: number; connected: boolean }[]; knowledgeBase: { ok: boolean; passages: number }; database: { ok: boolean } };
    expect(body.ok).toBe(true);
    expect(body.gateway).toEqual([{ shard: 0, connected: true, status: 'Ready' }]);
    expect(body.knowledgeBase.ok).toBe(true);
    expect(body.knowledgeBase.passages).toBeGreaterThan(0);
    expect(body.database).toEqual({ ok: true });
  });

  it('counts interactions by command and outcome, times answers, and reports the knowledge base and the event loop', async () => {
    const { emu } = wired;
    const before = await (await fetch(`${base}/metrics`)).text();
    expect(sample(before, 'bot_interactions_total', { command: 'fentanyl', outcome: 'ok' }) ?? 0).toBe(0);
    await emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] }).callback();
    await emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures at the border')] }).callback();
    // A member without Manage Server is refused /kb: a refusal, not an error.
    await emu.dispatchChatInput({ name: 'kb', user: emu.memberUser, options: [{ name: 'status', type: 1 }] }).callback();

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sample(text, 'bot_interactions_total', { kind: 'command', command: 'fentanyl', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'bot_interactions_total', { kind: 'command', command: 'kb status', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'bot_answer_duration_seconds_count', { command: 'fentanyl' })).toBe(2);
    expect(sample(text, 'bot_answer_duration_seconds_bucket', { command: 'fentanyl', le: '+Inf' })).toBe(2);
    expect(sample(text, 'bot_kb_passages')).toBeGreaterThan(0);
    expect(sample(text, 'bot_kb_documents')).toBeGreaterThan(0);
    expect(sample(text, 'bot_kb_reloads_total', { outcome: 'ok' })).toBe(0);
    expect(sample(text, 'bot_briefing_sends_total', { outcome: 'posted' })).toBe(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('answers anything else with 404', async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
  });
});
