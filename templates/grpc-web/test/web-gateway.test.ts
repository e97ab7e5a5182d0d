import { connect as connectTcp } from 'node:net';
import { Code, ConnectError } from '@connectrpc/connect';
import { afterEach, describe, expect, it } from 'vitest';
import { createPriceSource } from '../src/price-source.js';
import { createStockClient, getPrice, watchPrices, type Price } from '../src/web/browser/price-feed.js';
import { createGateway, type Gateway, type GatewayOptions } from '../src/web/gateway.js';
import { waitFor } from './helpers.js';

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

async function start(options: Partial<GatewayOptions> = {}): Promise<string> {
  gateway = createGateway({
    prices: createPriceSource(),
    port: 0,
    limits: { priceIntervalMs: 20 },
    shutdownGraceMs: 200,
    ...options,
  });
  return (await gateway.start()).url;
}

/** Streams until `count` prices arrived, then aborts the call like a page would. */
async function streamSome(baseUrl: string, protocol: 'connect' | 'grpc-web', count: number): Promise<Price[]> {
  const client = createStockClient({ baseUrl, protocol });
  const stop = new AbortController();
  const seen: Price[] = [];
  await watchPrices(client, ['AAPL', 'MSFT'], (price) => {
    seen.push(price);
    if (seen.length === count) stop.abort();
  }, stop.signal);
  return seen;
}

describe('browser gateway', () => {
  it.each(['connect', 'grpc-web'] as const)('streams prices over %s with the connect-web transport', async (protocol) => {
    const url = await start();
    const prices = await streamSome(url, protocol, 6);
    expect(prices.map((p) => p.symbol)).toEqual(['AAPL', 'MSFT', 'AAPL', 'MSFT', 'AAPL', 'MSFT']);
    for (const price of prices) {
      expect(price.price).toBeGreaterThan(0);
      expect(Math.abs(price.timestamp - Date.now())).toBeLessThan(5_000);
    }
    // The client went away: the handler's loop and its timer end.
    await waitFor(() => gateway!.stats().activePriceStreams === 0, 2_000, 'the stream to end');
  });

  it('streams what a push feed (PriceSource.watch) yields, as it yields it, and ends the watch with the call', async () => {
    const base = createPriceSource();
    let watching = 0;
    const url = await start({
      prices: {
        quote: (symbol) => base.quote(symbol),
        async *watch(symbols, signal) {
          watching++;
          try {
            for (let i = 1; !signal.aborted; i++) {
              for (const symbol of symbols) yield { symbol, price: i, timestamp: 1_000 + i };
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
          } finally {
            watching--;
          }
        },
      },
      // Polling would take a minute per round: only the push can make this test pass in time.
      limits: { priceIntervalMs: 60_000 },
    });
    const prices = await streamSome(url, 'grpc-web', 6);
    expect(prices.map((p) => [p.symbol, p.price, p.timestamp])).toEqual([
      ['AAPL', 1, 1_001], ['MSFT', 1, 1_001], ['AAPL', 2, 1_002], ['MSFT', 2, 1_002], ['AAPL', 3, 1_003], ['MSFT', 3, 1_003],
    ]);
    await waitFor(() => watching === 0 && gateway!.stats().activePriceStreams === 0, 2_000, 'the watch to end');
  });

  it('answers GetPrice, and refuses anything but exactly one symbol with INVALID_ARGUMENT', async () => {
    const url = await start();
    const client = createStockClient({ baseUrl: url });
    expect(await getPrice(client, 'BRK.B')).toMatchObject({ symbol: 'BRK.B', price: expect.any(Number) });
    const error = await client.getPrice({ symbols: ['AAPL', 'GOOG'] }).catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.InvalidArgument, rawMessage: 'symbols: GetPrice takes exactly one symbol, got 2' });
  });

  it('refuses a malformed symbol in StreamPrices with INVALID_ARGUMENT naming it', async () => {
    const url = await start();
    const client = createStockClient({ baseUrl: url, protocol: 'grpc-web' });
    const failure = watchPrices(client, ['AAPL', 'nope'], () => undefined, new AbortController().signal);
    await expect(failure).rejects.toMatchObject({ code: Code.InvalidArgument, rawMessage: expect.stringContaining('symbols[1]: "nope"') });
  });

  it('honours the client deadline on GetPrice', async () => {
    const url = await start({ limits: { getPriceDelayMs: 1_000 } });
    const client = createStockClient({ baseUrl: url });
    await expect(getPrice(client, 'AAPL', 100)).rejects.toMatchObject({ code: Code.DeadlineExceeded });
  });

  it('does not offer the client- and bidi-streaming RPCs to browsers', async () => {
    const url = await start();
    const call = (method: string) =>
      fetch(`${url}/stock.v1.StockService/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
        body: new Uint8Array(0),
      });
    // UploadTrades: gRPC-Web trailers (in the body) say UNIMPLEMENTED.
    const upload = await call('UploadTrades');
    expect(await upload.text()).toMatch(/grpc-status: 12\r\n/);
    // TradeChat: bidirectional streaming needs HTTP/2 end to end; over HTTP/1.1 connect-node answers 505.
    expect((await call('TradeChat')).status).toBe(505);
  });

  it('ends open streams with UNAVAILABLE on stop()', async () => {
    const url = await start();
    const client = createStockClient({ baseUrl: url });
    let received = 0;
    const watching = watchPrices(client, ['AAPL'], () => received++, new AbortController().signal);
    const outcome = watching.then(() => undefined, (e: unknown) => ConnectError.from(e));
    await waitFor(() => received > 0, 2_000, 'a first price');
    const started = Date.now();
    await gateway!.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await outcome).toMatchObject({ code: Code.Unavailable, rawMessage: 'server is shutting down' });
  });
});

describe('gateway HTTP', () => {
  it('answers GET /healthz with 200', async () => {
    const url = await start();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  it('serves the page and the connect-web bundle it imports', async () => {
    const url = await start();
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const app = await fetch(`${url}/app.js`);
    expect(await app.text()).toContain("from './price-feed.js'");
    const bundle = await fetch(`${url}/price-feed.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('text/javascript');
    // The esbuild bundle of src/web/browser/price-feed.ts (checked without printing 100 kB on failure).
    expect(/export\{[^}]*watchPrices/.test(await bundle.text())).toBe(true);
  });
});

describe('static files', () => {
  // Over a raw socket: fetch() would normalise '/../package.json' to '/package.json' before
  // sending it, and a test of that could not fail.
  it.each(['/../package.json', '/../../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/public/../../package.json', '//etc/passwd', '/..\\package.json'])(
    'serves nothing outside its folders for %s',
    async (path) => {
      const url = await start();
      const { port } = new URL(url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connectTcp(Number(port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 (400|404) /);
      expect(answer).not.toContain('"dependencies"');
      expect(answer).not.toContain('root:');
    },
  );
});

describe('CORS', () => {
  const allowed = 'https://app.example.com';
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/stock.v1.StockService/GetPrice`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,connect-protocol-version,connect-timeout-ms',
      },
    });

  it('answers a preflight from an allowed origin with the Connect and gRPC-Web headers', async () => {
    const url = await start({ allowedOrigins: [allowed] });
    const response = await preflight(url, allowed);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const headers = response.headers.get('access-control-allow-headers') ?? '';
    for (const header of ['Content-Type', 'Connect-Protocol-Version', 'Connect-Timeout-Ms', 'X-Grpc-Web', 'Grpc-Timeout']) {
      expect(headers.toLowerCase()).toContain(header.toLowerCase());
    }
  });

  it('gives no CORS headers to an origin that is not in ALLOWED_ORIGINS', async () => {
    const url = await start({ allowedOrigins: [allowed] });
    const response = await preflight(url, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('exposes the gRPC-Web status headers to an allowed origin on the actual call', async () => {
    const url = await start({ allowedOrigins: [allowed] });
    const response = await fetch(`${url}/stock.v1.StockService/GetPrice`, {
      method: 'POST',
      headers: { origin: allowed, 'content-type': 'application/json', 'connect-protocol-version': '1' },
      body: JSON.stringify({ symbols: ['AAPL'] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-expose-headers')).toContain('Grpc-Status');
    expect(await response.json()).toMatchObject({ symbol: 'AAPL' });
  });
});
