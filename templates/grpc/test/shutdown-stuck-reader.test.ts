import * as http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type StockServer } from '../src/server.js';

let server: StockServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A StreamPrices request framed by hand: field 1 (symbols) once per symbol. */
function pricesRequest(symbols: string[]): Buffer {
  const message = Buffer.concat(symbols.map((symbol) => Buffer.from([0x0a, symbol.length, ...Buffer.from(symbol)])));
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

describe('shutdown with a client that stopped reading', () => {
  it('resets its stream with REFUSED_STREAM (UNAVAILABLE to grpc-js clients), not CANCEL, at the end of the grace', async () => {
    server = createServer({ port: 0, priceIntervalMs: 1, shutdownGraceMs: 300 });
    const { address } = await server.start();
    // A 256-byte window that is never reopened: the server's prices stop at the window, and the
    // status sent at shutdown waits behind them for good.
    const session = http2.connect(`http://${address}`, { settings: { initialWindowSize: 256 } });
    session.on('error', () => undefined);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/stock.v1.StockService/StreamPrices',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.on('error', () => undefined);
    let trailers: http2.IncomingHttpHeaders | undefined;
    stream.on('trailers', (headers) => (trailers = headers));
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.pause();
    stream.end(pricesRequest(['AAPL', 'MSFT', 'GOOG']));
    // The window is full once the server holds messages it cannot send.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.stats().activePriceStreams).toBe(1);

    await server.stop();
    await closed;
    expect(trailers).toBeUndefined();
    // grpc-js clients map REFUSED_STREAM to UNAVAILABLE (retried) and CANCEL to CANCELLED (not).
    expect(stream.rstCode).toBe(http2.constants.NGHTTP2_REFUSED_STREAM);
    session.destroy();
  });
});
