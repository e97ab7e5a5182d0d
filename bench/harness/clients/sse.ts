import { Agent, request } from 'node:http';
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
 * POST /publish, one event per request as the starter's README shows, over one keep-alive
 * connection (Node's client sends the next request once the previous one is answered; it does
 * not pipeline). Requests that are due while one is in flight wait in the agent's queue: their
 * latency still counts from their intended time.
 */
export const connectSsePublisher: ConnectPublisher = async (port) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let failures = 0;
  let outstanding = 0;
  return {
    publish(text) {
      const body = JSON.stringify({ event: BENCH_ROOM, data: text });
      outstanding += 1;
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/publish',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${PUBLISH_TOKEN}`, 'Content-Length': Buffer.byteLength(body) },
      });
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        outstanding -= 1;
        if (!ok) failures += 1;
      };
      req.on('error', () => settle(false));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => settle(res.statusCode === 202));
        res.on('error', () => settle(false));
      });
      req.end(body);
    },
    get failures() {
      return failures;
    },
    get outstanding() {
      return outstanding;
    },
    close: async () => agent.destroy(),
  };
};
