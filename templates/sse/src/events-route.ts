import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.js';
import type { EventHub } from './event-hub.js';
import { RESET_EVENT } from './publish-rules.js';
import { planResume, type ResetReason } from './resume.js';
import { formatEvent, jitteredRetry } from './sse-format.js';
import { SseStream } from './sse-stream.js';
import type { StreamSet } from './stream-set.js';
import type { TurnFanout } from './turn-fanout.js';

export interface EventsRouteOptions {
  hub: EventHub;
  /** The server's one fan-out of `hub`: wakes every subscriber once per turn (or write window). */
  fanout: TurnFanout;
  streams: StreamSet;
  retryMs: number;
  slowSubscriberTimeoutMs: number;
  maxSubscribers: number;
}

export { RESET_EVENT } from './publish-rules.js';

export interface ResetData {
  reason: ResetReason;
  /** How many events the client will never receive, or null when that cannot be known. */
  missed: number | null;
  /** The Last-Event-ID the client sent (or its position when it fell behind while connected). */
  lastEventId: string;
}

/**
 * GET /events: `retry:` and `id:`, an optional `reset`, the missed events, then live events.
 *
 * A subscriber is only a cursor (the last id it was sent) into the hub's replay buffer. The end
 * of each I/O turn in which events were published wakes it (src/turn-fanout.ts); it sends what
 * follows its cursor while its socket has room: the turn's frames joined once into runs shared
 * by every subscriber when it is up to date, else buffered frames one by one (the very Buffers
 * the hub encoded once). Replay and live delivery are the same loop, so a reconnecting client
 * gets every missed event in order, with no duplicates and no gap between the two.
 */
export function handleEvents(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  { hub, fanout, streams, retryMs, slowSubscriberTimeoutMs, maxSubscribers }: EventsRouteOptions,
): void {
  if (streams.size >= maxSubscribers) {
    throw new HttpError('too_many_streams', undefined, { 'Retry-After': String(Math.ceil(retryMs / 1000)) });
  }
  // The header wins: EventSource sends it on every reconnect, even if the page first put
  // ?lastEventId= in the URL (for clients that cannot set headers).
  const header = req.headers['last-event-id'];
  const lastEventId = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? undefined;
  const plan = planResume(lastEventId, hub);

  // A resuming stream states its cursor at once; a reset carries it in the reset event, and must
  // not before it, or a client that drops in between would resume without hearing of its loss.
  const stream = new SseStream(res, {
    retryMs: jitteredRetry(retryMs),
    cursor: plan.kind === 'resume' ? plan.cursor : undefined,
    slowTimeoutMs: slowSubscriberTimeoutMs,
    closeDelimited: true,
  });
  let cursor = plan.cursor;
  if (plan.kind === 'reset') {
    stream.send(resetFrame(cursor, { reason: plan.reason, missed: plan.missed, lastEventId: plan.lastEventId }));
  }

  // Set at shutdown: the last id this subscriber must still be sent before its stream ends.
  let finishAt: number | undefined;

  // Written as the stream's onWritable in the same expression, not as `const pump = () => ...`:
  // tsx (npm run dev, and the bench, which runs this source) compiles with esbuild's keepNames,
  // which gives a const-named arrow a `name` property of its own: a 256-byte property dictionary
  // per idle subscriber (bench/heap-diff.ts), more than the raw writer's whole margin to 1.2x.
  const pump = (stream.onWritable = (): void => {
    while (cursor < hub.lastId && stream.writable) {
      // Up to date with this turn's events (or at a run's start): one shared Buffer for many
      // frames. A run starts exactly at cursor + 1, so it is exactly the frames that follow.
      const run = fanout.runAt(cursor + 1);
      if (run !== undefined) {
        stream.send(run.bytes);
        cursor = run.lastId;
        continue;
      }
      // Inside a run (it connected mid-turn): the run's own events, which the hub may have evicted.
      const next = hub.get(cursor + 1) ?? fanout.eventAt(cursor + 1);
      if (next === undefined) {
        // This client was too slow for the replay buffer: say what it lost, then go on from
        // the oldest event still kept. Loss is never silent.
        const resumeAt = hub.oldestId - 1;
        stream.send(resetFrame(resumeAt, { reason: 'expired', missed: resumeAt - cursor, lastEventId: String(cursor) }));
        cursor = resumeAt;
        continue;
      }
      stream.send(next.frame);
      cursor = next.id;
    }
    if (finishAt !== undefined && cursor >= finishAt) stream.end();
  });

  fanout.add(stream);
  // At shutdown, a subscriber first catches up to the newest event (a burst just published,
  // coalesced values flushed by stop()) and then ends; one that cannot within the grace period
  // is cut by StreamSet.endAll and resumes by Last-Event-ID.
  streams.add(stream, () => {
    finishAt = hub.lastId;
    pump();
  });
  pump();
}

function resetFrame(id: number, data: ResetData): Buffer {
  return formatEvent({ id, event: RESET_EVENT, data: JSON.stringify(data) });
}
