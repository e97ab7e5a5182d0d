import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The sse-h2 entry claims two things about Node's http2 compatibility API; this checks them on
 * the Node that runs the tests, over a real socket (h2c: browsers need TLS, the API is the same).
 */
describe('SSE over Node\'s http2 compatibility API', () => {
  let server: http2.Http2Server | undefined;
  let client: http2.ClientHttp2Session | undefined;

  afterEach(async () => {
    client?.close();
    if (server) await new Promise((done) => server!.close(done));
  });

  async function start(handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void) {
    server = http2.createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return client;
  }

  it('delivers each event as it is written, many streams on one connection', async () => {
    const session = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1\ndata: first\n\n');
      setTimeout(() => res.end('id: 2\ndata: second\n\n'), 100);
    });
    const streams = Array.from({ length: 8 }, () => session.request({ ':path': '/events' }));
    const firsts = await Promise.all(
      streams.map(async (stream) => {
        const [chunk] = (await once(stream, 'data')) as [Buffer];
        return chunk.toString();
      }),
    );
    // The first event arrives before the server has written the second one.
    expect(firsts).toEqual(Array(8).fill('id: 1\ndata: first\n\n'));
    await Promise.all(streams.map((s) => (s.resume(), once(s, 'end'))));
  });

  it('drops a Connection header with a warning instead of sending it', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const session = await start((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
        res.end('data: x\n\n');
      });
      const stream = session.request({ ':path': '/events' });
      const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
      stream.resume();
      await once(stream, 'end');
      expect(headers[':status']).toBe(200);
      expect(headers.connection).toBeUndefined();
      await new Promise((done) => setImmediate(done));
      expect(warnings).toContain('UnsupportedWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
