import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, type TestContext, vi } from 'vitest';
import { openEventStream } from './helpers/event-stream-client.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs the real entry point, src/main.ts, through tsx (what `npm start` runs after the build),
 * and kills it if the test ends first.
 */
function runMain(context: TestContext, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  context.onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return { child, output: () => output };
}

// Starting Node with tsx takes a second or more on a busy machine: allow for it.
describe('main', { timeout: 20_000 }, () => {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  it.for(signals)('exits 0 on %s after logging its URL and ending its streams', async (signal, context) => {
    const { child, output } = runMain(context, { PORT: '0', FEED_INTERVAL_MS: '50' });
    await vi.waitFor(() => expect(output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/\n/), {
      timeout: 15_000,
      interval: 20,
    });
    const url = /(http:\/\/\S+)/.exec(output())?.[1] ?? '';
    expect(output().trim().split('\n')).toHaveLength(1);

    expect((await fetch(`${url}healthz`)).status).toBe(200);
    const client = await openEventStream(`${url}events`);
    const [event] = await client.waitForEvents(1, 3000);
    expect(event?.type).toBe('temperature');

    const started = Date.now();
    child.kill(signal);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await client.finished).toBe('end');
  });

  it('drains on SIGTERM: /healthz answers 503 for DRAIN_DELAY_MS while streams still flow, then exits 0', async (context) => {
    const { child, output } = runMain(context, { PORT: '0', FEED_INTERVAL_MS: '50', DRAIN_DELAY_MS: '2000' });
    await vi.waitFor(() => expect(output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/\n/), {
      timeout: 15_000,
      interval: 20,
    });
    const url = /(http:\/\/\S+)/.exec(output())?.[1] ?? '';
    const client = await openEventStream(`${url}events`);
    await client.waitForEvents(1, 3000);

    const started = Date.now();
    child.kill('SIGTERM');
    await vi.waitFor(async () => expect((await fetch(`${url}healthz`)).status).toBe(503), { timeout: 1500, interval: 20 });
    // Still serving while draining: the feed goes on and new subscribers are accepted.
    const seen = client.events.length;
    await client.waitForEvents(seen + 2, 3000);
    const late = await openEventStream(`${url}events`);
    expect(late.response.statusCode).toBe(200);

    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(Date.now() - started).toBeLessThan(2000 + 2000 + 1000);
    expect(await client.finished).toBe('end');
    expect(await late.finished).toBe('end');
  });

  it('never writes the publish token to its output, whatever clients send', async (context) => {
    const token = 'secret-token-never-logged-0123456789';
    const { child, output } = runMain(context, { PORT: '0', PUBLISH_TOKEN: token });
    await vi.waitFor(() => expect(output()).toMatch(/listening on/), { timeout: 15_000, interval: 20 });
    const url = /(http:\/\/\S+)/.exec(output())?.[1] ?? '';
    const publish = (auth: string, body: string) =>
      fetch(`${url}publish?token=${token}`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body });
    expect((await publish(`Bearer ${token}`, '{"event":"x","data":1}')).status).toBe(202);
    expect((await publish(`Bearer ${token}x`, '{}')).status).toBe(401);
    expect((await publish(`Bearer ${token}`, '{not json')).status).toBe(400);
    // A client that leaves mid-upload is logged, with the path but never the query string.
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`POST /chat/stream?token=${token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mess`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await vi.waitFor(() => expect(output()).toContain('client closed the connection during POST /chat/stream'));
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output()).not.toContain(token);
  });

  it('does not echo a rejected PUBLISH_TOKEN', async (context) => {
    const { child, output } = runMain(context, { PUBLISH_TOKEN: 'short-secret' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('PUBLISH_TOKEN must be at least 16 characters');
    expect(output()).not.toContain('short-secret');
  });

  it('exits 1 with one clear line when the port is taken', async (context) => {
    const taken = createTcpServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    context.onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as AddressInfo;

    const { child, output } = runMain(context, { PORT: String(port) });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output().trim()).toBe(`SSE starter: cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
  });

  it('exits 2 with a clear message for a bad environment variable', async (context) => {
    const { child, output } = runMain(context, { PORT: 'eighty' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('PORT must be an integer');
  });
});
