// npm run client:prices -- AAPL GOOG MSFT
// Streams prices until Ctrl-C (or for STREAM_SECONDS, used as the call's deadline).
// Reconnects with exponential backoff and jitter when the server is unavailable.
import { setTimeout as sleep } from 'node:timers/promises';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { PriceUpdate__Output } from '../gen/grpc-js/stock/v1/PriceUpdate.js';
import { backoffDelay, isUnavailable } from './backoff.js';
import { createStockClient, describeError, metadata } from './connect.js';

const symbols = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['AAPL', 'GOOG', 'MSFT'];
const seconds = Number(process.env['STREAM_SECONDS'] ?? 0);
const deadline = seconds > 0 ? new Date(Date.now() + seconds * 1_000) : undefined;
const client = createStockClient();
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

let attempt = 0;
try {
  while (!stop.signal.aborted) {
    try {
      await streamOnce();
      break;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      const delay = backoffDelay(attempt++);
      console.error(`${describeError(error)}; reconnecting in ${delay} ms`);
      await sleep(delay, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  }
} catch (error) {
  if ((error as ServiceError).code === status.DEADLINE_EXCEEDED) {
    console.log(`done after ${seconds} s`);
  } else {
    console.error(describeError(error));
    process.exitCode = 1;
  }
} finally {
  client.close();
}

function streamOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = client.streamPrices({ symbols }, metadata(), deadline ? { deadline } : {});
    const cancel = (): void => call.cancel();
    stop.signal.addEventListener('abort', cancel, { once: true });
    call.on('data', (update: PriceUpdate__Output) => {
      attempt = 0;
      console.log(`${new Date(update.timestamp).toISOString()} ${update.symbol.padEnd(10)} $${update.price.toFixed(2)}`);
    });
    call.on('error', (error: ServiceError) => {
      stop.signal.removeEventListener('abort', cancel);
      if (error.code === status.CANCELLED && stop.signal.aborted) resolve();
      else reject(error);
    });
    call.on('end', () => {
      stop.signal.removeEventListener('abort', cancel);
      resolve();
    });
  });
}
