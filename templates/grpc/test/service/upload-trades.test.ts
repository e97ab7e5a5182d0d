import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Trade } from '../../src/gen/grpc-js/stock/v1/Trade.js';
import type { TradesSummary__Output } from '../../src/gen/grpc-js/stock/v1/TradesSummary.js';
import { startServer, type Running } from '../helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function upload(r: Running, trades: Trade[]): Promise<TradesSummary__Output> {
  return new Promise((resolve, reject) => {
    const call = r.client.uploadTrades({ deadline: Date.now() + 5_000 }, (error, summary) =>
      error || !summary ? reject(error) : resolve(summary),
    );
    for (const trade of trades) call.write(trade);
    call.end();
  });
}

describe('UploadTrades', () => {
  it('sums the streamed trades', async () => {
    running = await startServer();
    const summary = await upload(running, [
      { symbol: 'MSFT', quantity: 10, price: 400.1 },
      { symbol: 'AAPL', quantity: 5, price: 190.25 },
      { symbol: 'MSFT', quantity: 1, price: 401 },
    ]);
    expect(summary).toEqual({
      tradeCount: 3,
      totalQuantity: 16,
      totalNotional: 5353.25,
      symbols: ['AAPL', 'MSFT'],
    });
  });

  it('answers an empty upload with zeros', async () => {
    running = await startServer();
    expect(await upload(running, [])).toEqual({ tradeCount: 0, totalQuantity: 0, totalNotional: 0, symbols: [] });
  });

  it.each([
    ['no symbol', { symbol: '', quantity: 1, price: 1 }, 'trades[2]: symbol is required'],
    ['quantity 0', { symbol: 'AAPL', quantity: 0, price: 1 }, 'trades[2]: quantity must be > 0, got 0'],
    ['a negative quantity', { symbol: 'AAPL', quantity: -3, price: 1 }, 'trades[2]: quantity must be > 0, got -3'],
    ['price 0', { symbol: 'AAPL', quantity: 1, price: 0 }, 'trades[2]: price must be > 0, got 0'],
    ['a quantity beyond 2^53 - 1', { symbol: 'AAPL', quantity: '9007199254740993', price: 1 }, 'trades[2]: quantity must be at most 9007199254740991'],
    ['a price over a billion (price x quantity summed to Infinity)', { symbol: 'AAPL', quantity: 1, price: 1e300 }, 'trades[2]: price must be at most 1000000000, got 1e+300'],
  ])('ends with INVALID_ARGUMENT naming the index of a trade with %s', async (_, bad, message) => {
    running = await startServer();
    const good = { symbol: 'AAPL', quantity: 1, price: 1 };
    await expect(upload(running, [good, good, bad, good])).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: message,
    });
  });

  it('refuses a total quantity that a number can no longer hold exactly', async () => {
    running = await startServer();
    const big = { symbol: 'AAPL', quantity: 5_000_000_000_000_000, price: 1 };
    await expect(upload(running, [big, big])).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'trades[1]: total quantity would exceed 9007199254740991',
    });
  });

  it('refuses uploads longer than the limit with RESOURCE_EXHAUSTED', async () => {
    running = await startServer({ maxTradesPerUpload: 2 });
    const trade = { symbol: 'AAPL', quantity: 1, price: 1 };
    await expect(upload(running, [trade, trade, trade])).rejects.toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      details: 'trades[2]: at most 2 trades per upload',
    });
  });
});
