import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newCid, startDemo, type RunningDemo } from './demo-process.js';

interface Client {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  next(match: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(demo: RunningDemo, query: string, origin = demo.origin): Promise<Client> {
  const ws = new WebSocket(`${demo.url.replace('http', 'ws')}demos/chat/ws?${query}`, { origin });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: Client = {
    ws,
    messages,
    closed,
    next(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < messages.length; seen++) {
            if (match(messages[seen]!)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(messages[seen]!);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message in ${timeoutMs} ms: ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
    // A refusal after the handshake (a demo limit) also resolves: the test reads `closed`.
    ws.once('close', () => resolve(client));
  });
}

describe('chat on the demo server (the websocket starter)', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ DEMO_MAX_CONNECTIONS_PER_IP: '4', DEMO_MAX_ROOMS_PER_CLIENT: '2' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('two clients in one room see each other\'s messages and typing', async () => {
    const ada = await connect(demo, `name=ada&cid=${newCid()}`);
    const bob = await connect(demo, `name=bob&cid=${newCid()}`);
    for (const client of [ada, bob]) {
      await client.next((m) => m.type === 'welcome');
      client.ws.send(JSON.stringify({ type: 'join', room: 'lobby' }));
      await client.next((m) => m.type === 'joined');
    }
    ada.ws.send(JSON.stringify({ type: 'typing', room: 'lobby' }));
    expect(await bob.next((m) => m.type === 'typing')).toMatchObject({ user: 'ada', room: 'lobby' });
    ada.ws.send(JSON.stringify({ type: 'chat', room: 'lobby', text: 'hi bob' }));
    expect(await bob.next((m) => m.type === 'chat')).toMatchObject({ from: 'ada', text: 'hi bob' });
    expect(await ada.next((m) => m.type === 'chat')).toMatchObject({ from: 'ada', text: 'hi bob' });
    ada.ws.close();
    bob.ws.close();
    await Promise.all([ada.closed, bob.closed]);
  });

  it('a cut by cid drops the socket server-side; a reconnect rejoins and chats again', async () => {
    const cid = newCid();
    const first = await connect(demo, `name=cat&cid=${cid}`);
    await first.next((m) => m.type === 'welcome');
    first.ws.send(JSON.stringify({ type: 'join', room: 'cut-room' }));
    await first.next((m) => m.type === 'joined');
    expect((await fetch(new URL(`/demos/cut/${cid}`, demo.url), { method: 'POST' })).status).toBe(204);
    // No close frame: the TCP connection itself was destroyed (1006 is "abnormal closure").
    expect((await first.closed).code).toBe(1006);
    const second = await connect(demo, `name=cat&cid=${newCid()}`);
    second.ws.send(JSON.stringify({ type: 'join', room: 'cut-room' }));
    await second.next((m) => m.type === 'joined');
    second.ws.send(JSON.stringify({ type: 'chat', room: 'cut-room', text: 'back' }));
    expect(await second.next((m) => m.type === 'chat')).toMatchObject({ text: 'back' });
    second.ws.close();
    await second.closed;
  });

  it('refuses a page from another origin with 403 before the handshake', async () => {
    const ws = new WebSocket(`${demo.url.replace('http', 'ws')}demos/chat/ws`, { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      }),
    );
    expect(status).toBe(403);
  });

  it('over the per-address limit, closes with 1013 and a reason naming the limit', async () => {
    const open = await Promise.all([1, 2, 3, 4].map(() => connect(demo, `cid=${newCid()}`)));
    const over = await connect(demo, `cid=${newCid()}`);
    const { code, reason } = await over.closed;
    expect(code).toBe(1013);
    expect(reason).toMatch(/^connectionsPerIp: at most 4 open demo connections per address/);
    for (const client of open) client.ws.close();
    await Promise.all(open.map((client) => client.closed));
  });

  it('enforces the starter\'s rooms-per-connection limit as set by DEMO_MAX_ROOMS_PER_CLIENT', async () => {
    const client = await connect(demo, `cid=${newCid()}`);
    for (const room of ['a', 'b', 'c']) client.ws.send(JSON.stringify({ type: 'join', room }));
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'ROOM_LIMIT' });
    client.ws.close();
    await client.closed;
  });

  it('refuses a malformed cid with 1008', async () => {
    const client = await connect(demo, 'cid=short');
    expect((await client.closed).code).toBe(1008);
  });
});

describe('chat origins beyond the loopback default', () => {
  const handshake = (demo: RunningDemo, origin: string, url = demo.url) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`${url.replace('http', 'ws')}demos/chat/ws?cid=${newCid()}`, { origin });
      ws.once('open', () => {
        resolve(101);
        ws.close();
      });
      ws.once('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
    });

  it('on a wildcard address (--host 0.0.0.0) accepts pages of the host they asked for, and no other', async () => {
    const demo = await startDemo({}, 20_000, ['--host', '0.0.0.0']);
    try {
      const port = new URL(demo.url).port;
      const local = `http://127.0.0.1:${port}/`;
      expect(await handshake(demo, `http://127.0.0.1:${port}`, local)).toBe(101);
      expect(await handshake(demo, 'https://evil.example', local)).toBe(403);
    } finally {
      await demo.stop();
    }
  });

  it('accepts the public origins listed in DEMO_PUBLIC_ORIGINS (a TLS proxy in front)', async () => {
    const demo = await startDemo({ DEMO_PUBLIC_ORIGINS: 'https://demos.example, https://other.example' });
    try {
      expect(await handshake(demo, 'https://demos.example')).toBe(101);
      expect(await handshake(demo, 'https://other.example')).toBe(101);
      expect(await handshake(demo, 'https://third.example')).toBe(403);
    } finally {
      await demo.stop();
    }
  });
});
