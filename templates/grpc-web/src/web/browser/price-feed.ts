/**
 * The browser side of the gateway, bundled by esbuild (`npm run build:browser`) into
 * dist/public/price-feed.js, which public/app.js imports. Node runs the very same module in
 * the tests, because @connectrpc/connect-web only needs `fetch`.
 */
import { createClient, type Client, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-web';
import { StockService } from '../../gen/es/stock_pb.js';

export type StockClient = Client<typeof StockService>;

/** What the page shows: a plain object with a number timestamp (protobuf-es uses bigint). */
export interface Price {
  symbol: string;
  price: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
}

export interface FeedOptions {
  /** The gateway's URL, e.g. location.origin. */
  baseUrl: string;
  /** "connect" (default: JSON or binary over plain HTTP, readable in devtools) or "grpc-web". */
  protocol?: 'connect' | 'grpc-web';
  /** Sent as `Authorization: Bearer <token>` when the gateway runs with AUTH_TOKEN. */
  token?: string;
}

export function createStockClient(options: FeedOptions): StockClient {
  const token = options.token;
  const interceptors: Interceptor[] =
    token === undefined || token === ''
      ? []
      : [
          (next) => (request) => {
            request.header.set('Authorization', `Bearer ${token}`);
            return next(request);
          },
        ];
  const transport =
    options.protocol === 'grpc-web'
      ? createGrpcWebTransport({ baseUrl: options.baseUrl, interceptors })
      : createConnectTransport({ baseUrl: options.baseUrl, interceptors });
  return createClient(StockService, transport);
}

/** One price, with a deadline (the gateway ends the call with DEADLINE_EXCEEDED when it passes). */
export async function getPrice(client: StockClient, symbol: string, timeoutMs = 5_000): Promise<Price> {
  const update = await client.getPrice({ symbols: [symbol] }, { timeoutMs });
  return { symbol: update.symbol, price: update.price, timestamp: Number(update.timestamp) };
}

/** Streams prices until `signal` aborts; resolves then, rejects with a ConnectError on failure. */
export async function watchPrices(
  client: StockClient,
  symbols: readonly string[],
  onPrice: (price: Price) => void,
  signal: AbortSignal,
): Promise<void> {
  try {
    for await (const update of client.streamPrices({ symbols: [...symbols] }, { signal })) {
      onPrice({ symbol: update.symbol, price: update.price, timestamp: Number(update.timestamp) });
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}

export { Code, ConnectError } from '@connectrpc/connect';
