// npm run client:upload -- 20
// Streams N random trades (default 20) and prints the server's summary. 10 s deadline per
// attempt; the whole upload is retried on UNAVAILABLE, which is safe because UploadTrades
// only computes a sum and changes nothing on the server.
import type { Trade } from '../gen/grpc-js/stock/v1/Trade.js';
import type { TradesSummary__Output } from '../gen/grpc-js/stock/v1/TradesSummary.js';
import { retryUnavailable } from './backoff.js';
import { createStockClient, deadlineIn, describeError, metadata } from './connect.js';

const count = Number(process.argv[2] ?? 20);
const symbols = ['AAPL', 'GOOG', 'MSFT', 'BRK.B'];
const trades: Trade[] = Array.from({ length: count }, (_, i) => ({
  symbol: symbols[i % symbols.length],
  quantity: 1 + Math.floor(Math.random() * 100),
  price: Math.round((50 + Math.random() * 400) * 100) / 100,
  timestamp: Date.now(),
}));
const client = createStockClient();

try {
  const summary = await retryUnavailable(
    () =>
      new Promise<TradesSummary__Output>((resolve, reject) => {
        const call = client.uploadTrades(metadata(), deadlineIn(10_000), (error, response) =>
          error || !response ? reject(error) : resolve(response),
        );
        for (const trade of trades) call.write(trade);
        call.end();
      }),
    { onRetry: (error, delay) => console.error(`${describeError(error)}; retrying in ${delay} ms`) },
  );
  console.log(
    `${summary.tradeCount} trades, ${summary.totalQuantity} shares, $${summary.totalNotional.toFixed(2)} notional (${summary.symbols.join(', ')})`,
  );
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
} finally {
  client.close();
}
