import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { parseSse } from '../public/sse-parser.js';
import type { ChatModel } from '../src/chat-model.js';
import { createServer } from '../src/server.js';
import { openEventStream } from './helpers/event-stream-client.js';
import { startServer } from './helpers/servers.js';

describe('routes', () => {
  it('answers GET and HEAD /healthz with 200', async () => {
    const { url } = await startServer();
    const response = await fetch(`${url}healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}healthz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('serves the page and its modules', async () => {
    const { url } = await startServer();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="app.js"></script>');

    for (const file of ['app.js', 'chat-client.js', 'sse-parser.js']) {
      const module = await fetch(`${url}${file}`);
      expect(module.status, file).toBe(200);
      expect(module.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await module.text()).toMatch(/^\/\/ @ts-check/);
    }
  });

  it('answers unknown paths with a JSON 404, and never reads outside public/', async () => {
    const { url } = await startServer();
    for (const path of ['nope', 'index.htm', '..%2Fpackage.json', 'public/app.js']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
    const traversal = await rawRequest(url, 'GET /../package.json HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(traversal).toMatch(/^HTTP\/1\.1 404/);
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const { url } = await startServer();
    const cases = [
      ['GET', 'publish', 'POST'],
      ['GET', 'chat/stream', 'POST'],
      ['POST', 'events', 'GET'],
      ['DELETE', 'healthz', 'GET, HEAD'],
      ['PUT', '', 'GET, HEAD'],
    ] as const;
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${url}${path}`, { method });
      expect(response.status, `${method} /${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
  });
});

describe('shutdown', () => {
  it('ends every event stream properly, tells chat clients, and stop() resolves', async () => {
    const slowModel: ChatModel = {
      async *stream(_messages, signal) {
        while (!signal.aborted) {
          yield 'token ';
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    };
    const { server, url } = await startServer({ model: slowModel });
    const clients = await Promise.all([1, 2, 3].map(() => openEventStream(`${url}events`)));
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(3));
    server.hub.publish('tick', { n: 1 });
    await Promise.all(clients.map((client) => client.waitForEvents(1)));

    const chat = await fetch(`${url}chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    const chatText = chat.text();

    const started = Date.now();
    await server.stop();
    // Well under shutdownGraceMs (2 s): nothing had to be cut.
    expect(Date.now() - started).toBeLessThan(1500);

    for (const client of clients) expect(await client.finished).toBe('end');
    const chatEvents = parseSse(await chatText);
    expect(chatEvents.at(-1)?.type).toBe('error');
    expect(JSON.parse(chatEvents.at(-1)?.data ?? '')).toMatchObject({ error: { code: 'shutting_down' } });
    await expect(fetch(`${url}healthz`)).rejects.toThrow();
  });

  it('sends a subscriber every event published before stop(), even a burst larger than its socket buffer', async () => {
    const { server, url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    // About 200 KB in one turn of the event loop, then stop at once.
    for (let n = 1; n <= 200; n += 1) server.hub.publish('tick', { n, padding: 'x'.repeat(1000) });
    await server.stop();
    expect(await client.finished).toBe('end');
    expect(client.events.map((event) => Number(event.lastEventId))).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    );
  });

  it('cuts a client that stopped reading once shutdownGraceMs is over', async () => {
    const { server, url } = await startServer({ shutdownGraceMs: 300 });
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.write('GET /events HTTP/1.1\r\nHost: test\r\n\r\n');
    socket.once('data', () => socket.pause());
    socket.on('error', () => {});
    const cut = new Promise((resolve) => socket.once('close', resolve));
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    for (let n = 0; n < 200; n += 1) server.hub.publish('big', 'x'.repeat(64 * 1024));

    const started = Date.now();
    await server.stop();
    // What happened, not only how long: the stream could not finish, so it was kept for the
    // whole grace period, then the server (not this test) closed the connection.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
    expect(server.stats().subscribers).toBe(0);
    socket.resume(); // a paused socket reports its close only once it has read what is queued
    await cut;
  });

  it('refuses new streams while closing', async () => {
    const { server, url } = await startServer();
    const client = await openEventStream(`${url}events`);
    await vi.waitFor(() => expect(server.stats().subscribers).toBe(1));
    const closing = server.close();
    const response = await fetch(`${url}events`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'shutting_down' } });
    await closing;
    expect(await client.finished).toBe('end');
  });
});

describe('mounting in a host server', () => {
  it('handles its own paths under basePath and leaves the rest to the host', async () => {
    const app = createServer({ basePath: '/sse', feedIntervalMs: 0, keepAliveMs: 0 });
    const host = createHttpServer((req, res) => {
      if (app.handleRequest(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('host');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    app.open();
    const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/sse/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${base}/healthz`)).text()).toBe('host');
      expect(await (await fetch(`${base}/other`)).text()).toBe('host');
      const redirect = await fetch(`${base}/sse`, { redirect: 'manual' });
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get('location')).toBe('/sse/');
      expect((await fetch(`${base}/sse/`)).headers.get('content-type')).toBe('text/html; charset=utf-8');

      const client = await openEventStream(`${base}/sse/events`);
      await vi.waitFor(() => expect(app.stats().subscribers).toBe(1));
      app.hub.publish('tick', { n: 1 });
      expect((await client.waitForEvents(1))[0]?.data).toBe('{"n":1}');
      await app.close();
      expect(await client.finished).toBe('end');
    } finally {
      await app.close();
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });
});

function rawRequest(url: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}
