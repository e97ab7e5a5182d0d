import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SseStream } from '../src/sse-stream.js';

/**
 * SseStream allocates its AbortController, close promise and waiter list only when asked (an
 * idle subscriber never needs them): what a caller sees must not depend on when it asked.
 * Real sockets: a node:http server and a client that disconnects.
 */
async function openStream(): Promise<{ stream: SseStream; res: ServerResponse; disconnect(): void; stop(): Promise<void> }> {
  let resolveStream!: (value: { stream: SseStream; res: ServerResponse }) => void;
  const opened = new Promise<{ stream: SseStream; res: ServerResponse }>((resolve) => (resolveStream = resolve));
  const server = createServer((_req, res) => resolveStream({ stream: new SseStream(res, { retryMs: 1000, slowTimeoutMs: 5000 }), res }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = request({ port: (server.address() as AddressInfo).port, path: '/events' });
  client.on('error', () => {});
  client.end();
  const { stream, res } = await opened;
  return {
    stream,
    res,
    disconnect: () => client.destroy(),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('SseStream state made on first use', () => {
  it('aborts a signal asked for before the close, and one asked for only after it, with the same reason', async () => {
    const early = await openStream();
    const signal = early.stream.signal;
    expect(signal.aborted).toBe(false);
    early.disconnect();
    await early.stream.whenClosed();
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('event stream closed');
    await early.stop();

    const late = await openStream();
    late.disconnect();
    await late.stream.whenClosed();
    expect(late.stream.signal.aborted).toBe(true);
    expect((late.stream.signal.reason as Error).message).toBe('event stream closed');
    await late.stop();
  });

  it('keeps the first reason: ended, then closed', async () => {
    const { stream, stop } = await openStream();
    stream.end();
    await stream.whenClosed();
    expect((stream.signal.reason as Error).message).toBe('event stream ended');
    await stop();
  });

  it('calls every onClose listener once, in order, and at once when added after the close', async () => {
    const { stream, disconnect, stop } = await openStream();
    const calls: string[] = [];
    stream.onClose(() => calls.push('a'));
    stream.onClose(() => calls.push('b'));
    stream.onClose(() => calls.push('c'));
    const closed = stream.whenClosed();
    disconnect();
    await closed;
    expect(calls).toEqual(['a', 'b', 'c']);
    stream.onClose(() => calls.push('late'));
    expect(calls).toEqual(['a', 'b', 'c', 'late']);
    await expect(stream.whenClosed()).resolves.toBeUndefined();
    expect(calls).toHaveLength(4);
    await stop();
  });

  it('shares one close listener between streams (no closure kept per idle subscriber), and each still closes its own', async () => {
    const first = await openStream();
    const second = await openStream();
    const shared = first.res.listeners('close').filter((listener) => second.res.listeners('close').includes(listener));
    expect(shared.length).toBeGreaterThan(0);
    first.disconnect();
    await first.stream.whenClosed();
    expect(first.stream.closed).toBe(true);
    expect(second.stream.closed).toBe(false);
    second.disconnect();
    await second.stream.whenClosed();
    await Promise.all([first.stop(), second.stop()]);
  });
});
