import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCid, startDemo, type RunningDemo } from './demo-process.js';

// A GET that declares a body (Content-Length) and never sends it: its event stream starts at
// once, and the server's 30 s requestTimeout later fires on a socket whose response is already
// under way. The server once wrote a raw "HTTP/1.1 408" there, which a reader got inside its
// event stream as if it were data. Now such a socket is cut (destroyed), never written to.

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.stop();
});

describe('the request timeout during a response', () => {
  it('never writes a status line into a started event stream; the socket is cut instead', { timeout: 60_000 }, async () => {
    const port = Number(new URL(demo.url).port);
    const { text, closedBy } = await new Promise<{ text: string; closedBy: 'server' | 'test' }>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.write(`GET /demos/sse/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nx-demo-cid: ${newCid()}\r\nContent-Length: 10\r\n\r\n`);
      });
      let text = '';
      let closedBy: 'server' | 'test' = 'server';
      socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
      socket.on('error', () => undefined);
      // requestTimeout is 30 s, checked every second: 45 s leaves a loaded machine room.
      const timer = setTimeout(() => {
        closedBy = 'test';
        socket.destroy();
      }, 45_000);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ text, closedBy });
      });
    });
    expect(text.startsWith('HTTP/1.1 200')).toBe(true);
    // The stream ran: the feed publishes every 500 ms.
    expect(text).toContain('event: temperature');
    // No status line anywhere after the first one.
    expect(text.indexOf('HTTP/1.1', 1)).toBe(-1);
    // The server ended it (the timeout cut the socket) rather than leaving it open forever.
    expect(closedBy).toBe('server');
  });
});
