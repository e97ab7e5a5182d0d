import { RingBuffer } from './ring-buffer.js';
import { formatEvent } from './sse-format.js';

/** One published event, encoded once: `frame` is the exact bytes every subscriber receives. */
export interface HubEvent {
  readonly id: number;
  readonly event: string;
  readonly data: unknown;
  readonly frame: Buffer;
}

export type HubListener = (event: HubEvent) => void;

/**
 * The one place where events get ids. Everything else (the feed, POST /publish, subscribers,
 * resume) goes through this interface, so it is the seam to swap for a shared, ordered log when
 * you run more than one instance: the log assigns the integer id, a range read serves `get`,
 * and its change feed drives the listeners.
 */
export interface EventHub {
  /** Assigns the next id, encodes the event once, keeps it for replay and notifies listeners. */
  publish(event: string, data: unknown): HubEvent;
  /** The id of the newest event; firstId - 1 before the first one. */
  readonly lastId: number;
  /** The oldest id still replayable; lastId + 1 when nothing is buffered. */
  readonly oldestId: number;
  /**
   * The first id this hub assigned (or will assign). An id below firstId - 1 was issued before
   * the hub existed, by an earlier run of the server, and says nothing about what was missed here.
   */
  readonly firstId: number;
  /** Bytes the replay buffer holds now (frames plus data), for stats and tests. */
  readonly bufferedBytes?: number;
  /** The buffered event with this id, or undefined if it was never published or has been evicted. */
  get(id: number): HubEvent | undefined;
  /** Calls `listener` after every publish; returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void;
}

export interface MemoryHubOptions {
  /** How many recent events are kept for Last-Event-ID resume (a ring buffer); at least 1. */
  replayBuffer: number;
  /** The same buffer bounded in bytes (frame plus data of each event); the newest event is always kept. Default: no byte bound. */
  replayBufferBytes?: number;
  /** The first id to assign. Default: the time the hub is created, in microseconds since the epoch (ms x 1000). */
  firstId?: number;
}

export function createMemoryHub({
  replayBuffer,
  replayBufferBytes = Number.POSITIVE_INFINITY,
  firstId = Date.now() * 1000,
}: MemoryHubOptions): EventHub {
  // Subscribers read every event, live ones included, from the buffer: with no room for even
  // the newest event they would get nothing but resets.
  if (!Number.isSafeInteger(replayBuffer) || replayBuffer < 1) {
    throw new RangeError(`replayBuffer must be a positive integer, got ${String(replayBuffer)}`);
  }
  if (!Number.isSafeInteger(firstId) || firstId < 1) {
    throw new RangeError(`firstId must be a positive integer, got ${String(firstId)}`);
  }
  if (!(replayBufferBytes > 0)) throw new RangeError(`replayBufferBytes must be positive, got ${String(replayBufferBytes)}`);
  const buffer = new RingBuffer<HubEvent>(replayBuffer);
  // What each buffered event holds: its frame, and its data (counted as its JSON length), kept
  // in step with `buffer` (pushed and shifted together). A ring of numbers, not a WeakMap keyed
  // by event: a WeakMap entry per event cost each publish an ephemeron table write and the
  // collector a table to trace (issue 16's CPU goal).
  const sizes = new RingBuffer<number>(replayBuffer);
  let bufferedBytes = 0;
  const listeners = new Set<HubListener>();
  // A counter, not the article's Date.now(): two events in the same millisecond would share an
  // id, and a client resuming from that id would silently skip the second one.
  // The counter starts at the clock, not at 1: this hub forgets everything on restart, and a
  // new run counting from 1 would reuse ids that clients still hold, so a client away long
  // enough would resume from an id that now names another event, silently. Started at the
  // clock, a new run's ids lie above the previous run's, and planResume() answers such a client
  // with a reset. The clock in microseconds, not ms (review): in ms, a run that had averaged over
  // 1,000 events a second (a busy feed does; the benchmark runs 5,000) was ahead of the clock, a
  // restart reused its last ids, and a client resuming from one of them was resumed mid-stream
  // in the new run with no reset, silently skipping the new run's first events (6,560 of them at
  // 3,000 events/s). In microseconds a run would have to average over a million events a second
  // since it started. Safe integers until the year 2255 (16 digits).
  let lastId = firstId - 1;
  const evictOldest = (): void => {
    buffer.shift();
    bufferedBytes -= sizes.shift() ?? 0;
  };

  return {
    publish(event, data) {
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError('event data must be JSON-serialisable');
      const id = lastId + 1;
      const hubEvent: HubEvent = { id, event, data, frame: formatEvent({ id, event, data: json }) };
      lastId = id;
      if (buffer.length === buffer.capacity) evictOldest();
      const size = hubEvent.frame.length + json.length;
      buffer.push(hubEvent);
      sizes.push(size);
      bufferedBytes += size;
      while (bufferedBytes > replayBufferBytes && buffer.length > 1) evictOldest();
      for (const listener of listeners) listener(hubEvent);
      return hubEvent;
    },
    get lastId() {
      return lastId;
    },
    get oldestId() {
      return lastId - buffer.length + 1;
    },
    firstId,
    get bufferedBytes() {
      return bufferedBytes;
    },
    get(id) {
      return buffer.at(id - (lastId - buffer.length + 1));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
