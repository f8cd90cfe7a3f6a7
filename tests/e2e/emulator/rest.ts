/**
 * The REST front door: /api/v10 prefix, injected faults, body parsing, routing, the bot-token
 * check, and the request log tests assert on. Route handlers live in routes-*.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import type { Route } from './http.ts';
import { matchRoute, parseBody, readRaw, sendJson } from './http.ts';
import { appRoutes, type RouteDeps } from './routes-app.ts';
import { channelRoutes } from './routes-channels.ts';
import { interactionRoutes } from './routes-interactions.ts';
import type { RecordedRequest } from './types.ts';

export interface RestOptions extends RouteDeps {
  faults: FaultInjector;
  log: (line: string) => void;
}

export function createRestHandler(options: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { world, faults, log } = options;
  const routes: Route[] = [...appRoutes(options), ...channelRoutes(options), ...interactionRoutes(options)];
  const expectedAuth = `Bot ${world.app.token}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      files: [],
      status: 0,
      response: undefined,
      injected: false,
      at: Date.now(),
    };
    let status: number;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      const raw = await readRaw(req);
      // @discordjs/rest builds `${api}/v${version}${route}`; only v10 is emulated.
      const m = /^\/api\/v(\d+)(\/.*)$/.exec(url.pathname);
      if (!m) throw errors.notFound();
      if (m[1] !== '10') throw errors.invalidApiVersion();
      record.path = m[2] ?? '/';

      const injected = faults.take(method, record.path);
      if (injected) {
        record.injected = true;
        throw injected;
      }
      const parsed = await parseBody(raw, req.headers['content-type']);
      record.body = parsed.body;
      record.files = parsed.files;

      const match = matchRoute(routes, method, record.path);
      if (!match) throw errors.notFound();
      if ('methodNotAllowed' in match) throw errors.methodNotAllowed();
      if (match.route.auth && req.headers.authorization !== expectedAuth) throw errors.unauthorized();

      const result = await match.route.handler({ method, path: record.path, params: match.params, query: record.query, body: parsed.body, files: parsed.files });
      status = result.status;
      body = result.body;
    } catch (error) {
      if (error instanceof ApiError) {
        status = error.status;
        body = error.body;
        headers = error.headers;
      } else {
        // A bug in the emulator, not in the bot: make it loud.
        console.error('Discord emulator internal error', error);
        status = 500;
        body = { message: '500: Internal Server Error', code: 0 };
      }
    }
    record.status = status;
    record.response = body;
    world.requests.push(record);
    log(`REST ${method} ${record.path} → ${status}${record.injected ? ' (injected)' : ''}`);
    sendJson(res, status, body, headers);
    world.changed();
  };

  return (req, res) => {
    void handle(req, res);
  };
}
