import { connect } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { StockServiceClient } from '../src/gen/grpc-js/stock/v1/StockService.js';
import { stockProto } from '../src/proto.js';
import { callError, quiet, startServer, take, waitFor, type Running } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('stream limits', () => {
  it('advertises SETTINGS_MAX_CONCURRENT_STREAMS (100 by default) to every connection', async () => {
    running = await startServer();
    const session = connect(`http://${running.address}`);
    const settings = await new Promise<{ maxConcurrentStreams?: number }>((resolve, reject) => {
      session.once('remoteSettings', resolve);
      session.once('error', reject);
    });
    session.close();
    expect(settings.maxConcurrentStreams).toBe(100);
  });

  it('runs at most maxConcurrentStreams calls of one connection at once; the others wait their turn', async () => {
    running = await startServer({ priceIntervalMs: 20, connection: { maxConcurrentStreams: 5 } });
    const { server, client } = running;
    const calls = Array.from({ length: 8 }, () => quiet(client.streamPrices({ symbols: ['AAPL'] })));
    const served = new Set<number>();
    calls.forEach((call, i) => call.on('data', () => served.add(i)));
    await waitFor(() => server.stats().activePriceStreams === 5, 2_000, 'five streams');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.stats().activePriceStreams).toBe(5);
    expect(served.size).toBe(5);
    // One ends, and one of the three that waited in the client starts.
    const first = [...served][0]!;
    calls[first]!.cancel();
    await waitFor(() => served.size === 6, 2_000, 'a waiting stream to start');
    expect(server.stats().activePriceStreams).toBe(5);
    for (const call of calls) call.cancel();
    await waitFor(() => server.stats().activePriceStreams === 0, 2_000, 'every stream to end');
    expect(server.stats().activeTimers).toBe(0);
  });

  it('refuses StreamPrices beyond maxPriceStreams with RESOURCE_EXHAUSTED, over all connections', async () => {
    running = await startServer({ priceIntervalMs: 20, maxPriceStreams: 3 });
    const { server } = running;
    const open = [running.client, running.newClient(), running.newClient()].map((c) => c.streamPrices({ symbols: ['AAPL'] }));
    await Promise.all(open.map((call) => take(call, 1)));
    const refused = await callError(running.newClient().streamPrices({ symbols: ['MSFT'] }));
    expect(refused).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'too many price streams (3 open); retry later' });
    expect(server.stats()).toMatchObject({ activePriceStreams: 3, priceStreamsRefused: 1 });
    open[0]!.cancel();
    await waitFor(() => server.stats().activePriceStreams === 2, 1_000, 'a slot to free up');
    const again = running.newClient().streamPrices({ symbols: ['MSFT'] });
    expect(await take(again, 1)).toHaveLength(1);
    again.cancel();
    for (const call of open) call.cancel();
  });

  // One client must not take every slot. A dual-stack listener on [::] sees ::1 and the IPv4
  // peer ::ffff:127.0.0.1; the IPv4 one counts as its own client, not as a member of ::/64.
  it('refuses StreamPrices beyond maxPriceStreamsPerIp from one client, while another client still gets in', async () => {
    running = await startServer({ host: '::', priceIntervalMs: 20, maxPriceStreams: 10, maxPriceStreamsPerIp: 2 });
    const { server } = running;
    const port = running.address.slice(running.address.lastIndexOf(':') + 1);
    const client = (target: string): StockServiceClient => {
      const made = new stockProto.StockService(target, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
      onTestFinished(() => made.close());
      return made;
    };
    // Two connections from ::1: the share is per client, not per connection.
    const mine = [client(`[::1]:${port}`), client(`[::1]:${port}`)].map((c) => c.streamPrices({ symbols: ['AAPL'] }));
    await Promise.all(mine.map((call) => take(call, 1)));
    const refused = await callError(client(`[::1]:${port}`).streamPrices({ symbols: ['MSFT'] }));
    expect(refused).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'too many price streams from this address (2 open); retry later' });
    const other = client(`127.0.0.1:${port}`).streamPrices({ symbols: ['MSFT'] });
    expect(await take(other, 1)).toHaveLength(1);
    expect(server.stats()).toMatchObject({ activePriceStreams: 3, priceStreamsRefused: 1 });
    // An ended stream gives its place back to its client.
    mine[0]!.cancel();
    await waitFor(() => server.stats().activePriceStreams === 2, 1_000, 'a slot to free up');
    const again = client(`[::1]:${port}`).streamPrices({ symbols: ['MSFT'] });
    expect(await take(again, 1)).toHaveLength(1);
    for (const call of [...mine, other, again]) quiet(call).cancel();
    await waitFor(() => server.stats().activePriceStreams === 0, 2_000, 'every stream to end');
  });

  it('drives every price stream from one shared timer, and stops it when the last stream ends', async () => {
    // One client here: its share is off, so that it can open 200.
    running = await startServer({ priceIntervalMs: 20, maxPriceStreamsPerIp: 0 });
    const { server } = running;
    // Four connections, 50 streams each: 200 streams.
    const clients = Array.from({ length: 4 }, () => running!.newClient({ 'grpc.use_local_subchannel_pool': 1 }));
    const calls = clients.flatMap((client) => Array.from({ length: 50 }, () => quiet(client.streamPrices({ symbols: ['AAPL', 'MSFT'] }))));
    await Promise.all(calls.map((call) => take(call, 4)));
    expect(server.stats()).toMatchObject({ activePriceStreams: 200, activeTimers: 1 });
    for (const call of calls) call.cancel();
    await waitFor(() => server.stats().activePriceStreams === 0, 2_000, 'every stream to end');
    expect(server.stats().activeTimers).toBe(0);
  });
});
