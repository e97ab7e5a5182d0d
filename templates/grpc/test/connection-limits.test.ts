import { readdirSync, readFileSync } from 'node:fs';
import { connect as connectHttp2, type ClientHttp2Session } from 'node:http2';
import { connect, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { stockProto } from '../src/proto.js';
import { createServer, type StockServer } from '../src/server.js';
import { sleep, startServer, unary, waitFor, type Running } from './helpers.js';

let running: Running | undefined;
let tlsServer: StockServer | undefined;
const sessions: ClientHttp2Session[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.close();
  running = undefined;
  await tlsServer?.stop();
  tlsServer = undefined;
});

const portOf = (address: string): number => Number(address.slice(address.lastIndexOf(':') + 1));

/**
 * An HTTP/2 connection from `localAddress`: resolves 'held' once the server's SETTINGS arrived
 * (grpc-js took it), 'closed' if the server closed it first.
 */
function openSession(address: string, localAddress = '127.0.0.1'): Promise<'held' | 'closed'> {
  return new Promise((resolve) => {
    const session = connectHttp2(`http://${address}`, {
      createConnection: () => connect({ host: '127.0.0.1', port: portOf(address), localAddress }),
    });
    sessions.push(session);
    session.on('error', () => undefined);
    session.once('remoteSettings', () => resolve('held'));
    session.once('close', () => resolve('closed'));
  });
}

/** A raw TCP connection that sends nothing: resolves with the bytes the server sent before it closed it. */
function silentConnection(port: number): { socket: Socket; closed: Promise<{ bytes: number; error?: string }> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let bytes = 0;
  let error: string | undefined;
  socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
  socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code));
  const closed = new Promise<{ bytes: number; error?: string }>((resolve) =>
    socket.once('close', () => resolve(error === undefined ? { bytes } : { bytes, error })),
  );
  return { socket, closed };
}

/** A GetPrice on a connection of its own (grpc-js otherwise shares one between clients). */
function getPrice(running: Running, client = running.newClient({ 'grpc.use_local_subchannel_pool': 1 })): Promise<PriceUpdate__Output> {
  return unary<unknown, PriceUpdate__Output>(client.getPrice.bind(client) as never, { symbols: ['AAPL'] }, { deadline: Date.now() + 5_000 });
}

/** Descriptors this process holds: client and server sockets alike, as both run here. */
const openFds = (): number => readdirSync('/proc/self/fd').length;

/** The descriptor count once it stops changing (a closed client's socket goes a moment later). */
async function settledFds(): Promise<number> {
  let last = openFds();
  for (let stable = 0, tries = 0; stable < 3 && tries < 50; tries++) {
    await sleep(100);
    const now = openFds();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

describe('connection limits', () => {
  it('closes a connection over maxConnections on arrival, before a byte, while the ones it holds are still served; a place frees when one closes', async () => {
    running = await startServer({ maxConnections: 3, maxConnectionsPerIp: 0 });
    const { server, address } = running;
    const port = portOf(address);
    // One real client and two bare HTTP/2 connections fill the three places.
    const held = running.newClient({ 'grpc.use_local_subchannel_pool': 1 });
    expect((await getPrice(running, held)).symbol).toBe('AAPL');
    expect(await Promise.all([openSession(address), openSession(address)])).toEqual(['held', 'held']);
    expect(server.stats().connections).toEqual({ open: 3, refused: 0 });

    // The fourth gets nothing, not even the server's SETTINGS: closed at once (a FIN, as it sent nothing).
    const fourth = silentConnection(port);
    expect(await fourth.closed).toEqual({ bytes: 0 });
    expect(server.stats().connections).toEqual({ open: 3, refused: 1 });
    // A gRPC client over the cap sees UNAVAILABLE, the status it retries.
    await expect(getPrice(running)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    // The connections already held are still served.
    expect((await getPrice(running, held)).symbol).toBe('AAPL');

    // One held connection closes: its place is free, and a new client is served in it.
    sessions[0]!.close();
    await waitFor(() => server.stats().connections.open === 2, 5_000, 'the server to see the close');
    expect((await getPrice(running)).symbol).toBe('AAPL');
    expect(server.stats().connections.refused).toBeGreaterThanOrEqual(2);
  });

  it('closes a connection over maxConnectionsPerIp from one address, while another address still gets in', async () => {
    running = await startServer({ maxConnections: 100, maxConnectionsPerIp: 2 });
    const { server, address } = running;
    expect(await Promise.all([openSession(address), openSession(address)])).toEqual(['held', 'held']);
    expect(await openSession(address)).toBe('closed');
    // 127.0.0.2 is loopback too (all of 127/8 is, on Linux), and another address to the cap.
    expect(await openSession(address, '127.0.0.2')).toBe('held');
    expect(server.stats().connections).toEqual({ open: 3, refused: 1 });
    // A place from 127.0.0.1 frees when one of its connections closes.
    sessions[0]!.close();
    await waitFor(() => server.stats().connections.open === 2, 5_000, 'the server to see the close');
    expect(await openSession(address)).toBe('held');
  });

  it('gives back every descriptor: 25 connections against a cap of 10, all closed, and the process holds what it held before', async () => {
    running = await startServer({ maxConnections: 10, maxConnectionsPerIp: 0 });
    const { server, address } = running;
    // One real call first, so what a first call opens is in the baseline too.
    const warm = running.newClient({ 'grpc.use_local_subchannel_pool': 1 });
    await getPrice(running, warm);
    warm.close();
    await waitFor(() => server.stats().connections.open === 0, 5_000, 'the warm-up connection to close');
    const before = await settledFds();

    const outcomes = await Promise.all(Array.from({ length: 25 }, () => openSession(address)));
    expect(outcomes.filter((outcome) => outcome === 'held')).toHaveLength(10);
    expect(server.stats().connections).toEqual({ open: 10, refused: 15 });
    // The ten held: one descriptor each on the server's side and on the client's.
    expect(openFds() - before).toBeGreaterThanOrEqual(20);

    for (const session of sessions.splice(0)) session.destroy();
    await waitFor(() => server.stats().connections.open === 0, 5_000, 'the server to free every connection');
    await waitFor(() => openFds() <= before, 5_000, `the descriptors to come back to ${before}`);
    // And the places are really free: ten new ones are held again.
    expect(await Promise.all(Array.from({ length: 10 }, () => openSession(address)))).toEqual(Array(10).fill('held'));
  });

  it('frees the place of a connection that never sends the HTTP/2 preface once its keepalive PING goes unanswered', async () => {
    running = await startServer({ maxConnectionsPerIp: 1, connection: { keepaliveTimeMs: 200, keepaliveTimeoutMs: 200 } });
    const { server, address } = running;
    const silent = silentConnection(portOf(address));
    await waitFor(() => server.stats().connections.open === 1, 5_000, 'the server to take the connection');
    // It holds the address's only place.
    expect(await openSession(address)).toBe('closed');
    // Closed by the server after keepaliveTimeMs + keepaliveTimeoutMs (30 s + 10 s by default),
    // not by the 5 min idle limit: it got the server's SETTINGS and the PING it never answered.
    const { bytes } = await Promise.race([
      silent.closed,
      sleep(10_000).then(() => Promise.reject(new Error('the silent connection is still open after 10 s'))),
    ]);
    expect(bytes).toBeGreaterThan(0);
    await waitFor(() => server.stats().connections.open === 0, 5_000, 'the server to free it');
    // Its place is free: a real client from the same address is served.
    expect((await getPrice(running)).symbol).toBe('AAPL');
  });

  it('stops accepting when stop() begins and leaves no connection open after it, a silent one included', async () => {
    running = await startServer({ drainDelayMs: 0 });
    const { server, address } = running;
    expect(await openSession(address)).toBe('held');
    const port = portOf(address);
    const silent = silentConnection(port);
    await waitFor(() => server.stats().connections.open === 2, 5_000, 'both connections');
    await server.stop();
    expect(server.stats().connections.open).toBe(0);
    await silent.closed;
    const late = silentConnection(port);
    expect((await late.closed).error).toBe('ECONNREFUSED');
  });

  it('counts a TLS connection until it closes, and closes one whose handshake never finished at stop()', async () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const tls = { cert: readFileSync(new URL('localhost.crt', dir)), key: readFileSync(new URL('localhost.key', dir)) };
    tlsServer = createServer({ port: 0, shutdownGraceMs: 200, tls, maxConnections: 2, maxConnectionsPerIp: 0 });
    const server = tlsServer;
    const { address } = await server.start();
    const client = new stockProto.StockService(address, grpc.credentials.createSsl(tls.cert), { 'grpc.ssl_target_name_override': 'localhost' });
    const update = await unary<unknown, PriceUpdate__Output>(client.getPrice.bind(client) as never, { symbols: ['AAPL'] }, { deadline: Date.now() + 5_000 });
    expect(update.symbol).toBe('AAPL');
    expect(server.stats().connections.open).toBe(1);
    client.close();
    // The TLS socket wraps the TCP one: its close must reach the count, or the place leaks.
    await waitFor(() => server.stats().connections.open === 0, 5_000, 'the TLS connection to be counted closed');

    // A connection that never says ClientHello: no session yet, so grpc-js does not know it.
    const silent = silentConnection(portOf(address));
    await waitFor(() => server.stats().connections.open === 1, 5_000, 'the server to take it');
    await server.stop();
    expect(server.stats().connections.open).toBe(0);
    await silent.closed;
  });
});
