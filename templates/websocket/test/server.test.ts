import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect as connectTcp } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createChat } from '../src/server.js';
import { connect, opened, startServer } from './helpers.js';
import { openRawSocket } from './raw-socket.js';

describe('http', () => {
  it('answers GET /healthz with 200', async () => {
    const { url } = await startServer();
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('serves the chat page at / and its modules next to it', async () => {
    const { url, port } = await startServer();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain(
      `default-src 'self'; connect-src 'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port};`,
    );
    const html = await page.text();
    expect(html).toContain('<script type="module" src="./app.js">');

    for (const file of ['app.js', 'connection.js', 'backoff.js', 'style.css']) {
      const res = await fetch(`${url}/${file}`);
      expect(res.status, file).toBe(200);
    }
    expect((await fetch(`${url}/backoff.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers 404 for other paths, 405 for other methods and 426 for a plain GET /ws', async () => {
    const { url } = await startServer();
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/%2e%2e/package.json`)).status).toBe(404);
    // fetch would normalise /../ away before sending: only a raw socket sends the path as is.
    const { port } = new URL(url);
    for (const path of ['/../package.json', '/../src/server.ts', '/..%2fpackage.json', '//etc/passwd']) {
      const raw = await openRawSocket(Number(port));
      raw.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect((await raw.closed).toString(), path).toMatch(/^HTTP\/1\.1 404/);
    }
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}/ws`)).status).toBe(426);
  });
});

describe('shutdown', () => {
  it('closes every client with 1001 and stop() resolves', async () => {
    const { server, wsUrl, url } = await startServer();
    const clients = await Promise.all([1, 2, 3].map(() => connect(wsUrl)));
    await clients[0]!.join('lobby');

    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const client of clients) expect((await client.closed).code).toBe(1001);
    expect(server.httpServer.listening).toBe(false);
    expect(await opened(wsUrl)).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('does not wait for a connection that never sent a request', async () => {
    // Browsers open spare connections ahead of need; Node's closeIdleConnections() skips them.
    const { server, port, wsUrl } = await startServer({ closeTimeoutMs: 2_000 });
    const client = await connect(wsUrl);
    const spare = connectTcp(port, '127.0.0.1');
    spare.on('error', () => {});
    await new Promise((resolve) => spare.once('connect', resolve));
    const spareClosed = new Promise((resolve) => spare.once('close', resolve));

    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    await spareClosed;
    expect((await client.closed).code).toBe(1001);
  });

  it('finishes within closeTimeoutMs when a client never answers the close', async () => {
    const { server, wsUrl } = await startServer({ closeTimeoutMs: 300 });
    const stuck = await connect(wsUrl);
    stuck.ws.pause(); // never reads the close frame, so never answers it

    const started = Date.now();
    await server.stop();
    // What happened, not only how long: the server sent its 1001, waited closeTimeoutMs for
    // the answer that never came, then cut the socket. The 1001 was waiting in the client's
    // receive buffer, so it reads it once it resumes.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
    expect(server.chat.stats().clients).toBe(0);
    stuck.ws.resume();
    expect((await stuck.closed).code).toBe(1001);
  });
});

describe('mounting', () => {
  it('runs on a host http server at a path of the host’s choosing', async () => {
    const chat = createChat({ allowedOrigins: ['https://host.example'] });
    const host = createHttpServer((_req, res) => res.end('host'));
    host.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/demos/chat/ws')) chat.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    onTestFinished(async () => {
      await chat.close();
      await new Promise((resolve) => host.close(resolve));
    });
    const { port } = host.address() as AddressInfo;

    const client = await connect(`ws://127.0.0.1:${port}/demos/chat/ws?name=guest1`, {
      origin: 'https://host.example',
    });
    await client.join('lobby');
    client.send({ type: 'chat', room: 'lobby', text: 'mounted' });
    expect(await client.next()).toMatchObject({ from: 'guest1', text: 'mounted' });
    expect(chat.stats()).toMatchObject({ clients: 1, rooms: 1 });
  });
});
