import { describe, expect, it } from 'vitest';
import { openRawSocket } from './helpers/raw-socket.js';
import { startServer, waitUntil } from './helpers/servers.js';

const TOKEN = 'review-token-0123456789';

// Review of 954105e (GET /events close-delimited, `Connection: close`). RFC 9112 §9.6: a server
// that sends "close" SHOULD NOT process further requests received on that connection. Node's
// server still dispatches a request pipelined behind GET /events; with chunked framing its
// response was written after the stream ended (stop()), now the socket closes after the stream
// and the response is dropped: a POST /publish the server executed is never answered, so a
// client that retries it publishes twice. FAILS on 954105e; fixed on this branch (isQueuedBehindEventStream).
describe('a request pipelined behind GET /events', () => {
  it('is either answered or not executed', async () => {
    const { server, url } = await startServer({ publishToken: TOKEN });
    const raw = await openRawSocket(url);
    const body = JSON.stringify({ event: 'message', data: { n: 1 } });
    raw.write(
      'GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n' +
        `POST /publish HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await waitUntil(() => raw.received().includes('\n\n'), 3000, 'the opening');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const executed = server.hub.lastId >= 1;
    await server.stop();
    const all = await raw.closed;
    const answered = /HTTP\/1\.1 202 /.test(all);
    expect({ executed, answered }).not.toEqual({ executed: true, answered: false });
  });
});
