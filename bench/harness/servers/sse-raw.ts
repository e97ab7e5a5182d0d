import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchServer } from './server-setup.js';

/**
 * The raw baseline: a bare node:http SSE writer, as a user writes one by hand. The same routes
 * as the starter (GET /events, POST /publish with one event per request), the frame built once
 * per event as a string, then res.write() per subscriber.
 */
export async function startSseRaw(): Promise<BenchServer> {
  const subscribers = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/events')) {
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
          res.writeHead(400, { 'Content-Length': 0 }).end();
          return;
        }
        const frame = `event: ${String(body.event)}\ndata: ${JSON.stringify(body.data)}\n\n`;
        for (const subscriber of subscribers) subscriber.write(frame);
        res.writeHead(202, { 'Content-Type': 'application/json', 'Content-Length': 2 }).end('{}');
      });
      return;
    }
    res.writeHead(404, { 'Content-Length': 0 }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    notes: ['raw sse: a bare node:http writer, same GET /events and POST /publish routes, res.write() per subscriber'],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
