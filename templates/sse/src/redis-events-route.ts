import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.js';
import type { ResetData } from './events-route.js';
import { RESET_EVENT } from './publish-rules.js';
import type { RedisStore } from './redis-store.js';
import { parseStreamId, type StreamPosition } from './redis-stream-id.js';
import type { StreamEntry } from './redis-stream-reply.js';
import { formatEvent, jitteredRetry } from './sse-format.js';
import { SseStream } from './sse-stream.js';
import type { StreamSet } from './stream-set.js';

export interface RedisEventsRouteOptions {
  store: RedisStore;
  streams: StreamSet;
  retryMs: number;
  slowSubscriberTimeoutMs: number;
  maxSubscribers: number;
  /** Entries read from Redis per request when a client is behind the local mirror. */
  readBatch: number;
  /**
   * And at most this many bytes of them (at least one entry): what such a client holds while
   * its socket is full, until it drains or is dropped as slow.
   */
  readBatchBytes: number;
}

/** A memory-mode id (decimal): well-formed, but not one this mode issues. */
const MEMORY_MODE_ID = /^\d{1,16}$/;

/**
 * GET /events in Redis mode: the same stream as memory mode (`retry:`, `id:`, an optional
 * `reset`, missed events, live events), with Redis Stream ids (`<ms>-<seq>`) as event ids, so
 * any instance can resume any client.
 *
 * A subscriber is a cursor (the id of the last entry it was sent). While the cursor lies within
 * the local mirror it is fed from there, the frames encoded once by this instance's one reader.
 * When it lies before the mirror (a client from another instance, or one that fell behind), the
 * entries after it are read from Redis in bounded slices until the cursor reaches the mirror
 * again. The seam is the cursor itself: every entry sent moves it, and the mirror is asked for
 * the first entry after it, so neither a gap nor a duplicate can occur between the two sources.
 * A cursor ahead of the mirror (this instance's reader has not yet got what another instance
 * already sent) waits: entries at or below it are never sent.
 */
export function handleRedisEvents(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  { store, streams, retryMs, slowSubscriberTimeoutMs, maxSubscribers, readBatch, readBatchBytes }: RedisEventsRouteOptions,
): void {
  // Without Redis this instance can neither check a Last-Event-ID nor hear new events: a 200
  // would be a stream that stays silent until Redis is back. 503, as /healthz answers now, lets
  // the load balancer retry the request on another instance (nginx: proxy_next_upstream
  // http_503), and the page's client retry after a backoff. Streams already open stay open and
  // go on once Redis is back.
  if (!store.healthy) {
    throw new HttpError('store_unavailable', 'Redis is unavailable: this instance cannot serve the event stream now. Retry later.', {
      'Retry-After': String(Math.max(1, Math.ceil(retryMs / 1000))),
    });
  }
  if (streams.size >= maxSubscribers) {
    throw new HttpError('too_many_streams', undefined, { 'Retry-After': String(Math.ceil(retryMs / 1000)) });
  }
  const mirror = store.mirror;
  const header = req.headers['last-event-id'];
  const lastEventId = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? undefined;

  let cursor: StreamPosition = mirror.last;
  let pendingReset: ResetData | undefined;
  let mustRead = false;
  /** The first read checks that Redis holds the client's id (see above). */
  let checkIssued = false;
  if (lastEventId !== undefined && lastEventId !== '') {
    const seen = parseStreamId(lastEventId.trim());
    if (seen === undefined) {
      // Garbage, or an id from memory mode (before REDIS_URL was set): start at the head and say so.
      const reason = MEMORY_MODE_ID.test(lastEventId.trim()) ? 'unknown' : 'malformed';
      pendingReset = { reason, missed: null, lastEventId };
    } else {
      cursor = seen;
      // Within the mirror, or ahead of it: served locally. Older: Redis has to answer first.
      mustRead = seen.key < mirror.base.key;
      // Ahead of what Redis holds? Checked with Redis too, or a made-up id would wait forever.
      if (seen.key > mirror.last.key) mustRead = true;
      // An id of the right form inside the stream's range that the stream never had (another
      // stream's, a made-up one) means no position here: Redis confirms before anything is sent.
      if (seen.key !== 0n && !mirror.has(seen.key)) mustRead = true;
      checkIssued = seen.key !== 0n;
    }
  }

  // A reset carries the cursor in the reset event; otherwise the opening states it at once.
  const stream = new SseStream(res, {
    retryMs: jitteredRetry(retryMs),
    slowTimeoutMs: slowSubscriberTimeoutMs,
    closeDelimited: true,
  });
  if (pendingReset === undefined) stream.send(cursorFrame(cursor.id));
  else stream.send(resetFrame(cursor.id, pendingReset));

  let backlog: readonly StreamEntry[] = [];
  let backlogIndex = 0;
  let nextSeq: number | undefined;
  let reading = false;
  let finishAt: bigint | undefined;

  const read = (): void => {
    reading = true;
    nextSeq = undefined;
    const from = cursor;
    store.readAfter(from.id, readBatch, readBatchBytes).then(
      ({ first, last, entries, holds }) => {
        reading = false;
        if (stream.closed) return;
        const mustHold = checkIssued;
        checkIssued = false;
        if (entries.length === 0 && (last === undefined || from.key > last.key) && from.key > mirror.last.key) {
          // Newer than anything Redis holds: not an id anyone issued from this stream (or
          // Redis lost its data). Start from the head, and say so.
          const head = last !== undefined && last.key > mirror.last.key ? last : mirror.last;
          cursor = head;
          stream.send(resetFrame(head.id, { reason: 'unknown', missed: null, lastEventId: from.id }));
        } else if (first !== undefined && from.key < first.key) {
          // Older than the stream's first entry: what was between is trimmed away (MAXLEN).
          // How many is not known to anyone: Redis does not count what it trims.
          stream.send(resetFrame(from.id, { reason: 'expired', missed: null, lastEventId: from.id }));
        } else if (mustHold && !holds && first !== undefined && from.key > first.key) {
          // Inside the stream's range, but no entry there: not an id this stream issued (nor
          // one trimmed, which would be older than the first entry). Start from the head, and say so.
          const head = last !== undefined && last.key > mirror.last.key ? last : mirror.last;
          cursor = head;
          stream.send(resetFrame(head.id, { reason: 'unknown', missed: null, lastEventId: from.id }));
          backlog = [];
          backlogIndex = 0;
          pump();
          return;
        } else if (entries.length === 0 && mirror.isBefore(from.key)) {
          // Redis has nothing after the cursor but this instance has newer entries: Redis lost
          // data (restarted without persistence). Go on from the mirror's oldest entry and say so.
          cursor = mirror.base;
          stream.send(resetFrame(cursor.id, { reason: 'expired', missed: null, lastEventId: from.id }));
          backlog = [];
          backlogIndex = 0;
          nextSeq = mirror.firstSeq;
          pump();
          return;
        }
        backlog = entries;
        backlogIndex = 0;
        pump();
      },
      () => {
        reading = false;
        // Redis is unavailable: end the stream properly. EventSource reconnects after `retry:`
        // with its Last-Event-ID, to another instance or to this one once Redis is back.
        stream.end();
      },
    );
  };

  const pump = (): void => {
    if (reading) return;
    while (stream.writable) {
      if (backlogIndex < backlog.length) {
        const entry = backlog[backlogIndex++]!;
        if (entry.key <= cursor.key) continue;
        // Another writer's entry: skipped here exactly as the mirror skips it.
        if (entry.event !== undefined && entry.json !== undefined) {
          stream.send(formatEvent({ id: entry.id, event: entry.event, data: entry.json }));
        }
        cursor = entry;
        continue;
      }
      backlog = [];
      backlogIndex = 0;
      if (nextSeq === undefined) {
        const found = mirror.seqAfter(cursor.key);
        if (found === 'gap') {
          read();
          return;
        }
        nextSeq = found;
      }
      if (nextSeq > mirror.lastSeq) break;
      const entry = mirror.get(nextSeq);
      if (entry === undefined) {
        // Evicted before this client got it (a slow reader): Redis keeps at least as many.
        read();
        return;
      }
      nextSeq += 1;
      if (entry.lost === true) {
        // Redis lost what followed this position (see RedisMirror.markLoss): a reset, shared.
        if (entry.key >= cursor.key) {
          stream.send(entry.frame);
          cursor = entry;
        }
        continue;
      }
      if (entry.key <= cursor.key) continue;
      stream.send(entry.frame);
      cursor = entry;
    }
    if (finishAt !== undefined && cursor.key >= finishAt) stream.end();
  };

  stream.onWritable = pump;
  const unsubscribe = mirror.subscribe(pump);
  void stream.whenClosed().then(unsubscribe);
  streams.add(stream, () => {
    finishAt = mirror.last.key;
    pump();
  });
  if (mustRead) read();
  else pump();
}

/** A block with only an id: moves the client's Last-Event-ID without dispatching an event. */
function cursorFrame(id: string): Buffer {
  return Buffer.from(`id: ${id}\n\n`, 'utf8');
}

function resetFrame(id: string, data: ResetData): Buffer {
  return formatEvent({ id, event: RESET_EVENT, data: JSON.stringify(data) });
}
