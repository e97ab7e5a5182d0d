import { request } from 'node:http';
import { connect } from 'node:net';
import { BENCH_ROOM, PUBLISH_TOKEN } from '../servers/server-setup.js';
import { withTimeout, type ConnectPublisher, type ConnectSubscriber, type SubscriberHandlers } from './client-api.js';

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
      readEventBlocks(res, sseTextHandler(handlers));
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

/** The starter's default limits for one batch POST /publish: the harness stays within them. */
export const SSE_BATCH_LIMITS = { maxEvents: 250, maxBodyBytes: 1024 * 1024 } as const;

/**
 * POST /publish, pipelined on one keep-alive HTTP/1.1 connection: each request is written when
 * its events are due, without waiting for the previous answer (Node's own client would wait, and
 * its round trip, not the server, would set the pace). Node's server answers pipelined requests
 * in order, so events reach it in sequence order. Answers are read back (status line and
 * Content-Length) to count refusals.
 *
 * - `single`: one event per request, `{"event", "data"}`, as the starter's README shows first.
 * - `batch`: the events due in one tick of the schedule (the scheduler sends every due event in
 *   one synchronous loop) go out as one `{"events": [...]}` request, split only where a batch
 *   would pass the starter's default limits (SSE_BATCH_LIMITS), so no limit is raised.
 */
export function sseHttpPublisher(form: 'single' | 'batch'): ConnectPublisher {
  return async (port) => {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    let failures = 0;
    /** Events sent and not yet answered (a batch request counts each of its events). */
    let outstanding = 0;
    /** Events per request still unanswered, oldest first: answers come back in order. */
    const inFlight: number[] = [];
    let broken = false;
    socket.on('error', () => (broken = true));
    socket.on('close', () => {
      broken = true;
      failures += outstanding;
      outstanding = 0;
      inFlight.length = 0;
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
        const events = inFlight.shift() ?? 1;
        outstanding -= events;
        if (!head.startsWith('HTTP/1.1 202')) failures += events;
      }
    });
    const request = (body: string, events: number): void => {
      inFlight.push(events);
      outstanding += events;
      socket.write(
        `POST /publish HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${PUBLISH_TOKEN}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    };
    /** The batch being gathered this tick: each element already JSON. */
    let batch: string[] = [];
    let batchBytes = 0;
    const sendBatch = (): void => {
      if (batch.length === 0) return;
      if (broken) {
        failures += batch.length;
      } else {
          request(`{"events":[${batch.join(',')}]}`, batch.length);
      }
      batch = [];
      batchBytes = 0;
    };
    // Requests due in the same tick leave in one write; the tick's batch is sent just before.
    let corked = false;
    const cork = (): void => {
      if (corked) return;
      corked = true;
      socket.cork();
      process.nextTick(() => {
        sendBatch();
        corked = false;
        socket.uncork();
      });
    };
    return {
      publish(text) {
        if (broken) {
          failures += 1;
          return;
        }
        const element = JSON.stringify({ event: BENCH_ROOM, data: text });
        cork();
        if (form === 'single') {
          request(element, 1);
          return;
        }
        // 16 bytes: the {"events":[ ]} wrapper and a comma, with room to spare. The stamps are
        // ASCII, so characters are bytes.
        if (batch.length >= SSE_BATCH_LIMITS.maxEvents || batchBytes + element.length + 16 > SSE_BATCH_LIMITS.maxBodyBytes) sendBatch();
        batch.push(element);
        batchBytes += element.length + 1;
      },
      get failures() {
        return failures;
      },
      get outstanding() {
        return outstanding + batch.length;
      },
      close: async () => void socket.destroy(),
    };
  };
}

export const connectSsePublisher: ConnectPublisher = sseHttpPublisher('single');
export const connectSseBatchPublisher: ConnectPublisher = sseHttpPublisher('batch');

const RESET = 'event: reset\n';

/** onText, plus onReset for every `event: reset` the text carries (shared by HTTP/1.1 and HTTP/2). */
export function sseTextHandler(handlers: Pick<SubscriberHandlers, 'onText' | 'onReset'>): (text: string) => void {
  const { onText, onReset } = handlers;
  if (!onReset) return onText;
  return (text) => {
    onText(text);
    // A field starts a line: the text starts at an event's first line (readEventBlocks).
    for (let at = text.indexOf(RESET); at !== -1; at = text.indexOf(RESET, at + RESET.length)) if (at === 0 || text[at - 1] === '\n') onReset();
  };
}

/**
 * Hands `onText` whole events: the text up to the last blank line of what has arrived (a chunk
 * may end inside an event, so its tail waits for the next). Shared by the HTTP/1.1 and HTTP/2 readers.
 */
export function readEventBlocks(body: NodeJS.ReadableStream & { setEncoding(encoding: BufferEncoding): unknown }, onText: (text: string) => void): void {
  let pending = '';
  body.setEncoding('latin1');
  body.on('data', (chunk: string) => {
    const text = pending + chunk;
    const end = text.lastIndexOf('\n\n');
    if (end === -1) {
      pending = text;
      return;
    }
    pending = text.slice(end + 2);
    onText(text.slice(0, end + 2));
  });
}
