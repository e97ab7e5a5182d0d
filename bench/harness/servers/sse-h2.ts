import { createServer, type Http2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadStarter } from './load-starter.js';
import { writeWindow, writeWindowNote } from './write-window.js';
import { PUBLISH_TOKEN, type BenchServer, type ServerSetup } from './server-setup.js';

/**
 * The SSE subjects over HTTP/2 (--sse-h2): cleartext h2 (h2c, prior knowledge), loopback. The
 * starter serves HTTP/2 the way its README says a host mounts it: its request handler in the
 * host's server (node:http2 in compatibility mode), with open()/close() for its timers. Every
 * subscriber has its own HTTP/2 connection, like a browser tab on its own origin would; the
 * publisher sends POST /publish as concurrent streams of one connection.
 */

interface SseStarter {
  createServer(options: Record<string, unknown>): {
    handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
    open(): void;
    close(): Promise<void>;
    stats(): unknown;
  };
  DEFAULT_OPTIONS: { writeBatchMs: number; writeBatchAbove: number };
}

async function listen(onRequest: (req: Http2ServerRequest, res: Http2ServerResponse) => void): Promise<{ server: Http2Server; port: number; stop(): Promise<void> }> {
  // Streams are not capped below what a run opens: the publisher keeps many POSTs in flight.
  const server = createServer({ settings: { maxConcurrentStreams: 100_000 } }, onRequest);
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

export async function startSseStarterH2(setup: ServerSetup): Promise<BenchServer> {
  const { createServer: createStarter, DEFAULT_OPTIONS } = await loadStarter<SseStarter>(setup.root, 'sse');
  const window = await writeWindow(setup.root, 'sse', DEFAULT_OPTIONS.writeBatchMs, DEFAULT_OPTIONS.writeBatchAbove);
  const starter = createStarter({
    ...window.options,
    port: 0,
    publishToken: PUBLISH_TOKEN,
    feedIntervalMs: 0,
    maxSubscribers: Math.max(10_000, setup.clients + 10),
    // Every subscriber comes from 127.0.0.1: the per-address cap would refuse all but a few.
    maxConnectionsPerIp: 0,
    onError: () => {},
  });
  const host = await listen((req, res) => {
    // The compatibility objects stand in for node:http's, as the starter's hosts use them.
    if (!starter.handleRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse)) res.writeHead(404).end();
  });
  starter.open();
  return {
    port: host.port,
    notes: [
      'sse starter over HTTP/2: its handleRequest mounted in a node:http2 cleartext server (h2c, compatibility mode), one connection per subscriber; POST /publish one event per request as concurrent streams of one connection; maxConnectionsPerIp off (every subscriber is 127.0.0.1); demo feed off',
      writeWindowNote('sse', window),
    ],
    stop: async () => {
      await starter.close();
      await host.stop();
    },
    stats: () => starter.stats(),
  };
}

/** The raw baseline over HTTP/2: the bare writer of sse-raw.ts on node:http2, res.write() per subscriber. */
export async function startSseRawH2(): Promise<BenchServer> {
  const subscribers = new Set<Http2ServerResponse>();
  const host = await listen((req, res) => {
    if (req.method === 'GET' && req.url.startsWith('/events')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write('retry: 3000\n\n');
      subscribers.add(res);
      res.on('close', () => subscribers.delete(res));
      return;
    }
    if (req.method === 'POST' && req.url === '/publish') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: { event?: unknown; data?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          res.writeHead(400).end();
          return;
        }
        const frame = `event: ${String(body.event)}\ndata: ${JSON.stringify(body.data)}\n\n`;
        for (const subscriber of subscribers) subscriber.write(frame);
        res.writeHead(202, { 'Content-Type': 'application/json' }).end('{}');
      });
      return;
    }
    res.writeHead(404).end();
  });
  return {
    port: host.port,
    notes: ['raw sse over HTTP/2: a bare node:http2 cleartext server (compatibility mode), same routes, res.write() per subscriber'],
    stop: () => host.stop(),
  };
}
