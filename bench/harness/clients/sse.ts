import { request } from 'node:http';
import { connect } from 'node:net';
import { BENCH_ROOM, PUBLISH_TOKEN } from '../servers/server-setup.js';
import { withTimeout, type ConnectPublisher, type ConnectSubscriber } from './client-api.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** GET /events on a connection of its own (HTTP/1.1, no agent pooling). */
export const connectSseSubscriber: ConnectSubscriber = (port, _name, handlers) => {
  const req = request({ host: '127.0.0.1', port, path: '/events', agent: false, headers: { Accept: 'text/event-stream' } });
  const opened = new Promise<{ close(): void }>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`GET /events answered ${res.statusCode}`));
        return;
      }
      req.removeAllListeners('error');
      req.on('error', () => {});
      res.on('error', () => {});
      // Events are cut at blank lines; a chunk may end inside one, so the tail waits for the next.
      let pending = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => {
        const text = pending + chunk;
        const end = text.lastIndexOf('\n\n');
        if (end === -1) {
          pending = text;
          return;
        }
        pending = text.slice(end + 2);
        handlers.onText(text.slice(0, end + 2));
      });
      res.on('close', () => handlers.onClose());
      resolve({ close: () => req.destroy() });
    });
    req.end();
  });
  return withTimeout(opened, CONNECT_TIMEOUT_MS, `GET /events did not answer within ${CONNECT_TIMEOUT_MS} ms`).catch((error: unknown) => {
    req.destroy();
    throw error;
  });
};

/**
 * POST /publish, one event per request as the starter's README shows, pipelined on one
 * keep-alive HTTP/1.1 connection: each request is written when its event is due, without
 * waiting for the previous answer (Node's own client would wait, and its round trip, not the
 * server, would set the pace). Node's server answers pipelined requests in order, so events
 * reach it in sequence order. Answers are read back (status line and Content-Length) to count
 * refusals.
 */
export const connectSsePublisher: ConnectPublisher = async (port) => {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  let failures = 0;
  let outstanding = 0;
  let broken = false;
  socket.on('error', () => (broken = true));
  socket.on('close', () => {
    broken = true;
    failures += outstanding;
    outstanding = 0;
  });
  let pending = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (;;) {
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const head = pending.slice(0, headEnd);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
      if (!Number.isFinite(length)) {
        // Not a response this reader understands (chunked): stop counting rather than guess.
        broken = true;
        socket.destroy();
        return;
      }
      if (pending.length < headEnd + 4 + length) return;
      pending = pending.slice(headEnd + 4 + length);
      outstanding -= 1;
      if (!head.startsWith('HTTP/1.1 202')) failures += 1;
    }
  });
  const head = (length: number): string =>
    `POST /publish HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${PUBLISH_TOKEN}\r\nContent-Length: ${length}\r\n\r\n`;
  let corked = false;
  return {
    publish(text) {
      if (broken) {
        failures += 1;
        return;
      }
      const body = JSON.stringify({ event: BENCH_ROOM, data: text });
      outstanding += 1;
      // Requests due in the same turn leave in one write.
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(() => {
          corked = false;
          socket.uncork();
        });
      }
      socket.write(head(Buffer.byteLength(body)) + body);
    },
    get failures() {
      return failures;
    },
    get outstanding() {
      return outstanding;
    },
    close: async () => void socket.destroy(),
  };
};
