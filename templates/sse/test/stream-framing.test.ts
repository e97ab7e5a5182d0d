import { describe, expect, it } from 'vitest';
import { openRawSocket } from './helpers/raw-socket.js';
import { startServer, waitUntil } from './helpers/servers.js';

// GET /events goes out without chunked framing (src/sse-stream.ts, closeDelimited): its bytes
// on the wire are the event stream itself, and the connection's close ends it. Read here on a
// raw socket, since fetch would decode either framing alike.
describe('event stream framing on HTTP/1.1', () => {
  it('sends GET /events unframed, delimited by the close: Connection: close, no Transfer-Encoding, events byte for byte', async () => {
    const { server, url } = await startServer();
    const raw = await openRawSocket(url);
    raw.write('GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n');
    await waitUntil(() => raw.received().includes('\r\n\r\n') && raw.received().endsWith('\n\n'), 3000, 'the opening');
    const [head = '', opening = ''] = raw.received().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/\r\nConnection: close(\r\n|$)/i);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(head).not.toMatch(/content-length/i);
    expect(opening).toMatch(/^retry: \d+\nid: \d+\n\n$/);

    const event = server.hub.publish('tick', { n: 1 });
    await waitUntil(() => raw.received().includes('data: {"n":1}\n\n'), 3000, 'the event');
    expect(raw.received().endsWith(`id: ${event.id}\nevent: tick\ndata: {"n":1}\n\n`)).toBe(true);

    // The server's stop ends the stream: the connection closes, nothing after the last event.
    const stopped = server.stop();
    const all = await raw.closed;
    await stopped;
    expect(all.endsWith('\n\n')).toBe(true);
  });

  it('keeps chunked framing on POST /chat/stream, whose end (after each answer) a client must see', async () => {
    const { url } = await startServer();
    const raw = await openRawSocket(url);
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] });
    raw.write(`POST /chat/stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    // The terminating zero-length chunk: the answer is complete and the connection stays open.
    await waitUntil(() => raw.received().endsWith('\r\n0\r\n\r\n'), 5000, 'the end of the answer');
    const head = raw.received().split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/\r\nTransfer-Encoding: chunked(\r\n|$)/i);
    expect(raw.socket.destroyed).toBe(false);
  });
});
