import { connect, constants } from 'node:http2';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { bearerTokenInterceptor, sameToken } from '../src/auth.js';
import { afterEach, describe, expect, it } from 'vitest';
import { quiet, sleep, startServer, waitFor, type Running } from './helpers.js';

// requestIdleMs (call-tracker.ts). Review: a call that sent HEADERS and nothing else, with no
// deadline, stayed open until the connection's maximum age (30 min); nothing counted such calls.

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Opens a gRPC call over raw HTTP/2 and sends its headers only; resolves with its grpc-status and when it came. */
function headersOnly(address: string, path: string): Promise<{ grpcStatus: string | undefined; ms: number }> {
  const started = performance.now();
  const session = connect(`http://${address}`);
  session.on('error', () => {});
  const stream = session.request({
    [constants.HTTP2_HEADER_METHOD]: 'POST',
    [constants.HTTP2_HEADER_PATH]: path,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  stream.on('error', () => {});
  return new Promise((resolve) => {
    let grpcStatus: string | undefined;
    const take = (headers: Record<string, unknown>): void => {
      if (typeof headers['grpc-status'] === 'string') grpcStatus = headers['grpc-status'];
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.resume();
    stream.on('close', () => {
      session.close();
      resolve({ grpcStatus, ms: performance.now() - started });
    });
  });
}

describe('requestIdleMs', () => {
  it('ends a call that sends its headers and nothing more with DEADLINE_EXCEEDED, health and reflection (no token) included', async () => {
    running = await startServer({ requestIdleMs: 300 });
    const calls = await Promise.all([
      headersOnly(running.address, '/grpc.health.v1.Health/Check'),
      headersOnly(running.address, '/stock.v1.StockService/GetPrice'),
      // Bidirectional, and public like health: timed until its first message.
      headersOnly(running.address, '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo'),
    ]);
    for (const call of calls) {
      expect(call.grpcStatus).toBe(String(status.DEADLINE_EXCEEDED));
      expect(call.ms).toBeGreaterThanOrEqual(290);
      expect(call.ms).toBeLessThan(3_000);
    }
    await waitFor(() => running!.server.stats().activeCalls === 0, 2_000, 'the calls to be gone');
  });

  it('ends an upload whose next message does not come, and lets one that keeps sending finish', async () => {
    running = await startServer({ requestIdleMs: 300 });
    // A client-streaming call reports its status through the callback.
    const error = await new Promise<ServiceError | null>((resolve) => {
      const stalled = running!.client.uploadTrades((err) => resolve(err));
      stalled.write({ symbol: 'MSFT', quantity: 1, price: 400 });
    });
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(error?.details).toContain('the next message of the upload did not arrive within 300 ms');

    await running.close();
    // Ten messages 200 ms apart against a bound of 1 s: two seconds in all, each message well
    // within the bound (a loaded runner's timers slip by a few hundred ms).
    running = await startServer({ requestIdleMs: 1_000 });
    const summary = await new Promise<{ tradeCount: number }>((resolve, reject) => {
      const call = running!.client.uploadTrades((err, value) => (err || !value ? reject(err) : resolve(value)));
      let sent = 0;
      const timer = setInterval(() => {
        call.write({ symbol: 'AAPL', quantity: 1, price: 190 });
        sent += 1;
        if (sent === 10) {
          clearInterval(timer);
          call.end();
        }
      }, 200);
    });
    expect(summary.tradeCount).toBe(10);
  });

  it('leaves a silent chat participant and a price stream alone', async () => {
    running = await startServer({ requestIdleMs: 200 });
    const chat = quiet(running.client.tradeChat());
    const prices = quiet(running.client.streamPrices({ symbols: ['AAPL'] }));
    let got = 0;
    prices.on('data', () => (got += 1));
    let ended = false;
    for (const call of [chat, prices]) call.on('error', () => (ended = true));
    await sleep(800);
    expect(ended).toBe(false);
    expect(got).toBeGreaterThan(0);
    chat.cancel();
    prices.cancel();
  });

  it('refuses a call over maxCallsPerIp from one address with RESOURCE_EXHAUSTED, and takes one again once a call ends', async () => {
    running = await startServer({ maxCallsPerIp: 3 });
    const streams = [0, 1, 2].map(() => quiet(running!.client.streamPrices({ symbols: ['AAPL'] })));
    await Promise.all(streams.map((stream) => new Promise((resolve) => stream.once('data', resolve))));
    const refused = await new Promise<ServiceError | null>((resolve) => running!.client.getPrice({ symbols: ['AAPL'] }, (err) => resolve(err)));
    expect(refused?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused?.details).toBe('too many calls from this address (3 open); retry later');
    streams[0]!.cancel();
    await waitFor(() => running!.server.stats().activeCalls === 2, 2_000, 'the cancelled stream to end');
    const price = await new Promise<{ symbol: string } | undefined>((resolve, reject) =>
      running!.client.getPrice({ symbols: ['AAPL'] }, (err, value) => (err ? reject(err) : resolve(value))),
    );
    expect(price?.symbol).toBe('AAPL');
    for (const stream of streams) stream.cancel();
  });

  it('closes a refused stream at once, whoever refused it (the call cap, auth), so refusals hold nothing open', async () => {
    // Review of the call cap: refused calls stayed half-open, uncounted and untimed.
    running = await startServer({ maxCallsPerIp: 2, interceptors: [bearerTokenInterceptor(sameToken('sixteen-chars-ok'))] });
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer sixteen-chars-ok');
    const held = [0, 1].map(() => quiet(running!.client.streamPrices({ symbols: ['AAPL'] }, metadata)));
    await Promise.all(held.map((stream) => new Promise((resolve) => stream.once('data', resolve))));
    const overCap = await Promise.all([0, 1, 2].map(() => headersOnly(running!.address, '/stock.v1.StockService/UploadTrades')));
    for (const call of overCap) {
      expect(call.grpcStatus).toBe(String(status.RESOURCE_EXHAUSTED));
      expect(call.ms).toBeLessThan(1_000);
    }
    held[0]!.cancel();
    await waitFor(() => running!.server.stats().activeCalls === 1, 2_000, 'a slot to free');
    const noToken = await headersOnly(running.address, '/stock.v1.StockService/UploadTrades');
    expect(noToken.grpcStatus).toBe(String(status.UNAUTHENTICATED));
    expect(noToken.ms).toBeLessThan(1_000);
    held[1]!.cancel();
  });
});
