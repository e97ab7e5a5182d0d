import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createServer, type ServerOptions, type SseServer } from '../../src/server.js';
import { startRedis, type RedisServer } from './redis-server.js';

export const TOKEN = 'test-token-0123456789abcdef';

export interface Instance {
  readonly server: SseServer;
  readonly url: string;
  readonly logs: string[];
}

/** A fresh stream key per test, so tests sharing one Redis never see each other's events. */
export function streamKey(): string {
  return `test:${randomUUID()}`;
}

/** A Redis-mode server on an ephemeral port with the demo feed and keep-alives off. */
export async function startInstance(redisUrl: string, redisStreamKey: string, options: ServerOptions = {}): Promise<Instance> {
  const logs: string[] = [];
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    feedIntervalMs: 0,
    keepAliveMs: 0,
    retryMs: 200,
    publishToken: TOKEN,
    redisUrl,
    redisStreamKey,
    // Generous: on a loaded shared machine Redis can take a second to answer, and a publish
    // refused for that would fail tests that are not about timeouts (those set their own).
    redisTimeoutMs: 5000,
    onError: (error) => logs.push(`error: ${String(error)}`),
    log: (line) => logs.push(line),
    ...options,
  });
  const { url } = await server.start();
  return { server, url, logs };
}

/** POST /publish over HTTP: the status, and the id when it was accepted. */
export async function publishOver(url: string, event: string, data: unknown): Promise<{ status: number; id?: string }> {
  const response = await fetch(new URL('publish', url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ event, data }),
  });
  const body = (await response.json()) as { id?: string };
  return response.status === 202 ? { status: 202, id: String(body.id) } : { status: response.status };
}

export async function healthStatus(url: string): Promise<number> {
  try {
    const response = await fetch(new URL('healthz', url));
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Polls until `check` resolves true, failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * One redis-server for a test file and the instances its tests start (push them on
 * `instances`): started before the file's tests, and the instances then Redis stopped after them.
 * A file's own afterAll runs before this one (vitest runs after-hooks last-registered first).
 */
export function redisFixture(options?: Parameters<typeof startRedis>[0]): { redis: RedisServer; instances: Instance[] } {
  const fixture = { redis: undefined as unknown as RedisServer, instances: [] as Instance[] };
  beforeAll(async () => {
    fixture.redis = await startRedis(options);
  });
  afterAll(async () => {
    await Promise.all(fixture.instances.splice(0).map(({ server }) => server.stop()));
    await (fixture.redis as RedisServer | undefined)?.stop();
  });
  return fixture;
}
