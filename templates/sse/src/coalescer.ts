import { ShuttingDownError } from './errors.js';
import type { EventHub } from './event-hub.js';
import { publishProblem } from './publish-rules.js';

/**
 * What a publish answers: the id the event got, or `coalesced` when it waits in the window.
 * A coalesced value has no id yet and may never get one (a newer value for the same key can
 * replace it), so none is promised.
 */
export type PublishResult = { id: number } | { coalesced: true };

/** The front door for publishing: the feed, POST /publish and server.publish() go through it. */
export interface Publisher {
  /**
   * Publishes now, or (with a key, while coalescing is on) keeps the value for the window.
   * Throws a ShuttingDownError once closed: every answer it gives is a promise it can keep.
   */
  publish(event: string, data: unknown, key?: string): PublishResult;
}

export interface CoalescerStats {
  /** Distinct (event, key) pairs waiting for the window to close. */
  pendingKeys: number;
  /** Values dropped because a newer value for the same (event, key) arrived in the same window. */
  superseded: number;
  /** Windows closed before their time because a new key would have gone over maxKeys. */
  earlyFlushes: number;
}

export interface CoalescerOptions {
  hub: EventHub;
  /** How long a window stays open after its first keyed value; 0 publishes everything at once. */
  windowMs: number;
  /** Distinct pending (event, key) pairs; a new key over this closes the window early. */
  maxKeys: number;
  /** A hub that fails while a window is flushed (its publishers already got their 202). */
  onError: (error: unknown) => void;
}

/**
 * The longest window: coalescing is for screens, and a window longer than a minute is a polling
 * interval, not latency. It also keeps the timer far below setTimeout's 2^31 - 1 ms limit, past
 * which Node warns and fires after 1 ms. COALESCE_MS and the coalesceMs option share it.
 */
export const MAX_COALESCE_MS = 60_000;

interface Pending {
  readonly event: string;
  /** Serialised on arrival: a caller that mutates its object afterwards does not change what is sent. */
  readonly json: string;
}

/**
 * Server-side coalescing: "latest value wins" per (event, key) within a window, so a value that
 * changes hundreds of times a second reaches a screen (which shows perhaps 60 frames a second)
 * a few times a second instead, and every subscriber, slow ones included, has less to read.
 *
 * Guarantees:
 * - Nothing is reordered. What the hub receives is the accepted sequence with superseded keyed
 *   values left out: unkeyed events are published at once, after every pending keyed value (so
 *   an unkeyed event closes the window early and never overtakes a value accepted before it),
 *   and a window's values go out in the order each was last updated.
 * - The latest value of every key is published, at most `windowMs` after its window opened
 *   (or when the window closes early, or on close()).
 * - Ids come from the hub at publication, so values dropped here never get one and resume by
 *   Last-Event-ID stays gapless and exact.
 *
 * One timer per window, however many keys. Memory is at most `maxKeys` pending values.
 */
export class Coalescer implements Publisher {
  private readonly hub: EventHub;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly onError: (error: unknown) => void;
  /** Map order is publication order: an update deletes and re-inserts its entry. */
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private superseded = 0;
  private earlyFlushes = 0;

  constructor({ hub, windowMs, maxKeys, onError }: CoalescerOptions) {
    if (!Number.isSafeInteger(windowMs) || windowMs < 0 || windowMs > MAX_COALESCE_MS) {
      throw new RangeError(`windowMs must be an integer from 0 to ${MAX_COALESCE_MS}, got ${String(windowMs)}`);
    }
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`maxKeys must be a positive integer, got ${String(maxKeys)}`);
    }
    this.hub = hub;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.onError = onError;
  }

  publish(event: string, data: unknown, key?: string): PublishResult {
    // The same rules, and words, as POST /publish: reset is the server's, names cannot inject fields.
    const problem = publishProblem(event, key);
    if (problem !== undefined) throw new TypeError(problem);
    // Closed means the streams are ending: an id or a place in a window now would be a promise
    // that nobody receives the event. Checked here, the one door, so no path can get past it.
    if (this.closed) throw new ShuttingDownError();
    if (key === undefined || this.windowMs === 0) {
      // Pending values were accepted first, so they are published first.
      this.flush();
      return { id: this.hub.publish(event, data).id };
    }

    // Checked now, not at flush time: the caller is here to hear about it, the timer is not.
    const json = JSON.stringify(data);
    if (json === undefined) throw new TypeError('event data must be JSON-serialisable');

    // Event names cannot contain a newline, so this pairing is unambiguous.
    const slot = `${event}\n${key}`;
    if (this.pending.delete(slot)) {
      this.superseded += 1;
    } else if (this.pending.size >= this.maxKeys) {
      // Over the cap, close the window now rather than refuse: every value still goes out,
      // memory stays bounded, and a flood of distinct keys degrades to publishing at once.
      this.earlyFlushes += 1;
      this.flush();
    }
    this.pending.set(slot, { event, json });
    this.timer ??= setTimeout(this.onWindowEnd, this.windowMs);
    return { coalesced: true };
  }

  /** Publishes every pending value now, in order, and closes the window. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    // Swapped out first, so a hub listener that publishes again starts a fresh window.
    const values = this.pending;
    this.pending = new Map();
    for (const { event, json } of values.values()) {
      try {
        this.hub.publish(event, JSON.parse(json));
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /**
   * Publishes every pending value (accepted before now, so promised) and from then on refuses
   * every publish with a ShuttingDownError. Nothing is left waiting on a timer.
   */
  close(): void {
    this.closed = true;
    this.flush();
  }

  stats(): CoalescerStats {
    return { pendingKeys: this.pending.size, superseded: this.superseded, earlyFlushes: this.earlyFlushes };
  }

  private readonly onWindowEnd = (): void => {
    this.timer = undefined;
    this.flush();
  };
}
