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
 * resume) goes through this interface, so it is the seam to swap for a shared broker when you
 * run more than one instance: with Redis Streams, XADD assigns the id, XRANGE serves `get`,
 * and a blocking XREAD drives the listeners.
 */
export interface EventHub {
  /** Assigns the next id, encodes the event once, keeps it for replay and notifies listeners. */
  publish(event: string, data: unknown): HubEvent;
  /** The id of the newest event, 0 before the first one. */
  readonly lastId: number;
  /** The oldest id still replayable; lastId + 1 when nothing is buffered. */
  readonly oldestId: number;
  /** The buffered event with this id, or undefined if it was never published or has been evicted. */
  get(id: number): HubEvent | undefined;
  /** Calls `listener` after every publish; returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void;
}

export interface MemoryHubOptions {
  /** How many recent events are kept for Last-Event-ID resume (a ring buffer). */
  replayBuffer: number;
}

export function createMemoryHub({ replayBuffer }: MemoryHubOptions): EventHub {
  const buffer = new RingBuffer<HubEvent>(replayBuffer);
  const listeners = new Set<HubListener>();
  // A counter, not the article's Date.now(): two events in the same millisecond would share an
  // id, and a client resuming from that id would silently skip the second one.
  let lastId = 0;

  return {
    publish(event, data) {
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError('event data must be JSON-serialisable');
      const id = lastId + 1;
      const hubEvent: HubEvent = { id, event, data, frame: formatEvent({ id, event, data: json }) };
      lastId = id;
      buffer.push(hubEvent);
      for (const listener of listeners) listener(hubEvent);
      return hubEvent;
    },
    get lastId() {
      return lastId;
    },
    get oldestId() {
      return lastId - buffer.length + 1;
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
