import { connect as connectTcp, type Socket } from 'node:net';
import { Code, ConnectError } from '@connectrpc/connect';
import { afterEach, describe, expect, it } from 'vitest';
import { sameToken } from '../src/auth.js';
import { createPriceSource } from '../src/price-source.js';
import { createStockClient, getPrice, watchPrices } from '../src/web/browser/price-feed.js';
import { createGateway, type Gateway, type GatewayOptions } from '../src/web/gateway.js';
import { waitFor } from './helpers.js';

const TOKEN = 'a-long-enough-test-token';
let gateway: Gateway | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await gateway?.stop();
  gateway = undefined;
});

async function start(options: Partial<GatewayOptions> = {}): Promise<string> {
  gateway = createGateway({ prices: createPriceSource(), port: 0, limits: { priceIntervalMs: 20 }, shutdownGraceMs: 200, ...options });
  return (await gateway.start()).url;
}

const closedText = new WeakMap<Socket, Promise<string>>();

/** A raw TCP connection to the gateway, closed after the test. */
function rawSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(port), hostname.replace(/^\[|\]$/g, ''), () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
    // Listening from the start: the server may close it before the test looks.
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    closedText.set(socket, new Promise((done) => socket.once('close', () => done(text))));
  });
}

/** Resolves with everything the server sent once it closed the connection. */
function closed(socket: Socket): Promise<string> {
  socket.on('error', () => undefined);
  return closedText.get(socket)!;
}

describe('gateway AUTH_TOKEN', () => {
  it.each(['connect', 'grpc-web'] as const)('refuses %s calls without the bearer token with UNAUTHENTICATED', async (protocol) => {
    const url = await start({ isValidToken: sameToken(TOKEN) });
    const anonymous = createStockClient({ baseUrl: url, protocol });
    await expect(getPrice(anonymous, 'AAPL')).rejects.toMatchObject({ code: Code.Unauthenticated, rawMessage: 'missing or invalid bearer token' });
    const wrong = createStockClient({ baseUrl: url, protocol, token: 'a-long-enough-wrong-token' });
    const stream = watchPrices(wrong, ['AAPL'], () => undefined, new AbortController().signal);
    await expect(stream).rejects.toMatchObject({ code: Code.Unauthenticated });
    const allowed = createStockClient({ baseUrl: url, protocol, token: TOKEN });
    expect(await getPrice(allowed, 'AAPL')).toMatchObject({ symbol: 'AAPL' });
    // Probes and the page stay reachable.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/`)).status).toBe(200);
  });
});

describe('gateway application/grpc-web-text', () => {
  it('answers 415 with Accept-Post and a gRPC-Web status that says binary only', async () => {
    const url = await start();
    const response = await fetch(`${url}/stock.v1.StockService/GetPrice`, {
      method: 'POST',
      headers: { 'content-type': 'application/grpc-web-text', 'x-grpc-web': '1' },
      body: Buffer.from([0, 0, 0, 0, 0]).toString('base64'),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('grpc-status')).toBe('12');
    expect(decodeURIComponent(response.headers.get('grpc-message') ?? '')).toContain('application/grpc-web-text (base64) is not supported');
    expect(response.headers.get('accept-post')).toContain('application/grpc-web+proto');
    expect(await response.text()).toContain('use binary gRPC-Web');
  });
});

describe('gateway stream limits', () => {
  it('refuses StreamPrices beyond maxPriceStreams with RESOURCE_EXHAUSTED, and frees the slot when a stream ends', async () => {
    const url = await start({ limits: { priceIntervalMs: 20, maxPriceStreams: 3 } });
    const open = await Promise.all(Array.from({ length: 3 }, () => connectStream(url, ['AAPL'])));
    await waitFor(() => gateway!.stats().activePriceStreams === 3, 15_000, 'three streams');
    const client = createStockClient({ baseUrl: url });
    const refused = await watchPrices(client, ['MSFT'], () => undefined, new AbortController().signal).catch((e: unknown) => ConnectError.from(e));
    expect(refused).toMatchObject({ code: Code.ResourceExhausted, rawMessage: 'too many price streams (3 open); retry later' });
    expect(gateway!.stats()).toMatchObject({ activePriceStreams: 3, priceStreamsRefused: 1 });
    open[0]!.socket.destroy();
    await waitFor(() => gateway!.stats().activePriceStreams === 2, 15_000, 'a slot to free up');
    for (const stream of open) stream.socket.destroy();
    await waitFor(() => gateway!.stats().activePriceStreams === 0, 15_000, 'every stream to end');
  });

  // One client must not take every slot. A dual-stack listener on [::] sees ::1 and the IPv4
  // peer ::ffff:127.0.0.1; the IPv4 one counts as its own client, not as a member of ::/64.
  it('refuses StreamPrices beyond maxPriceStreamsPerIp from one client, while another client still gets in', async () => {
    const url = await start({ host: '::', limits: { priceIntervalMs: 20, maxPriceStreams: 10, maxPriceStreamsPerIp: 2 } });
    const { port } = new URL(url);
    const v6 = `http://[::1]:${port}`;
    const mine = await Promise.all([connectStream(v6, ['AAPL']), connectStream(v6, ['AAPL'])]);
    await waitFor(() => gateway!.stats().activePriceStreams === 2, 15_000, 'two streams');
    const client = createStockClient({ baseUrl: v6 });
    const refused = await watchPrices(client, ['MSFT'], () => undefined, new AbortController().signal).catch((e: unknown) => ConnectError.from(e));
    expect(refused).toMatchObject({ code: Code.ResourceExhausted, rawMessage: 'too many price streams from this address (2 open); retry later' });
    const other = await connectStream(`http://127.0.0.1:${port}`, ['MSFT']);
    await waitFor(() => gateway!.stats().activePriceStreams === 3, 15_000, "the other client's stream");
    // An ended stream gives its place back to its client.
    mine[0]!.socket.destroy();
    await waitFor(() => gateway!.stats().activePriceStreams === 2, 15_000, 'a slot to free up');
    const again = await connectStream(v6, ['AAPL']);
    await waitFor(() => gateway!.stats().activePriceStreams === 3, 15_000, 'its place given back');
    // Prices flowing on every stream before they are cut, as in the test below.
    await waitFor(() => [mine[1]!, other, again].every((stream) => stream.chunks() >= 2), 15_000, 'prices on every stream');
    for (const stream of [...mine, other, again]) stream.socket.destroy();
    await waitFor(() => gateway!.stats().activePriceStreams === 0, 15_000, 'every stream to end');
  }, 30_000);

  it('drives every stream from one shared timer, stopped with the last stream', async () => {
    const url = await start();
    // Raw sockets, so that "the client went away" is a closed TCP connection and nothing else.
    const streams = await Promise.all(Array.from({ length: 30 }, () => connectStream(url, ['AAPL'])));
    await waitFor(() => streams.every((stream) => stream.chunks() >= 3), 15_000, 'three prices on every stream');
    expect(gateway!.stats()).toMatchObject({ activePriceStreams: 30, activeTimers: 1 });
    for (const stream of streams) stream.socket.destroy();
    await waitFor(() => gateway!.stats().activePriceStreams === 0, 15_000, 'every stream to end');
    expect(gateway!.stats().activeTimers).toBe(0);
  }, 30_000);

  // connect-node links every call's signal to the gateway's shutdown signal: one 'abort' listener
  // per open call, removed when the call ends. Past 10 Node warned of a "possible memory leak".
  it('opens more than 10 streams without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const url = await start();
      const streams = await Promise.all(Array.from({ length: 12 }, () => connectStream(url, ['AAPL'])));
      await waitFor(() => streams.every((stream) => stream.chunks() >= 2), 15_000, 'prices on every stream');
      // Warnings are emitted on a later tick: one more round of prices is past them.
      const seen = streams[0]!.chunks();
      await waitFor(() => streams[0]!.chunks() > seen, 15_000, 'one more price');
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  // The reader stops reading while prices pour in (10 symbols every 1 ms), so the sockets fill
  // and writes wait for 'drain'; then the client goes away. Node 20/22 call a write the kernel
  // had only partly taken with no error and never emit 'drain' on a destroyed socket: unless the
  // gateway notices the close, each such call keeps its slot, its generator and its listeners.
  it('frees the slot of a stream whose client went away while the stream waited for its socket to drain', async () => {
    const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'TSLA', 'NVDA', 'META', 'IBM', 'ORCL', 'INTC'];
    const url = await start({ limits: { priceIntervalMs: 1, maxSymbols: 10 } });
    const streams = await Promise.all(Array.from({ length: 3 }, () => connectStream(url, symbols)));
    for (const stream of streams) stream.socket.pause();
    await waitFor(() => gateway!.stats().activePriceStreams === 3, 15_000, 'three streams');
    // Not a timing assertion: 2 s of writing into unread sockets, so that writes are under way.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const stream of streams) stream.socket.destroy();
    await waitFor(() => gateway!.stats().activePriceStreams === 0, 15_000, 'every stream to end');
    expect(gateway!.stats().activeTimers).toBe(0);
  }, 30_000);
});

/** A Connect server-streaming StreamPrices call written by hand on a raw socket; counts response chunks. */
async function connectStream(url: string, symbols: string[]): Promise<{ socket: Socket; chunks: () => number }> {
  const socket = await rawSocket(url);
  const json = Buffer.from(JSON.stringify({ symbols }));
  const envelope = Buffer.alloc(5 + json.length);
  envelope.writeUInt32BE(json.length, 1);
  json.copy(envelope, 5);
  let chunks = 0;
  socket.on('data', () => chunks++);
  socket.write(
    `POST /stock.v1.StockService/StreamPrices HTTP/1.1\r\nHost: x\r\nContent-Type: application/connect+json\r\n` +
      `Content-Length: ${envelope.length}\r\n\r\n`,
  );
  socket.write(envelope);
  return { socket, chunks: () => chunks };
}

describe('gateway drain and HTTP limits', () => {
  it('answers /healthz 503 during the drain delay while still serving, then ends streams with UNAVAILABLE', async () => {
    const url = await start({ drainDelayMs: 2_000 });
    const client = createStockClient({ baseUrl: url });
    let received = 0;
    const streaming = watchPrices(client, ['AAPL'], () => received++, new AbortController().signal).catch((e: unknown) => ConnectError.from(e));
    await waitFor(() => received > 0, 2_000, 'a first price');
    const stopping = gateway!.stop();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.text()).toBe('shutting down\n');
    expect(await getPrice(client, 'MSFT')).toMatchObject({ symbol: 'MSFT' });
    const before = received;
    await stopping;
    // Prices kept coming after /healthz said 503, until the drain ended. Counted at the end of the
    // stream, not in a wall-clock window: on a loaded 2-core machine the calls above can take most
    // of a short drain (the gRPC starter's twin of this test failed in CI that way at 600 ms).
    expect(received).toBeGreaterThan(before + 2);
    expect(await streaming).toMatchObject({ code: Code.Unavailable, rawMessage: 'server is shutting down' });
  });

  it('closes a connection that sends its headers too slowly (slowloris) with 408', async () => {
    const url = await start({ http: { headersTimeoutMs: 300 } });
    const socket = await rawSocket(url);
    const answer = closed(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const timer = setInterval(() => socket.write('a'), 100);
    const text = await answer;
    clearInterval(timer);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes connections beyond maxConnections at once, and serves the ones within', async () => {
    const url = await start({ http: { maxConnections: 5 } });
    // Five keep-alive connections, each answered once, so the server has surely counted them.
    const first = await Promise.all(Array.from({ length: 5 }, () => rawSocket(url)));
    const ask = (socket: Socket): Promise<string> =>
      new Promise((resolve) => {
        let text = '';
        const onData = (chunk: Buffer): void => {
          text += chunk.toString('latin1');
          // /healthz answers chunked: the response ends with the last chunk.
          if (text.endsWith('\r\n0\r\n\r\n')) {
            socket.off('data', onData);
            resolve(text);
          }
        };
        socket.on('data', onData);
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    for (const answer of await Promise.all(first.map(ask))) expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    // Three more: closed at once, without a byte.
    const extra = await Promise.all(Array.from({ length: 3 }, () => rawSocket(url)));
    expect(await Promise.all(extra.map((socket) => closed(socket)))).toEqual(['', '', '']);
    // The first five are still served.
    for (const answer of await Promise.all(first.map(ask))) expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  // Second review of issue 15: streams write only as fast as the peer reads, so a peer that
  // stopped reading (SIGSTOP, a suspended tab, a raw socket that never reads) held its stream,
  // its slot in maxPriceStreams and its connection forever: nothing timed it out.
  it('closes a connection whose stream has moved no byte for stallTimeoutMs; a reading stream carries on', async () => {
    const url = await start({ limits: { priceIntervalMs: 1, maxSymbols: 50 }, http: { stallTimeoutMs: 1_500 } });
    const symbols = Array.from({ length: 50 }, (_, i) => `S${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
    const reader = await connectStream(url, ['AAPL']);
    const stalled = await connectStream(url, symbols);
    stalled.socket.pause();
    const stalledClosed = closed(stalled.socket);
    await waitFor(() => gateway!.stats().activePriceStreams === 2, 2_000, 'both streams to run');
    // The kernel buffers fill within seconds at 50 prices per millisecond, then nothing moves.
    await waitFor(() => gateway!.stats().activePriceStreams === 1, 40_000, 'the stalled stream to be cut');
    // Its connection was closed too: the FIN waits behind the unread bytes, so read them.
    stalled.socket.resume();
    await stalledClosed;
    const before = reader.chunks();
    await waitFor(() => reader.chunks() > before + 5, 3_000, 'the reading stream to carry on');
    expect(reader.socket.destroyed).toBe(false);
  }, 60_000);

  it('closes an idle keep-alive connection after keepAliveTimeoutMs, and says so in Keep-Alive', async () => {
    const url = await start({ http: { keepAliveTimeoutMs: 1_500 } });
    const socket = await rawSocket(url);
    const text = closed(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await text).toMatch(/Keep-Alive: timeout=1\r\n/);
  });
});
