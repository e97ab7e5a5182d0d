import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { BENCH_ROOM, PUBLISH_TOKEN } from '../servers/server-setup.js';
import { withTimeout, type ConnectPublisher, type ConnectSubscriber } from './client-api.js';
import { readEventBlocks, sseTextHandler } from './sse.js';

/** SSE over cleartext HTTP/2 (--sse-h2): the counterparts of sse.ts's HTTP/1.1 clients. */

const CONNECT_TIMEOUT_MS = 10_000;
const { HTTP2_HEADER_METHOD, HTTP2_HEADER_PATH, HTTP2_HEADER_STATUS } = constants;

function openSession(port: number): ClientHttp2Session {
  const session = connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {});
  return session;
}

/** GET /events on an HTTP/2 connection of its own. */
export const connectSseH2Subscriber: ConnectSubscriber = (port, _name, handlers) => {
  const session = openSession(port);
  const opened = new Promise<{ close(): void }>((resolve, reject) => {
    const stream = session.request({ [HTTP2_HEADER_METHOD]: 'GET', [HTTP2_HEADER_PATH]: '/events', accept: 'text/event-stream' }, { endStream: true });
    stream.once('error', reject);
    stream.once('response', (headers) => {
      const status = Number(headers[HTTP2_HEADER_STATUS]);
      if (status !== 200) {
        reject(new Error(`GET /events over HTTP/2 answered ${status}`));
        return;
      }
      stream.removeAllListeners('error');
      stream.on('error', () => {});
      readEventBlocks(stream, sseTextHandler(handlers));
      stream.on('close', () => handlers.onClose());
      resolve({ close: () => session.destroy() });
    });
  });
  return withTimeout(opened, CONNECT_TIMEOUT_MS, `GET /events over HTTP/2 did not answer within ${CONNECT_TIMEOUT_MS} ms`).catch((error: unknown) => {
    session.destroy();
    throw error;
  });
};

/**
 * POST /publish, one event per request, each a stream of one HTTP/2 connection: sent when due
 * without waiting for earlier answers (HTTP/2 multiplexes them; the server handles a
 * connection's streams in the order they open). Non-202 answers count as refusals.
 */
export const connectSseH2Publisher: ConnectPublisher = async (port) => {
  const session = openSession(port);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      session.once('connect', () => resolve());
      session.once('error', reject);
    }),
    CONNECT_TIMEOUT_MS,
    `no HTTP/2 connection within ${CONNECT_TIMEOUT_MS} ms`,
  );
  let failures = 0;
  let outstanding = 0;
  return {
    publish(text) {
      if (session.closed || session.destroyed) {
        failures += 1;
        return;
      }
      const body = JSON.stringify({ event: BENCH_ROOM, data: text });
      outstanding += 1;
      const stream = session.request({
        [HTTP2_HEADER_METHOD]: 'POST',
        [HTTP2_HEADER_PATH]: '/publish',
        'content-type': 'application/json',
        authorization: `Bearer ${PUBLISH_TOKEN}`,
      });
      let answered = false;
      const settle = (ok: boolean): void => {
        if (answered) return;
        answered = true;
        outstanding -= 1;
        if (!ok) failures += 1;
      };
      stream.on('response', (headers) => settle(Number(headers[HTTP2_HEADER_STATUS]) === 202));
      stream.on('error', () => settle(false));
      stream.on('close', () => settle(false));
      stream.resume();
      stream.end(body);
    },
    get failures() {
      return failures;
    },
    get outstanding() {
      return outstanding;
    },
    close: async () => void session.destroy(),
  };
};
