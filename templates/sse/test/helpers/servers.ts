import { afterEach } from 'vitest';
import { createMemoryHub } from '../../src/event-hub.js';
import { createServer, DEFAULT_OPTIONS, type ServerOptions, type SseServer } from '../../src/server.js';

const running: SseServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

/**
 * Starts a server on an ephemeral port with the timers off (tests turn on what they test) and
 * stops it after the test. Its hub numbers events from 1, so that tests can name ids plainly;
 * the default hub starts at the clock (covered in event-hub.test.ts and resume.test.ts).
 */
export async function startServer(options: ServerOptions = {}): Promise<{ server: SseServer; url: string }> {
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    feedIntervalMs: 0,
    keepAliveMs: 0,
    onError: () => {},
    log: () => {},
    hub: createMemoryHub({ replayBuffer: options.replayBuffer ?? DEFAULT_OPTIONS.replayBuffer, firstId: 1 }),
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
