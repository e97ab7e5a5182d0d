import { type AddressInfo, connect as connectTcp, createServer as createTcpServer, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createBackoff } from '../public/backoff.js';
import { createConnection } from '../public/connection.js';
import { createServer } from '../src/server.js';
import { startBlackholeProxy } from './blackhole-proxy.js';

// public/connection.js is browser code; ws's WebSocket offers the same onopen/onmessage/onclose
// interface, so the page's reconnect logic runs here unchanged against a real server.
vi.stubGlobal('WebSocket', WebSocket);

describe('public/connection.js', () => {
  it('comes back after a clean server restart (1001) and rejoins its rooms', async () => {
    const first = createServer({ port: 0 });
    const { port } = await first.start();
    onTestFinished(() => first.stop());

    const messages: unknown[] = [];
    const statuses: string[] = [];
    let opens = 0;
    const connection = createConnection({
      url: () => `ws://127.0.0.1:${port}/ws?name=returning`,
      onMessage: (message) => messages.push(message),
      onStatus: (status) => statuses.push(status),
      onOpen() {
        opens += 1;
        connection.send({ type: 'join', room: 'lobby' });
      },
      backoff: createBackoff({ baseMs: 20, maxMs: 100 }),
    });
    onTestFinished(() => connection.stop());
    connection.start();
    await vi.waitFor(() => expect(messages).toContainEqual({ type: 'joined', room: 'lobby' }));

    await first.stop();
    await vi.waitFor(() => expect(statuses).toContain('waiting'));

    const second = createServer({ port });
    await second.start();
    onTestFinished(() => second.stop());
    await vi.waitFor(() => expect(second.chat.stats()).toMatchObject({ clients: 1, rooms: 1 }), { timeout: 3_000 });
    expect(opens).toBe(2);
    expect(connection.send({ type: 'chat', room: 'lobby', text: 'back' })).toBe(true);
    await vi.waitFor(() => expect(messages).toContainEqual(expect.objectContaining({ type: 'chat', text: 'back' })));
  });

  it('stays closed after stop()', async () => {
    const server = createServer({ port: 0 });
    const { port } = await server.start();
    onTestFinished(() => server.stop());
    let opens = 0;
    const connection = createConnection({
      url: () => `ws://127.0.0.1:${port}/ws`,
      onMessage: () => {},
      onStatus: () => {},
      onOpen: () => (opens += 1),
      backoff: createBackoff({ baseMs: 10, maxMs: 10 }),
    });
    connection.start();
    await vi.waitFor(() => expect(server.chat.stats().clients).toBe(1));
    connection.stop();
    await vi.waitFor(() => expect(server.chat.stats().clients).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(opens).toBe(1);
    expect(server.chat.stats().clients).toBe(0);
  });
});

describe('public/connection.js watchdog', () => {
  it('drops a connection that went silent after two heartbeat intervals and reconnects', async () => {
    const server = createServer({ port: 0, heartbeatMs: 200 });
    const { port } = await server.start();
    onTestFinished(() => server.stop());
    const proxy = await startBlackholeProxy(port);

    const messages: { type: string; room?: string }[] = [];
    const statuses: string[] = [];
    let lost = 0;
    const connection = createConnection({
      url: () => `ws://127.0.0.1:${proxy.port}/ws?name=watched`,
      onMessage: (message) => messages.push(message as { type: string }),
      onStatus: (status, detail) => statuses.push(`${status} ${detail}`),
      onOpen: () => connection.send({ type: 'join', room: 'lobby' }),
      onLost: () => (lost += 1),
      backoff: createBackoff({ baseMs: 20, maxMs: 100 }),
      marginMs: 200,
    });
    onTestFinished(() => connection.stop());
    connection.start();
    await vi.waitFor(() => expect(messages.filter((m) => m.type === 'joined')).toHaveLength(1));
    // Heartbeats are the watchdog's, not the page's.
    expect(messages.some((m) => m.type === 'heartbeat')).toBe(false);

    const silencedAt = Date.now();
    proxy.silence();
    await vi.waitFor(() => expect(lost).toBe(1), { timeout: 3_000, interval: 10 });
    // 2 x 200 ms + 200 ms margin from the last message (which came before silencedAt), and
    // room for timers that fire late on a busy machine.
    expect(Date.now() - silencedAt).toBeLessThanOrEqual(600 + 500);
    expect(statuses.some((status) => status.startsWith('waiting no heartbeat'))).toBe(true);

    await vi.waitFor(() => expect(messages.filter((m) => m.type === 'joined')).toHaveLength(2), { timeout: 3_000 });
    expect(proxy.accepted).toBe(2);
    // The silent connection is freed on the server by its own heartbeat: one left, in the lobby.
    await vi.waitFor(() => expect(server.chat.stats()).toMatchObject({ clients: 1, rooms: 1 }), { timeout: 3_000 });
  });

  it('drops a connection whose path froze right after the 101, before any welcome', async () => {
    const server = createServer({ port: 0, heartbeatMs: 200 });
    const { port } = await server.start();
    onTestFinished(() => server.stop());
    // A relay that passes the handshake both ways, then forwards nothing more and closes nothing:
    // the page sees "open" and no message ever, so no heartbeat interval is known yet.
    const sockets: Socket[] = [];
    const relay = createTcpServer((down) => {
      const up = connectTcp(port, '127.0.0.1');
      sockets.push(down, up);
      let frozen = false;
      down.on('data', (chunk: Buffer) => {
        if (!frozen) up.write(chunk);
      });
      up.on('data', (chunk: Buffer) => {
        if (frozen) return;
        const end = chunk.indexOf('\r\n\r\n');
        if (end >= 0) {
          down.write(chunk.subarray(0, end + 4));
          frozen = true;
        } else down.write(chunk);
      });
      down.on('error', () => up.destroy());
      up.on('error', () => down.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    onTestFinished(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    });

    const statuses: string[] = [];
    let opens = 0;
    let lost = 0;
    const connection = createConnection({
      url: () => `ws://127.0.0.1:${(relay.address() as AddressInfo).port}/ws?name=frozen`,
      onMessage: () => {},
      onStatus: (status, detail) => statuses.push(`${status} ${detail}`),
      onOpen: () => (opens += 1),
      onLost: () => (lost += 1),
      backoff: createBackoff({ baseMs: 5_000, maxMs: 5_000 }),
      welcomeTimeoutMs: 300,
    });
    onTestFinished(() => connection.stop());
    connection.start();
    await vi.waitFor(() => expect(opens).toBe(1));
    await vi.waitFor(() => expect(lost).toBe(1), { timeout: 3_000, interval: 10 });
    expect(statuses.some((status) => status.startsWith('waiting no heartbeat for 0.3 s'))).toBe(true);
  });

  it('does not fire while heartbeats arrive, however quiet the rooms are', async () => {
    const server = createServer({ port: 0, heartbeatMs: 100 });
    const { port } = await server.start();
    onTestFinished(() => server.stop());
    let lost = 0;
    let opens = 0;
    const connection = createConnection({
      url: () => `ws://127.0.0.1:${port}/ws`,
      onMessage: () => {},
      onStatus: () => {},
      onOpen: () => (opens += 1),
      onLost: () => (lost += 1),
      marginMs: 500,
    });
    onTestFinished(() => connection.stop());
    connection.start();
    await vi.waitFor(() => expect(opens).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect([opens, lost]).toEqual([1, 0]);
  });
});
