import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createBackoff } from '../public/backoff.js';
import { createConnection } from '../public/connection.js';
import { createServer } from '../src/server.js';

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
