import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PriceRequest } from '../../src/gen/grpc-js/stock/v1/PriceRequest.js';
import type { PriceUpdate__Output } from '../../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { startServer, unary, waitFor, type Running } from '../helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const getPrice = (r: Running, request: PriceRequest, deadlineMs = 2_000) =>
  unary<PriceRequest, PriceUpdate__Output>(r.client.getPrice.bind(r.client), request, {
    deadline: Date.now() + deadlineMs,
  });

describe('GetPrice', () => {
  it('returns the latest price of one symbol', async () => {
    running = await startServer();
    const update = await getPrice(running, { symbols: ['BRK.B'] });
    expect(update.symbol).toBe('BRK.B');
    expect(update.price).toBeGreaterThan(0);
    expect(Number.isInteger(Math.round(update.price * 100))).toBe(true);
    expect(Math.abs(update.timestamp - Date.now())).toBeLessThan(5_000);
  });

  it.each([
    ['no symbol', [], 'GetPrice takes exactly one symbol, got 0'],
    ['two symbols', ['AAPL', 'GOOG'], 'GetPrice takes exactly one symbol, got 2'],
    ['a malformed symbol', ['aapl'], 'symbols[0]: "aapl" is not a symbol'],
  ])('refuses %s with INVALID_ARGUMENT', async (_, symbols, message) => {
    running = await startServer();
    await expect(getPrice(running, { symbols })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining(message),
    });
  });

  it('gives up with DEADLINE_EXCEEDED and drops the pending lookup', async () => {
    running = await startServer({ getPriceDelayMs: 10_000 });
    const server = running.server;
    const started = Date.now();
    await expect(getPrice(running, { symbols: ['AAPL'] }, 100)).rejects.toMatchObject({
      code: status.DEADLINE_EXCEEDED,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    // Long before the 10 s lookup would have ended by itself.
    await waitFor(() => server.stats().activeTimers === 0, 1_000, 'the lookup timer to be cleared');
  });

  it('answers a slow lookup that fits in the deadline', async () => {
    running = await startServer({ getPriceDelayMs: 50 });
    const update = await getPrice(running, { symbols: ['MSFT'] }, 2_000);
    expect(update.symbol).toBe('MSFT');
    expect(running.server.stats().activeTimers).toBe(0);
  });
});
