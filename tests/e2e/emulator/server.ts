/**
 * One loopback port for REST and the attachment CDN (plain HTTP) and the gateway (WebSocket
 * upgrade on /gateway), like discord.com, cdn.discordapp.com and gateway.discord.gg rolled into one. The port is random; handlers are built
 * once it is known because payloads embed the URLs.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ServerHandlers {
  onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(build: (port: number) => ServerHandlers): Promise<RunningServer> {
  // Filled in once the port is known; requests cannot arrive before listen() resolves anyway.
  const bound: { handlers?: ServerHandlers } = {};
  const server = createServer((req, res) => {
    const { handlers } = bound;
    if (!handlers) {
      res.writeHead(503).end();
      return;
    }
    handlers.onRequest(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { handlers } = bound;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!handlers || path !== '/gateway') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    handlers.onUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  bound.handlers = build(port);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // undici keeps REST sockets alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}
