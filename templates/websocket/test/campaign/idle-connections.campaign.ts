import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startChildServer } from './child-server.js';

const IDLE = 5_000;

/** Opens `count` WebSockets in batches; counts those that opened and those refused. */
async function openClients(wsUrl: string, count: number): Promise<{ sockets: WebSocket[]; accepted: number; refused: number }> {
  const sockets: WebSocket[] = [];
  let accepted = 0;
  let refused = 0;
  for (let start = 0; start < count; start += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, count - start) }, () =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(wsUrl);
          sockets.push(ws);
          ws.on('error', () => {});
          ws.once('message', () => {
            accepted += 1;
            resolve();
          });
          ws.once('close', () => {
            refused += 1;
            resolve();
          });
        }),
      ),
    );
  }
  return { sockets, accepted, refused };
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map((ws) =>
      ws.readyState === WebSocket.CLOSED ? undefined : new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      }),
    ),
  );
}

describe(`${IDLE} idle connections`, () => {
  it('accepts them all, frees them all (a second round fits in the same caps), and refuses a flood from one address cleanly', async () => {
    const server = await startChildServer({
      MAX_CLIENTS: String(IDLE),
      MAX_CONNECTIONS: String(IDLE + 100),
      MAX_CONNECTIONS_PER_IP: String(IDLE + 50),
    });
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
    const rssBefore = server.rss();
    const first = await openClients(wsUrl, IDLE);
    const rssHeld = server.rss();
    expect(first.accepted).toBe(IDLE);

    const flood = await openClients(wsUrl, 1_000);
    expect(flood.accepted).toBe(0);
    expect(flood.refused).toBe(1_000);

    await closeAll(first.sockets);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await openClients(wsUrl, IDLE);
    expect(second.accepted).toBe(IDLE);
    await closeAll(second.sockets);
    const rssAfter = server.rss();
    console.log(
      `[websocket idle] ${IDLE} idle clients accepted twice, 1000 over the per-IP cap refused; server RSS ` +
        `${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssHeld / 2 ** 20).toFixed(0)} MiB holding ${IDLE}, ` +
        `${(rssAfter / 2 ** 20).toFixed(0)} MiB after (${((rssHeld - rssBefore) / IDLE / 1024).toFixed(1)} KiB per client)`,
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
