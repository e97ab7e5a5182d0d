import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installTestTypecheck, makeTempDir, npmStart, portClosed, scaffoldReport, type StartedServer } from '../helpers.js';

interface Message {
  type: string;
  [key: string]: unknown;
}

/** A chat client that keeps every message it gets, and can wait for one. */
async function client(port: number, name: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?name=${name}`);
  const received: Message[] = [];
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Message;
    received.push(message);
    for (const w of waiters.splice(0)) {
      if (w.match(message)) w.resolve(message);
      else waiters.push(w);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (match: (m: Message) => boolean) =>
    new Promise<Message>((resolve) => {
      const seen = received.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  return { ws, received, next, send: (m: object) => ws.send(JSON.stringify(m)) };
}

describe('init websocket: scaffold, install, test, start, chat, stop', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let dir: string;
  let server: StartedServer;

  beforeAll(async () => {
    work = await makeTempDir('websocket');
  });
  afterAll(() => work.remove());

  it('scaffolds with --install --git: dependencies installed, a first commit made, stdout still pure JSON', async () => {
    const report = await scaffoldReport('websocket', work.path, 'ws-app', ['--install', '--git']);
    dir = report.directory;
    expect(report).toMatchObject({ installed: true, git: true });
    expect(existsSync(join(dir, 'node_modules', 'ws', 'package.json'))).toBe(true);
    const tracked = execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
    expect(tracked.sort()).toEqual([...report.files].sort());
  });

  it('passes its own tests', () => installTestTypecheck(dir, { installed: true }));

  it('starts with npm start and carries a chat between two clients', async () => {
    server = await npmStart(dir, { PORT: '0' }, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);

    const alice = await client(server.port, 'alice');
    const bob = await client(server.port, 'bob');
    for (const c of [alice, bob]) {
      c.send({ type: 'join', room: 'general' });
      await c.next((m) => m.type === 'joined' && m.room === 'general');
    }
    alice.send({ type: 'chat', room: 'general', text: 'hello bob' });
    const atBob = await bob.next((m) => m.type === 'chat');
    const atAlice = await alice.next((m) => m.type === 'chat');
    expect(atBob).toMatchObject({ type: 'chat', room: 'general', from: 'alice', text: 'hello bob' });
    expect(atAlice).toEqual(atBob);

    const closes = [alice, bob].map((c) => new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code))));
    // npm itself dies of the signal; the server's own clean exit is what matters.
    const stopped = await server.terminate();
    expect(stopped.ms).toBeLessThan(5000);
    expect(server.log()).toContain('websocket-starter stopped');
    expect(await Promise.all(closes)).toEqual([1001, 1001]);
    expect(await portClosed(server.port)).toBe(true);
  });
});
