import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ObservabilityHandlers {
  /** The JSON body of /healthz and whether it is healthy (200) or not (503). */
  health: () => Promise<{ ok: boolean; body: unknown }>;
  /** Prometheus text exposition. */
  metrics: () => Promise<{ contentType: string; body: string }>;
}

export interface ObservabilityServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * GET /healthz and GET /metrics, nothing else, on `host` (loopback by default: the numbers are
 * for the operator's scraper, not the internet). A failing check answers 503 with its JSON,
 * never a stack trace.
 */
export async function startObservabilityServer(options: { host: string; port: number; handlers: ObservabilityHandlers; onError: (error: unknown) => void }): Promise<ObservabilityServer> {
  const { handlers } = options;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const respond = (status: number, contentType: string, body: string) => {
      res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return respond(405, 'text/plain; charset=utf-8', 'method not allowed\n');
    const work =
      path === '/healthz'
        ? handlers.health().then(({ ok, body }) => respond(ok ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`))
        : path === '/metrics'
          ? handlers.metrics().then(({ contentType, body }) => respond(200, contentType, body))
          : Promise.resolve(respond(404, 'text/plain; charset=utf-8', 'not found: try /healthz or /metrics\n'));
    work.catch((error: unknown) => {
      options.onError(error);
      if (!res.headersSent) respond(503, 'application/json; charset=utf-8', `${JSON.stringify({ ok: false, error: 'check failed; see the log' })}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
