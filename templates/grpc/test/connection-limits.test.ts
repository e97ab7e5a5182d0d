import { connect as connectHttp2, type ClientHttp2Session } from 'node:http2';
import { connect, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PriceUpdate__Output } from '../src/gen/grpc-js/stock/v1/PriceUpdate.js';
import { startServer, unary, waitFor, type Running } from './helpers.js';

let running: Running | undefined;
const sessions: ClientHttp2Session[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) session.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.close();
  running = undefined;
});

/**
 * An HTTP/2 connection from `localAddress`: resolves 'held' once the server's SETTINGS arrived
 * (grpc-js took it), 'closed' if the server closed it first.
 */
function openSession(address: string, localAddress = '127.0.0.1'): Promise<'held' | 'closed'> {
  return new Promise((resolve) => {
    const port = Number(address.slice(address.lastIndexOf(':') + 1));
    const session = connectHttp2(`http://${address}`, { createConnection: () => connect({ host: '127.0.0.1', port, localAddress }) });
    sessions.push(session);
    session.on('error', () => undefined);
    session.once('remoteSettings', () => resolve('held'));
    session.once('close', () => resolve('closed'));
  });
}

/** A raw TCP connection: resolves with the bytes the server sent before it closed the connection. */
function rawConnection(port: number, write?: Buffer): { socket: Socket; closed: Promise<{ bytes: number; error?: string }> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let bytes = 0;
  let error: string | undefined;
  socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
  socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code));
  if (write) socket.write(write);
  const closed = new Promise<{ bytes: number; error?: string }>((resolve) =>
    socket.once('close', () => resolve(error === undefined ? { bytes } : { bytes, error })),
  );
  return { socket, closed };
}

const getPrice = (running: Running): Promise<PriceUpdate__Output> => {
  const client = running.newClient({ 'grpc.use_local_subchannel_pool': 1 });
  return unary<unknown, PriceUpdate__Output>(client.getPrice.bind(client) as never, { symbols: ['AAPL'] });
};

describe('connection limits', () => {
  it('closes a connection over maxConnections on arrival, before a byte, serves the ones it holds, and frees a place when one closes', async () => {
    running = await startServer({ maxConnections: 3, maxConnectionsPerIp: 0 });
    const { server, address } = running;
    const port = Number(address.slice(address.lastIndexOf(':') + 1));
    expect(await Promise.all([openSession(address), openSession(address), openSession(address)])).toEqual(['held', 'held', 'held']);
    expect(server.stats().connections).toEqual({ open: 3, refused: 0 });

    // The fourth gets nothing, not even the server's SETTINGS: closed cleanly (FIN, no reset).
    const fourth = rawConnection(port, Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'));
    expect(await fourth.closed).toEqual({ bytes: 0 });
    expect(server.stats().connections).toEqual({ open: 3, refused: 1 });
    // A gRPC client over the cap sees UNAVAILABLE, the status it retries.
    await expect(getPrice(running)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });

    // One held connection closes: its place is free, and a real client is served in it.
    sessions[0]!.close();
    await waitFor(() => server.stats().connections.open === 2, 2_000, 'the server to see the close');
    expect((await getPrice(running)).symbol).toBe('AAPL');

    for (const session of sessions.splice(0)) session.destroy();
    await waitFor(() => server.stats().connections.open <= 1, 2_000, 'the sessions to close');
  });

  it('closes a connection over maxConnectionsPerIp from one address, while another address still gets in', async () => {
    running = await startServer({ maxConnections: 100, maxConnectionsPerIp: 2 });
    const { server, address } = running;
    expect(await Promise.all([openSession(address), openSession(address)])).toEqual(['held', 'held']);
    expect(await openSession(address)).toBe('closed');
    // 127.0.0.2 is loopback too (all of 127/8 is, on Linux), and another address to the cap.
    expect(await openSession(address, '127.0.0.2')).toBe('held');
    expect(server.stats().connections).toEqual({ open: 3, refused: 1 });
  });

  it('closes a connection that never sends the HTTP/2 preface once a keepalive PING goes unanswered', async () => {
    running = await startServer({ connection: { keepaliveTimeMs: 200, keepaliveTimeoutMs: 200 } });
    const { server, address } = running;
    const port = Number(address.slice(address.lastIndexOf(':') + 1));
    const silent = rawConnection(port);
    await waitFor(() => server.stats().connections.open === 1, 2_000, 'the server to take the connection');
    const started = Date.now();
    const { bytes } = await silent.closed;
    // It got the server's SETTINGS and the PING it never answered, then the close.
    expect(bytes).toBeGreaterThan(0);
    // Bounded by keepaliveTimeMs + keepaliveTimeoutMs (40 s by default), not by the 5 min idle limit.
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor(() => server.stats().connections.open === 0, 2_000, 'the server to free it');
  });

  it('stops accepting when stop() begins and leaves no connection open after it', async () => {
    running = await startServer({ drainDelayMs: 0 });
    const { server, address } = running;
    expect(await openSession(address)).toBe('held');
    const port = Number(address.slice(address.lastIndexOf(':') + 1));
    const silent = rawConnection(port);
    await waitFor(() => server.stats().connections.open === 2, 2_000, 'both connections');
    await server.stop();
    expect(server.stats().connections.open).toBe(0);
    await silent.closed;
    const late = rawConnection(port);
    expect((await late.closed).error).toBe('ECONNREFUSED');
  });
});
