import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientHttp2Stream, connect, createServer as createH2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryHub } from '../src/event-hub.js';
import { createServer } from '../src/server.js';

const EVENT = 'x'.repeat(8 * 1024);

describe('mounted on an HTTP/2 server', () => {
  it('cuts a stream whose reader stopped, not the session, and not the other streams on it', async () => {
    const sse = createServer({
      feedIntervalMs: 0,
      keepAliveMs: 0,
      slowSubscriberTimeoutMs: 200,
      hub: createMemoryHub({ replayBuffer: 64, firstId: 1 }),
      onError: () => {},
    });
    sse.open();
    const h2 = createH2Server();
    h2.on('request', (req, res) => {
      if (!sse.handleRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const { port } = h2.address() as AddressInfo;
    const session = connect(`http://127.0.0.1:${port}`);
    session.on('error', () => {});
    onTestFinished(async () => {
      session.destroy();
      await sse.close();
      await new Promise((resolve) => h2.close(resolve));
    });

    const open = (): ClientHttp2Stream => {
      const stream = session.request({ ':path': '/events' });
      stream.on('error', () => {});
      return stream;
    };
    // One session, two streams: HTTP/2 flow control stops only the stream nobody reads.
    const slow = open();
    slow.pause();
    const fast = open();
    let fastBytes = 0;
    let fastText = '';
    fast.on('data', (chunk: Buffer) => {
      fastBytes += chunk.length;
      fastText = (fastText + chunk.toString('latin1')).slice(-256);
    });
    await vi.waitFor(() => expect(sse.stats().subscribers).toBe(2));

    let published = 0;
    while (sse.stats().subscribers === 2 && published < 5000) {
      sse.publish('big', EVENT);
      published += 1;
      await nextTurn();
      if (published % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Cut within a bounded number of events, the reader's window (64 KiB) and socket buffers.
    expect(sse.stats().subscribers).toBe(1);
    expect(published).toBeLessThan(5000);

    sse.publish('after', { still: 'here' });
    await vi.waitFor(() => expect(fastText).toContain('event: after'), { timeout: 5000 });
    expect(fastBytes).toBeGreaterThan(published * EVENT.length);
    expect(session.destroyed).toBe(false);
  });
});
