import { afterEach, describe, expect, it } from 'vitest';
import type { ReloadReport } from '../../src/knowledge/reload-report.ts';
import { countingSends } from '../../src/observability/briefing-sends.ts';
import { checkHealth } from '../../src/observability/health.ts';
import { startObservabilityServer, type ObservabilityServer } from '../../src/observability/http.ts';
import { Metrics } from '../../src/observability/metrics.ts';
import { BriefingSendError, type BriefingTransport } from '../../src/scheduler/transport.ts';
import { sample } from './prometheus-text.ts';

const healthy = { gateway: () => [{ shard: 0, connected: true, status: 'Ready' }], knowledge: () => ({ documents: 3, passages: 9 }), probeDatabase: () => undefined };

describe('health', () => {
  it('is healthy only with every gateway connection up, passages served and a writable database', () => {
    expect(checkHealth(healthy).ok).toBe(true);
    expect(checkHealth({ ...healthy, gateway: () => [{ shard: 0, connected: true, status: 'Ready' }, { shard: 1, connected: false, status: 'Reconnecting' }] }).ok).toBe(false);
    expect(checkHealth({ ...healthy, gateway: () => [] }).ok).toBe(false);
    expect(checkHealth({ ...healthy, knowledge: () => ({ documents: 0, passages: 0 }) }).knowledgeBase).toEqual({ ok: false, documents: 0, passages: 0 });
    const locked = checkHealth({ ...healthy, probeDatabase: () => { throw new Error('database is locked'); } });
    expect(locked.ok).toBe(false);
    expect(locked.database).toEqual({ ok: false, error: 'database is locked' });
  });

  describe('over HTTP', () => {
    let server: ObservabilityServer | undefined;
    afterEach(async () => {
      await server?.close();
    });

    it('answers 503 with the JSON report when unhealthy, and 503 without details when the check itself throws', async () => {
      let report = checkHealth({ ...healthy, gateway: () => [{ shard: 0, connected: false, status: 'Resuming' }] });
      let explode = false;
      const errors: unknown[] = [];
      server = await startObservabilityServer({
        host: '127.0.0.1',
        port: 0,
        handlers: {
          health: async () => {
            if (explode) throw new Error('secret internals');
            return { ok: report.ok, body: report };
          },
          metrics: async () => ({ contentType: 'text/plain', body: '' }),
        },
        onError: (error) => errors.push(error),
      });
      const url = `http://127.0.0.1:${server.port}/healthz`;
      let response = await fetch(url);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { gateway: unknown[] }).gateway).toEqual([{ shard: 0, connected: false, status: 'Resuming' }]);
      report = checkHealth(healthy);
      expect((await fetch(url)).status).toBe(200);
      explode = true;
      response = await fetch(url);
      expect(response.status).toBe(503);
      expect(await response.text()).not.toMatch(/secret internals/);
      expect(errors).toHaveLength(1);
      expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    });
  });
});

describe('metrics at the boundaries', () => {
  const report = (ok: boolean) => ({ ok }) as ReloadReport;

  it('counts every reload by outcome and still hands it to the audit trail', async () => {
    const metrics = new Metrics({ knowledge: () => ({ documents: 2, passages: 5 }) });
    const audited: boolean[] = [];
    const recorder = metrics.recordingReloads({ recordReload: (r) => audited.push(r.ok) });
    recorder.recordReload(report(true));
    recorder.recordReload(report(false));
    recorder.recordReload(report(false));
    expect(audited).toEqual([true, false, false]);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'bot_kb_reloads_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'bot_kb_reloads_total', { outcome: 'refused' })).toBe(2);
    expect(sample(text, 'bot_kb_passages')).toBe(5);
  });

  it('counts briefing sends as posted, failed (refused for good) or uncertain (no clear answer), passing errors on', async () => {
    const metrics = new Metrics({ knowledge: () => ({ documents: 0, passages: 0 }), shardId: 1 });
    const outcomes = [null, new BriefingSendError('Missing Permissions', 403, 50013), new BriefingSendError('Internal', 500), new BriefingSendError('timeout', null)];
    const transport: BriefingTransport = {
      isReady: () => true,
      send: async () => {
        const next = outcomes.shift();
        if (next) throw next;
        return { messageId: '1', guildId: null };
      },
      findPosted: async () => 'found',
    };
    const counted = countingSends(transport, metrics);
    await expect(counted.send('c', { content: 'x' }, { nonce: 'n', marker: 'm' })).resolves.toEqual({ messageId: '1', guildId: null });
    for (let i = 0; i < 3; i++) await expect(counted.send('c', { content: 'x' }, { nonce: 'n', marker: 'm' })).rejects.toBeInstanceOf(BriefingSendError);
    expect(await counted.findPosted?.('c', 'm', new Date())).toBe('found');
    const text = await metrics.registry.metrics();
    expect(sample(text, 'bot_briefing_sends_total', { outcome: 'posted', shard: '1' })).toBe(1);
    expect(sample(text, 'bot_briefing_sends_total', { outcome: 'failed', shard: '1' })).toBe(1);
    expect(sample(text, 'bot_briefing_sends_total', { outcome: 'uncertain', shard: '1' })).toBe(2);
  });
});
