import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { ConfigError, loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';
import { connect, opened, startServer } from './helpers.js';
import { openRawSocket, upgradeRequest } from './raw-socket.js';

describe('wildcard addresses and DNS rebinding', () => {
  it.each(['0.0.0.0', '::', '0', '::0', '0:0:0:0:0:0:0:0', '0.0', ''])('refuses to create a server on "%s" without allowedOrigins', (host) => {
    expect(() => createServer({ host, port: 0 })).toThrow(/allowedOrigins/);
    expect(() => createServer({ host, port: 0, allowedOrigins: ['https://chat.example.com'] })).not.toThrow();
  });

  it('refuses HOST=0.0.0.0 without ALLOWED_ORIGINS, naming the variable', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/ALLOWED_ORIGINS/);
    expect(loadConfig({ HOST: '0.0.0.0', ALLOWED_ORIGINS: 'https://chat.example.com' }).host).toBe('0.0.0.0');
  });

  // Every spelling of "every interface" binds every interface; a string match caught only two.
  it.each(['0', '::0', '0:0:0:0:0:0:0:0', '0.0', '0x0', ' :: '])('refuses HOST="%s" without ALLOWED_ORIGINS too', (HOST) => {
    expect(() => loadConfig({ HOST })).toThrow(/ALLOWED_ORIGINS/);
  });

  it('reads MAX_CONNECTIONS_PER_IP=0 as off (behind a reverse proxy)', () => {
    expect(loadConfig({ MAX_CONNECTIONS_PER_IP: '0' }).maxConnectionsPerIp).toBe(0);
  });

  it.each(['127.0.0.1', '::1', 'localhost', '192.168.1.10', '10.0.0.0'])('starts on HOST=%s without ALLOWED_ORIGINS', (HOST) => {
    expect(() => loadConfig({ HOST })).not.toThrow();
  });
});

describe('application heartbeat', () => {
  it('tells each client the heartbeat interval and sends it a heartbeat message every interval', async () => {
    const { wsUrl } = await startServer({ heartbeatMs: 200 });
    const ws = new WebSocket(wsUrl);
    const messages: { type: string; heartbeatMs?: number }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as { type: string }));
    await vi.waitFor(() => expect(messages.filter((m) => m.type === 'heartbeat').length).toBeGreaterThanOrEqual(2));
    expect(messages[0]).toMatchObject({ type: 'welcome', heartbeatMs: 200 });
    ws.terminate();
  });
});

describe('acknowledged sends', () => {
  it('echoes the client message id to everyone in the room, so the sender can match its ack', async () => {
    const { wsUrl } = await startServer();
    const alice = await connect(`${wsUrl}?name=alice`);
    const bob = await connect(`${wsUrl}?name=bob`);
    await alice.join('lobby');
    await bob.join('lobby');
    alice.send({ type: 'chat', room: 'lobby', text: 'hello', id: 'm-1' });
    expect(await alice.next()).toMatchObject({ type: 'chat', from: 'alice', text: 'hello', id: 'm-1' });
    expect(await bob.next()).toMatchObject({ type: 'chat', from: 'alice', text: 'hello', id: 'm-1' });
  });

  it.each([42, '', 'x'.repeat(65), 'with space'])('refuses the message id %j with INVALID_FIELD', async (id) => {
    const { wsUrl } = await startServer();
    const alice = await connect(wsUrl);
    await alice.join('lobby');
    alice.send({ type: 'chat', room: 'lobby', text: 'hello', id });
    expect(await alice.next()).toMatchObject({ type: 'error', code: 'INVALID_FIELD' });
  });
});

describe('graceful drain', () => {
  it('answers /healthz with 503 for drainDelayMs while still accepting clients, then closes them with 1001', async () => {
    const { server, url, wsUrl } = await startServer({ drainDelayMs: 1500 });
    const early = await connect(wsUrl);
    const started = Date.now();
    const stopped = server.stop();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    const late = await connect(wsUrl);
    await late.join('lobby');
    await stopped;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
    expect((await early.closed).code).toBe(1001);
    expect((await late.closed).code).toBe(1001);
    expect(await opened(wsUrl)).toBe(false);
  });
});

describe('connection limits and timeouts', () => {
  it('closes connections over maxConnections on arrival, and counts them', async () => {
    const { server, port, url } = await startServer({ maxConnections: 2 });
    const kept = await Promise.all([openRawSocket(port), openRawSocket(port)]);
    await vi.waitFor(() => expect(server.connections().open).toBe(2));
    const extra = await openRawSocket(port);
    expect((await extra.closed).length).toBe(0);
    expect(server.connections().refused).toBe(1);
    kept[0]!.socket.destroy();
    await vi.waitFor(() => expect(server.connections().open).toBe(1));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('closes connections over maxConnectionsPerIp from one address', async () => {
    const { server, port } = await startServer({ maxConnectionsPerIp: 1 });
    await openRawSocket(port);
    await vi.waitFor(() => expect(server.connections().open).toBe(1));
    const extra = await openRawSocket(port);
    expect((await extra.closed).length).toBe(0);
  });

  // A dual-stack listener (host '::') sees IPv4 peers as ::ffff:a.b.c.d. Each must count as its
  // own IPv4 client, not as a member of ::/64 (where ::1 also is); ::1 still has its own cap.
  it('counts IPv4 peers of a dual-stack listener by their own address, apart from ::1', async () => {
    const { server, port } = await startServer({ host: '::', allowedOrigins: ['https://chat.example'], maxConnectionsPerIp: 1 });
    await Promise.all([openRawSocket(port, '::1', '::1'), openRawSocket(port, '127.0.0.1', '127.0.0.1'), openRawSocket(port, '127.0.0.1', '127.0.0.2')]);
    await vi.waitFor(() => expect(server.connections().open).toBe(3));
    expect(server.connections().refused).toBe(0);
    const extra = await openRawSocket(port, '::1', '::1');
    expect((await extra.closed).length).toBe(0);
    expect(server.connections().refused).toBe(1);
  });

  // The count is given back under the address read again at close (none is kept per
  // connection): a mismatch would leave the slot taken, or free another address's.
  it('gives an address its slot back when its connection closes, IPv4-mapped peers included', async () => {
    const { server, port } = await startServer({ host: '::', allowedOrigins: ['https://chat.example'], maxConnectionsPerIp: 1 });
    const first = await Promise.all([openRawSocket(port, '::1', '::1'), openRawSocket(port, '127.0.0.1', '127.0.0.1')]);
    await vi.waitFor(() => expect(server.connections().open).toBe(2));
    for (const raw of first) raw.socket.destroy();
    await vi.waitFor(() => expect(server.connections().open).toBe(0));
    const again = await Promise.all([openRawSocket(port, '::1', '::1'), openRawSocket(port, '127.0.0.1', '127.0.0.1')]);
    await vi.waitFor(() => expect(server.connections().open).toBe(2));
    expect(server.connections().refused).toBe(0);
    // Still capped: the slots are taken again.
    const extra = await openRawSocket(port, '127.0.0.1', '127.0.0.1');
    expect((await extra.closed).length).toBe(0);
    expect(server.connections().refused).toBe(1);
    for (const raw of again) raw.socket.destroy();
  });

  // Behind one reverse proxy every client has the proxy's address: the per-address cap must be
  // switchable off, or client 1,001 is reset.
  it('accepts any number of connections from one address with maxConnectionsPerIp 0 (off)', async () => {
    const { server, port } = await startServer({ maxConnectionsPerIp: 0, maxConnections: 4 });
    await Promise.all([1, 2, 3, 4].map(() => openRawSocket(port)));
    await vi.waitFor(() => expect(server.connections().open).toBe(4));
    expect(server.connections().refused).toBe(0);
    // maxConnections still applies.
    const extra = await openRawSocket(port);
    expect((await extra.closed).length).toBe(0);
    expect(server.connections().refused).toBe(1);
  });

  it('answers 408 and closes when headers trickle in slower than headersTimeoutMs (slowloris)', async () => {
    const { port } = await startServer({ headersTimeoutMs: 300 });
    const raw = await openRawSocket(port);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => raw.socket.write('X-Slow: 1\r\n'), 50);
    const text = (await raw.closed).toString();
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
  });

  it('sets keep-alive above common load balancer idle timeouts and the other timeouts explicitly', async () => {
    const { server } = await startServer();
    expect(server.httpServer.keepAliveTimeout).toBe(65_000);
    expect(server.httpServer.headersTimeout).toBe(20_000);
    expect(server.httpServer.requestTimeout).toBe(30_000);
  });
});

describe('half-open peers', () => {
  it('frees a peer that stops answering pings within two heartbeat intervals', async () => {
    const { server, port } = await startServer({ heartbeatMs: 200 });
    const raw = await openRawSocket(port);
    raw.socket.write(upgradeRequest());
    await vi.waitFor(() => expect(server.chat.stats().clients).toBe(1));
    const joined = Date.now();
    // It never reads or answers again: a peer behind a dead NAT mapping looks like this.
    raw.socket.pause();
    await vi.waitFor(() => expect(server.chat.stats().clients).toBe(0), { timeout: 3000, interval: 10 });
    // Two intervals by design (one to ping, one to find no pong), and room for late timers.
    expect(Date.now() - joined).toBeLessThanOrEqual(2 * 200 + 400);
    expect(server.chat.stats().heartbeatTerminated).toBe(1);
  });
});
