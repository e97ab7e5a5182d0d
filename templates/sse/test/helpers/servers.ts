import { afterEach } from 'vitest';
import { createServer, type ServerOptions, type SseServer } from '../../src/server.js';

const running: SseServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

/**
 * Starts a server on an ephemeral port with the timers off (tests turn on what they test) and
 * stops it after the test.
 */
export async function startServer(options: ServerOptions = {}): Promise<{ server: SseServer; url: string }> {
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    feedIntervalMs: 0,
    keepAliveMs: 0,
    onError: () => {},
    ...options,
  });
  running.push(server);
  const { url } = await server.start();
  return { server, url };
}

/** Polls until `check` returns true, failing after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
