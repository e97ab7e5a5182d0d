// npm run client:price -- AAPL
// One GetPrice call with a 2 s deadline, retried with backoff while the server is unavailable.
import type { PriceUpdate__Output } from '../gen/grpc-js/stock/v1/PriceUpdate.js';
import { retryUnavailable } from './backoff.js';
import { createStockClient, deadlineIn, describeError, metadata } from './connect.js';

const symbol = process.argv[2] ?? 'AAPL';
const client = createStockClient();

try {
  const update = await retryUnavailable(
    () =>
      new Promise<PriceUpdate__Output>((resolve, reject) => {
        client.getPrice({ symbols: [symbol] }, metadata(), deadlineIn(2_000), (error, response) =>
          error || !response ? reject(error) : resolve(response),
        );
      }),
    { onRetry: (error, delay) => console.error(`${describeError(error)}; retrying in ${delay} ms`) },
  );
  console.log(`${update.symbol} $${update.price.toFixed(2)} at ${new Date(update.timestamp).toISOString()}`);
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
} finally {
  client.close();
}
