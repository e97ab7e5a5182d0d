import { type Socket, connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startChildServer } from './child-server.js';

const IDLE = 5_000;

/** Opens `count` GET /events streams on raw sockets; resolves once each has its 200 and opening block. */
async function openStreams(port: number, count: number): Promise<{ sockets: Socket[]; accepted: number; refused: number }> {
  const sockets: Socket[] = [];
  let accepted = 0;
  let refused = 0;
  const batch = 250;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, () =>
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          sockets.push(socket);
          let text = '';
          socket.on('error', () => {});
          socket.on('data', (chunk: Buffer) => {
            text += chunk.toString('latin1');
            if (/^HTTP\/1\.1 200/.test(text) && text.includes('id: ')) {
              accepted += 1;
              socket.removeAllListeners('data');
              resolve();
            } else if (/^HTTP\/1\.1 [45]\d\d/.test(text)) {
              refused += 1;
              resolve();
            }
          });
          socket.once('close', () => {
            if (!/^HTTP\/1\.1 200/.test(text)) refused += 1;
            resolve();
          });
          socket.write('GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
        }),
      ),
    );
  }
  return { sockets, accepted, refused };
}

async function closeAll(sockets: Socket[]): Promise<void> {
  await Promise.all(
    sockets.map((socket) =>
      socket.destroyed ? undefined : new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      }),
    ),
  );
}

describe(`${IDLE} idle connections`, () => {
  it('accepts them all, frees them all (a second round fits in the same caps), and refuses a flood from one address cleanly', async () => {
    const server = await startChildServer({
      MAX_SUBSCRIBERS: String(IDLE),
      MAX_CONNECTIONS: String(IDLE + 100),
      MAX_CONNECTIONS_PER_IP: String(IDLE + 50),
      KEEP_ALIVE_MS: '15000',
    });
    const port = Number(new URL(server.url).port);
    const rssBefore = server.rss();

    const first = await openStreams(port, IDLE);
    const rssHeld = server.rss();
    expect(first.accepted).toBe(IDLE);
    expect((await fetch(`${server.url}healthz`)).status).toBe(200);

    // A flood from the same address over the per-IP cap: refused on arrival, server unharmed.
    const flood = await openStreams(port, 1_000);
    expect(flood.accepted).toBe(0);
    expect(flood.refused).toBe(1_000);
    await closeAll(flood.sockets);

    await closeAll(first.sockets);
    // All freed: the same caps admit a whole second round.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await openStreams(port, IDLE);
    expect(second.accepted).toBe(IDLE);
    await closeAll(second.sockets);
    const rssAfter = server.rss();

    console.log(
      `[sse idle] ${IDLE} idle streams accepted twice, 1000 over the per-IP cap refused; server RSS ` +
        `${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssHeld / 2 ** 20).toFixed(0)} MiB holding ${IDLE}, ` +
        `${(rssAfter / 2 ** 20).toFixed(0)} MiB after (${((rssHeld - rssBefore) / IDLE / 1024).toFixed(1)} KiB per stream)`,
    );
    expect((await fetch(`${server.url}healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
