import { get, type IncomingMessage } from 'node:http';
import { createSseParser, type SseEvent } from '../../public/sse-parser.js';

export interface EventStreamClient {
  readonly response: IncomingMessage;
  readonly events: SseEvent[];
  readonly comments: string[];
  readonly retries: number[];
  /** Everything received, as text. */
  raw(): string;
  /**
   * 'end' when the response completed, 'error' when it was cut. GET /events is close-delimited on
   * HTTP/1.1 (src/sse-stream.ts, closeDelimited): there a cut also reads as 'end', so 'end' only
   * says the connection closed, not that stop() ended the stream rather than destroying it.
   */
  readonly finished: Promise<'end' | 'error'>;
  /** Resolves once `count` events have arrived. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves once `check` holds, re-checked after every chunk. */
  waitFor(check: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  lastEventId(): string;
  close(): void;
}

/** A GET /events client on node:http with the shared parser: real sockets, exact bytes. */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const retries: number[] = [];
      const chunks: Buffer[] = [];
      const waiters = new Set<() => void>();
      const parser = createSseParser({
        onEvent: (event) => events.push(event),
        onComment: (text) => comments.push(text),
        onRetry: (ms) => retries.push(ms),
      });
      const finished = new Promise<'end' | 'error'>((settle) => {
        response.once('end', () => settle('end'));
        response.once('error', () => settle('error'));
        response.once('close', () => settle(response.complete ? 'end' : 'error'));
      });
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        parser.push(chunk);
        for (const waiter of waiters) waiter();
      });
      void finished.then(() => {
        for (const waiter of waiters) waiter();
      });

      const waitFor = (check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> =>
        new Promise((done, fail) => {
          if (check()) {
            done();
            return;
          }
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            fail(new Error(`timed out waiting for ${what}; got ${events.length} events`));
          }, timeoutMs);
          const waiter = () => {
            if (!check()) return;
            clearTimeout(timer);
            waiters.delete(waiter);
            done();
          };
          waiters.add(waiter);
        });

      resolve({
        response,
        events,
        comments,
        retries,
        finished,
        raw: () => Buffer.concat(chunks).toString('utf8'),
        waitFor,
        waitForEvents: async (count, timeoutMs) => {
          await waitFor(() => events.length >= count, timeoutMs, `${count} events`);
          return events.slice(0, count);
        },
        lastEventId: () => parser.lastEventId(),
        close: () => request.destroy(),
      });
    });
    request.once('error', reject);
  });
}

export function ids(events: readonly SseEvent[]): number[] {
  return events.map((event) => Number(event.lastEventId));
}
