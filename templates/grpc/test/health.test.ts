import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { status, type ClientReadableStream } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { healthClient, startServer, unary, waitFor, type Running } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

type Watch = ClientReadableStream<{ status: string }>;

/** Every status a Watch sent, and how it ended. */
function outcome(call: Watch): Promise<{ statuses: string[]; code: number }> {
  const statuses: string[] = [];
  return new Promise((resolve) => {
    call.on('data', (message: { status: string }) => statuses.push(message.status));
    call.on('error', () => undefined);
    call.on('status', (s: { code: number }) => resolve({ statuses, code: s.code }));
  });
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('health Watch', () => {
  it('tells an unknown service name SERVICE_UNKNOWN and ends the stream with OK', async () => {
    running = await startServer();
    const health = healthClient(running.address);
    const answer = await outcome(health['watch']!({ service: 'no.such.Service' }) as Watch);
    expect(answer).toEqual({ statuses: ['SERVICE_UNKNOWN'], code: status.OK });
    // Known names still stream: one answer now, the stream stays open.
    const known = health['watch']!({ service: 'stock.v1.StockService' }) as Watch;
    const first = await new Promise((resolve) => known.once('data', resolve));
    expect(first).toEqual({ status: 'SERVING' });
    known.on('error', () => undefined);
    known.cancel();
    health.close();
  });

  it('keeps no memory per watched name: 1,500 watches of unique names, cancelled, leave the heap flat', async () => {
    running = await startServer();
    const server = running.server;
    const health = healthClient(running.address);
    const watchAll = async (from: number, count: number): Promise<void> => {
      const calls: Promise<unknown>[] = [];
      for (let i = from; i < from + count; i++) {
        // Long names, as an attacker would pick (16 KB, well under the 64 KiB message limit).
        const call = health['watch']!({ service: `made.up.Service${i}.${'x'.repeat(16_000)}` }) as Watch;
        // Like a client that gives up: cancel after the first answer (a no-op once the server ended it).
        call.once('data', () => call.cancel());
        calls.push(outcome(call));
      }
      await Promise.all(calls);
    };
    await watchAll(0, 100); // warm-up: connection, code paths
    await waitFor(() => server.stats().activeCalls === 0, 2_000, 'the warm-up watches to end');
    const before = heapUsed();
    for (let batch = 0; batch < 15; batch++) await watchAll(1_000 + batch * 100, 100);
    await waitFor(() => server.stats().activeCalls === 0, 2_000, 'the watches to end');
    const after = heapUsed();
    const growthMiB = (after - before) / 2 ** 20;
    console.log(`health Watch x1500 unique names: heap ${(before / 2 ** 20).toFixed(1)} -> ${(after / 2 ** 20).toFixed(1)} MiB (${growthMiB >= 0 ? '+' : ''}${growthMiB.toFixed(1)} MiB)`);
    // Before the fix the map kept every name with its watcher set: +50 MiB in the review.
    expect(growthMiB).toBeLessThan(5);
    health.close();
  }, 60_000);

  it('refuses Watch calls beyond maxHealthWatches with RESOURCE_EXHAUSTED, Check still answers, a freed slot is reused', async () => {
    // AUTH_TOKEN does not cover health (probes carry no token): the cap is what bounds an
    // anonymous client holding Watch streams.
    running = await startServer({ maxHealthWatches: 3, interceptors: [] });
    const health = healthClient(running.address);
    const watch = (): Watch => health['watch']!({ service: '' }) as Watch;
    const open: Watch[] = [];
    for (let i = 0; i < 3; i++) {
      const call = watch();
      call.on('error', () => undefined);
      expect(await new Promise((resolve) => call.once('data', resolve))).toEqual({ status: 'SERVING' });
      open.push(call);
    }
    const refused = await outcome(watch());
    expect(refused).toEqual({ statuses: [], code: status.RESOURCE_EXHAUSTED });
    expect(await unary(health['check']!.bind(health) as never, { service: '' })).toEqual({ status: 'SERVING' });

    open.shift()!.cancel();
    await waitFor(() => running!.server.stats().activeCalls === 2, 2_000, "the cancelled watch to end");
    const again = watch();
    again.on('error', () => undefined);
    expect(await new Promise((resolve) => again.once('data', resolve))).toEqual({ status: 'SERVING' });
    for (const call of [...open, again]) call.cancel();
    health.close();
  });
});
