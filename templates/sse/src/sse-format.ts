/**
 * The text/event-stream wire format, produced as Buffers so that one event is encoded once
 * and the same bytes are written to every subscriber.
 */

/**
 * Event names become an `event:` line, so a CR or LF in one would let a publisher inject
 * fields (a fake `id:`, say). We accept only a conservative token.
 */
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

export function isSafeEventName(name: string): boolean {
  return EVENT_NAME.test(name);
}

export interface SseFields {
  /**
   * Becomes `id:`; the client echoes it back as Last-Event-ID when it reconnects. A string only
   * from a parsed Redis Stream id (Redis mode): it must never hold a line break.
   */
  id?: number | string;
  /** Becomes `event:`; omitted means the client dispatches a plain `message`. */
  event?: string;
  /** Any text; each line becomes its own `data:` line, so multi-line text survives. */
  data: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

export function formatEvent({ id, event, data }: SseFields): Buffer {
  let text = '';
  if (id !== undefined) text += `id: ${id}\n`;
  if (event !== undefined) {
    if (!isSafeEventName(event)) throw new TypeError(`unsafe SSE event name: ${JSON.stringify(event)}`);
    text += `event: ${event}\n`;
  }
  for (const line of data.split(LINE_BREAK)) text += `data: ${line}\n`;
  return Buffer.from(`${text}\n`, 'utf8');
}

/**
 * The first block of an event stream: `retry:` tells EventSource how long to wait before
 * reconnecting, and `id:` (when given) sets its Last-Event-ID at once. A block with an id and
 * no data dispatches no event but still moves the cursor (WHATWG HTML, "dispatch the event",
 * step 1), so a client that drops before the first event resumes from where it joined.
 */
export function formatOpening(retryMs: number, id?: number): Buffer {
  const cursor = id === undefined ? '' : `id: ${id}\n`;
  return Buffer.from(`retry: ${Math.trunc(retryMs)}\n${cursor}\n`, 'utf8');
}

/**
 * A per-connection `retry:` spread evenly over [retryMs / 2, 3 * retryMs / 2): after a restart
 * (every stream ends at once) clients come back spread over a whole retryMs, not in the same
 * millisecond. `random` is injectable for tests.
 */
export function jitteredRetry(retryMs: number, random: () => number = Math.random): number {
  return Math.floor(retryMs / 2 + random() * retryMs);
}

/**
 * A comment line keeps idle connections alive through proxies and load balancers that close
 * quiet sockets; clients ignore it.
 */
export const KEEP_ALIVE_FRAME: Buffer = Buffer.from(': keep-alive\n\n', 'utf8');
