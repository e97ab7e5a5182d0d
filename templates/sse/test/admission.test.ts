import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { parseSse } from '../public/sse-parser.js';
import type { ChatModel } from '../src/chat-model.js';
import { openRawSocket, type RawSocket } from './helpers/raw-socket.js';
import { startServer } from './helpers/servers.js';

const CHAT_BODY = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });

/** A chat request whose headers promise a body that has not arrived yet. */
function chatHeaders(length: number): string {
  return `POST /chat/stream HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
}

describe('chat admission', () => {
  it('reserves a chat slot before reading the body, so stalled uploads count against maxChatStreams', async () => {
    const { server, url } = await startServer({ maxChatStreams: 2 });
    const stalled = await Promise.all([openRawSocket(url), openRawSocket(url)]);
    for (const raw of stalled) raw.write(chatHeaders(CHAT_BODY.length) + CHAT_BODY.slice(0, 5));
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(2));

    const refused = await fetch(`${url}chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: CHAT_BODY,
    });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_streams' } });

    // A stalled upload that finishes gets its reply in the slot it held.
    stalled[0]!.write(CHAT_BODY.slice(5));
    await vi.waitFor(() => expect(stalled[0]!.received()).toContain('data: [DONE]'), { timeout: 5000 });
  });

  it('frees the slot of an upload whose client goes away', async () => {
    const { server, url } = await startServer({ maxChatStreams: 1 });
    const raw = await openRawSocket(url);
    raw.write(chatHeaders(CHAT_BODY.length) + CHAT_BODY.slice(0, 5));
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(1));
    raw.socket.destroy();
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(0));
    const ok = await fetch(`${url}chat/stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: CHAT_BODY });
    expect(ok.status).toBe(200);
    await ok.text();
  });

  it('limits chat bodies to maxChatBodyBytes, far below the publish limit', async () => {
    const { url } = await startServer({ maxChatBodyBytes: 1024 });
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(2000) }] });
    const response = await fetch(`${url}chat/stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('has a default chat body limit of 64 KiB', async () => {
    const { url } = await startServer();
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(65 * 1024) }] });
    const response = await fetch(`${url}chat/stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(response.status).toBe(413);
  });

  it('logs a client that aborts mid-upload as one quiet line, not as an error with a stack trace', async () => {
    const onError = vi.fn();
    const log = vi.fn();
    const { server, url } = await startServer({ onError, log });
    const raw = await openRawSocket(url);
    raw.write(chatHeaders(1000) + CHAT_BODY.slice(0, 5));
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(1));
    raw.socket.destroy();
    await vi.waitFor(() => expect(log).toHaveBeenCalledTimes(1));
    await sleep(50);
    expect(onError).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0]?.[0]);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/client closed .*POST \/chat\/stream/);
  });

  it('refuses a chat whose body completes after stop() began, instead of opening a stream that is cut', async () => {
    const { server, url } = await startServer({ shutdownGraceMs: 1500 });
    const raw = await openRawSocket(url);
    raw.write(chatHeaders(CHAT_BODY.length) + CHAT_BODY.slice(0, 5));
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(1));

    const stopped = server.stop();
    await sleep(20);
    raw.write(CHAT_BODY.slice(5));
    const text = await raw.closed;
    await stopped;
    const status = /^HTTP\/1\.1 (\d+)/.exec(text)?.[1];
    if (status === '200') {
      // A stream was opened after all: it must end with an error event, never silently.
      const events = parseSse(text.slice(text.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/g, ''));
      expect(events.at(-1)?.type).toBe('error');
    } else {
      expect(status).toBe('503');
      expect(text).toContain('"shutting_down"');
    }
  });
});

describe('connection limits', () => {
  it('closes connections over maxConnections before reading a byte, and counts them', async () => {
    const { server, url } = await startServer({ maxConnections: 3 });
    const open = await Promise.all([1, 2, 3].map(() => openRawSocket(url)));
    await vi.waitFor(() => expect(server.stats().connections).toBe(3));
    const extra = await openRawSocket(url);
    expect(await extra.closed).toBe('');
    expect(server.stats().refusedConnections).toBe(1);
    // The others are untouched and still served.
    open[0]!.write('GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n');
    await vi.waitFor(() => expect(open[0]!.received()).toMatch(/^HTTP\/1\.1 200/));
  });

  it('closes connections over maxConnectionsPerIp from one address', async () => {
    const { server, url } = await startServer({ maxConnectionsPerIp: 2, maxConnections: 100 });
    await Promise.all([1, 2].map(() => openRawSocket(url)));
    await vi.waitFor(() => expect(server.stats().connections).toBe(2));
    const extra = await openRawSocket(url);
    expect(await extra.closed).toBe('');
    expect(server.stats().refusedConnections).toBe(1);
  });

  // A dual-stack listener (host '::') sees IPv4 peers as ::ffff:a.b.c.d. Each must count as its
  // own IPv4 client, not as a member of ::/64 (where ::1 also is); ::1 still has its own cap.
  it('counts IPv4 peers of a dual-stack listener by their own address, apart from ::1', async () => {
    const { server, url } = await startServer({ host: '::', maxConnectionsPerIp: 1, maxConnections: 100 });
    const port = new URL(url).port;
    const from = (local: string, host: string): Promise<RawSocket> => openRawSocket(`http://${host}:${port}/`, local);
    await Promise.all([from('::1', '[::1]'), from('127.0.0.1', '127.0.0.1'), from('127.0.0.2', '127.0.0.1')]);
    await vi.waitFor(() => expect(server.stats().connections).toBe(3));
    expect(server.stats().refusedConnections).toBe(0);
    const extra = await from('::1', '[::1]');
    expect(await extra.closed).toBe('');
    expect(server.stats().refusedConnections).toBe(1);
  });

  // The share must come back when a connection closes under every kind of address: the close
  // handler once read the raw address ('::ffff:127.0.0.1', '::1') while the open counted its key
  // ('127.0.0.1', '0:0:0:0::/64'), so each such connection held its share for ever and the
  // address was refused after maxConnectionsPerIp connections in the server's life.
  it('gives an address its share back when its connections close, IPv4-mapped and IPv6 alike', async () => {
    const { server, url } = await startServer({ host: '::', maxConnectionsPerIp: 1, maxConnections: 100 });
    const port = new URL(url).port;
    for (const host of ['127.0.0.1', '[::1]']) {
      for (let round = 0; round < 3; round += 1) {
        const raw = await openRawSocket(`http://${host}:${port}/`);
        raw.write('GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
        expect(await raw.closed).toMatch(/^HTTP\/1\.1 200/);
        await vi.waitFor(() => expect(server.stats().connections).toBe(0));
      }
    }
    expect(server.stats().refusedConnections).toBe(0);
  });

  // Behind one reverse proxy every client has the proxy's address: the per-address cap must be
  // switchable off, or client 1,001 is reset (a 502 that EventSource does not retry).
  it('accepts any number of connections from one address with maxConnectionsPerIp 0 (off)', async () => {
    const { server, url } = await startServer({ maxConnectionsPerIp: 0, maxConnections: 4 });
    const open = await Promise.all([1, 2, 3, 4].map(() => openRawSocket(url)));
    await vi.waitFor(() => expect(server.stats().connections).toBe(4));
    expect(server.stats().refusedConnections).toBe(0);
    open[3]!.write('GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n');
    await vi.waitFor(() => expect(open[3]!.received()).toMatch(/^HTTP\/1\.1 200/));
    // maxConnections still applies.
    const extra = await openRawSocket(url);
    expect(await extra.closed).toBe('');
    expect(server.stats().refusedConnections).toBe(1);
  });

  it('closes a connection whose headers do not arrive within headersTimeoutMs (slowloris)', async () => {
    const { url } = await startServer({ headersTimeoutMs: 300 });
    const raw = await openRawSocket(url);
    raw.write('GET /healthz HTTP/1.1\r\nHost: test\r\n');
    const trickle = setInterval(() => raw.write('X-Slow: 1\r\n'), 50);
    const started = Date.now();
    const text = await raw.closed;
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('closes a body that trickles in slower than requestTimeoutMs (slowloris body), freeing its chat slot', async () => {
    const { server, url } = await startServer({ headersTimeoutMs: 300, requestTimeoutMs: 600, maxChatStreams: 1 });
    const raw = await openRawSocket(url);
    raw.write(chatHeaders(CHAT_BODY.length) + CHAT_BODY.slice(0, 1));
    let at = 1;
    const trickle = setInterval(() => {
      if (at < CHAT_BODY.length - 1) raw.write(CHAT_BODY.slice(at, ++at));
    }, 100);
    const text = await raw.closed;
    clearInterval(trickle);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(0));
  });

  it('sets the HTTP timeouts explicitly, keep-alive above common load balancer idle timeouts', async () => {
    const { server } = await startServer();
    expect(server.httpServer.keepAliveTimeout).toBe(65_000);
    expect(server.httpServer.headersTimeout).toBe(20_000);
    expect(server.httpServer.requestTimeout).toBe(30_000);
  });
});

describe('chat models that hang', () => {
  it('holds its slot until the reply ends, so a hanging model cannot open unbounded streams', async () => {
    const hanging: ChatModel = {
      async *stream(_messages, signal) {
        yield 'first ';
        await sleep(60_000, undefined, { signal });
      },
    };
    const { server, url } = await startServer({ maxChatStreams: 1, model: hanging });
    const abort = new AbortController();
    const first = await fetch(`${url}chat/stream`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: CHAT_BODY, signal: abort.signal });
    expect(first.status).toBe(200);
    expect(server.stats().chatStreams).toBe(1);
    abort.abort();
    await vi.waitFor(() => expect(server.stats().chatStreams).toBe(0));
  });
});
