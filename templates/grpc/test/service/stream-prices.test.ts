import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { callError, sleep, startServer, take, waitFor, type Running } from '../helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('StreamPrices', () => {
  it('sends one update per requested symbol every interval', async () => {
    running = await startServer({ priceIntervalMs: 20 });
    const call = running.client.streamPrices({ symbols: ['AAPL', 'GOOG', 'MSFT'] });
    const updates = await take<PriceUpdate__Output>(call, 9);
    call.cancel();
    expect(updates.map((u) => u.symbol)).toEqual(['AAPL', 'GOOG', 'MSFT', 'AAPL', 'GOOG', 'MSFT', 'AAPL', 'GOOG', 'MSFT']);
    for (const update of updates) {
      expect(update.price).toBeGreaterThan(0);
      expect(Math.abs(update.timestamp - Date.now())).toBeLessThan(5_000);
    }
    expect(updates[3]!.timestamp).toBeGreaterThanOrEqual(updates[0]!.timestamp + 15);
  });

  it.each([
    ['no symbols', [], 'symbols: at least one symbol is required'],
    ['a malformed symbol', ['AAPL', 'goog'], 'symbols[1]: "goog" is not a symbol'],
    ['a symbol longer than 10 characters', ['ABCDEFGHIJK'], 'symbols[0]: "ABCDEFGHIJK"'],
    ['more symbols than allowed', ['A', 'B', 'C', 'D'], 'symbols: 4 symbols requested, at most 3 allowed'],
  ])('refuses %s with INVALID_ARGUMENT naming the input', async (_, symbols, message) => {
    running = await startServer({ maxSymbols: 3 });
    const error = await callError(running.client.streamPrices({ symbols }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain(message);
    expect(running.server.stats().activeTimers).toBe(0);
  });

  it('stops its timer as soon as the client cancels', async () => {
    running = await startServer({ priceIntervalMs: 10 });
    const call = running.client.streamPrices({ symbols: ['AAPL'] });
    await take(call, 2);
    expect(running.server.stats()).toMatchObject({ activePriceStreams: 1, activeTimers: 1 });
    call.on('error', () => undefined);
    call.cancel();
    const server = running.server;
    await waitFor(() => server.stats().activeTimers === 0, 1_000, 'the ticker to stop');
    expect(server.stats().activePriceStreams).toBe(0);
  });

  it('stops its timer when the deadline passes', async () => {
    running = await startServer({ priceIntervalMs: 10 });
    const call = running.client.streamPrices({ symbols: ['AAPL'] }, { deadline: Date.now() + 150 });
    const error = await callError(call);
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    const server = running.server;
    await waitFor(() => server.stats().activeTimers === 0, 1_000, 'the ticker to stop');
    expect(server.stats().activePriceStreams).toBe(0);
  });

  it('coalesces to the newest price per symbol while the client does not read', async () => {
    const symbols = Array.from({ length: 20 }, (_, i) => `SYM${String.fromCharCode(65 + i)}`);
    running = await startServer({ priceIntervalMs: 2, maxSymbols: 20 });
    const server = running.server;
    const call = running.client.streamPrices({ symbols });
    // The status at the end (CANCELLED, or UNAVAILABLE if the test fails first) is not the point.
    call.on('error', () => undefined);
    const received: PriceUpdate__Output[] = [];
    call.on('data', (update: PriceUpdate__Output) => received.push(update));
    call.pause();

    // HTTP/2 flow control fills up, write() returns false, and ticks start replacing pending prices.
    await waitFor(() => server.stats().priceUpdatesCoalesced > 0, 5_000, 'congestion');
    // Writes stop once the connection's windows are full: the count reaches a plateau. Three
    // quiet samples in a row, not one: on a loaded machine the client can pause for 100 ms
    // while it still has window to give, which would look like a plateau that is not one.
    let previous = -1;
    for (let i = 0, quiet = 0; i < 100 && quiet < 3; i++) {
      const sent = server.stats().priceUpdatesSent;
      quiet = sent === previous ? quiet + 1 : 0;
      previous = sent;
      await sleep(100);
    }
    const stalled = server.stats();
    const stalledAt = Date.now();
    await sleep(300);
    const later = server.stats();
    // ~150 ticks x 20 symbols were produced meanwhile; none was written or queued.
    expect(later.priceUpdatesSent - stalled.priceUpdatesSent).toBeLessThanOrEqual(symbols.length);
    expect(later.priceUpdatesCoalesced - stalled.priceUpdatesCoalesced).toBeGreaterThan(symbols.length * 20);

    // Once the client reads again it gets what was in flight, then the newest price of each
    // symbol: of the ~3000 prices made during the stall, at most one per symbol arrives.
    const resumedAt = Date.now();
    call.resume();
    await waitFor(
      () => symbols.every((symbol) => received.some((u) => u.symbol === symbol && u.timestamp >= resumedAt)),
      5_000,
      'a fresh price for every symbol',
    );
    const fromStall = received.filter((u) => u.timestamp >= stalledAt && u.timestamp < resumedAt - 50);
    expect(fromStall.length).toBeLessThanOrEqual(symbols.length);
    call.on('error', () => undefined);
    call.cancel();
    await waitFor(() => server.stats().activeTimers === 0, 1_000, 'the ticker to stop');
  });
});
