import { performance } from 'node:perf_hooks';
import { WindowGate } from './window-gate.js';
import type { EventHub, HubEvent } from './event-hub.js';
import type { SseStream } from './sse-stream.js';

export interface TurnFanoutOptions {
  /**
   * A busy fan-out delivers at most once per this many ms (see TurnFanout); 0 delivers at the
   * end of every I/O turn in which events were published. Default 0 here; the server's option
   * (writeBatchMs, WRITE_BATCH_MS) defaults to 5.
   */
  writeBatchMs?: number;
  /**
   * The window holds only while events ask for at least this many deliveries (events x streams)
   * a second, over the last ~100 ms (see the class comment). 0 here: at any rate; the server's
   * default (writeBatchAbove, WRITE_BATCH_ABOVE) is 50,000.
   */
  writeBatchAbove?: number;
}

/** Consecutive frames of one I/O turn, joined into one Buffer that every subscriber shares. */
export interface TurnRun {
  readonly firstId: number;
  readonly lastId: number;
  readonly bytes: Buffer;
}

/**
 * Most bytes in one run. A stream that is writable takes a whole run in one write, so this is
 * how far a single write can go past the stream's high-water mark (one run, and that memory is
 * shared by every subscriber, not copied per stream); a stream that stops being writable
 * mid-turn stops at a run boundary and goes on from there.
 */
const RUN_BYTES = 64 * 1024;

/**
 * Delivers a hub's events to its live subscribers once per I/O turn instead of once per event.
 *
 * Why (issue 16, the sse starter at 5,000 events/s x 100 clients): every publish woke every
 * subscriber, and every subscriber wrote every frame on its own, so a turn of k events cost
 * each stream k writes (and the flush a writev with one iovec per frame): 1.9 us of server CPU
 * per delivery, ~37% of it in those writes. Here the hub's listener only collects the turn's
 * events; at the end of the turn (setImmediate: after every request read in that poll phase)
 * their frames are joined ONCE into runs, and each subscriber that is up to date writes each
 * run as one Buffer: one write per stream per turn, whatever the turn held.
 *
 * Nothing about positions changes: a subscriber is still a cursor, and takes a run only when
 * the run starts exactly at its cursor + 1. One that is behind (it was waiting for 'drain', or
 * resumed mid-turn) reads frame by frame from the hub, as before, until it reaches a run's
 * start; resets, slow-client detection and the replay buffer's bounds are the stream's and the
 * hub's, untouched. Runs live only while the turn is delivered.
 *
 * The write window (writeBatchMs): one write per stream per turn is still ~0.15-0.2 writes per
 * delivery at 5,000 events/s (5-7 events per turn), and a small loopback write(2) costs ~7 us
 * whatever its size, so the CPU goal (1 us per delivery) needs a dozen or more events per
 * write: only reachable by bounding how OFTEN a busy server writes each stream. So the fan-out
 * delivers at most once per writeBatchMs, adaptively: an event published when the last
 * delivery is at least writeBatchMs old goes out at the end of its turn, as above (a quiet
 * server adds no latency); one published sooner waits for the one timer of this fan-out, set
 * for writeBatchMs after the last delivery, so no event waits longer than writeBatchMs (plus
 * timer slack). 0: every turn, as above. Nothing else changes: the window only delays when the
 * end-of-turn delivery comes, the events wait in the hub (and in `pending`, see there), and
 * everything that reads the hub directly (a resuming or catching-up reader, shutdown's
 * catch-up, a keep-alive's refill) sees them at once.
 *
 * And only while the events ask for at least writeBatchAbove deliveries a second (src/
 * window-gate.ts, over the last ~100 ms; it lowers the line to 80% of the rate where the loop
 * stayed saturated, should a slower machine saturate below it); below it every turn is delivered
 * at its end, as with no window. Why: "delivered in the last window" alone held the window at a few hundred events
 * a second, where a 2-core VM writes every turn with CPU to spare (40,000 deliveries/s: median
 * latency 4.5 ms against the bare writer's 1.6-1.8 ms), and latency is what a live feed is for.
 * At 50,000 a second one write per delivery cost about a third of a core on the 2-core VM we
 * measured on (~7 us a write; a figure for that machine, not a law); above it the window is what
 * keeps the CPU per delivery under 1 us.
 */
export class TurnFanout {
  private readonly streams = new Set<SseStream>();
  /**
   * The turn's events not yet delivered, kept here and not only in the hub. Why (review of
   * this change): deferring every write to the end of the turn left the turn's events in the
   * hub alone, and a turn that publishes more than the replay buffer holds (pipelined batch
   * POSTs, each within maxPublishBatch) evicted its own first events before anyone was sent
   * them, so a subscriber that keeps up got an `expired` reset where it used to get every
   * event. The moment the hub evicts one of them, the turn so far is delivered at once (into
   * corked sockets, as every publish was before), so what this keeps beyond the hub's own
   * bounds is at most what one publish evicts, and turns that fit the buffer cost nothing more.
   * With a write window the same holds for every turn of the window.
   */
  private pending: HubEvent[] = [];
  /** The bytes of `pending`'s frames (see closeWindowEarly). */
  private pendingBytes = 0;
  private scheduled = false;
  /** The window's timer while a busy fan-out waits for it (at most one per fan-out). */
  private timer: NodeJS.Timeout | undefined;
  /** When the last end-of-window delivery ran (performance.now()); -Infinity before the first. */
  private deliveredAt = Number.NEGATIVE_INFINITY;
  /** The hub listener's removal, once the first stream has subscribed it. */
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  /** The runs of the turn being delivered; empty outside deliver(). */
  private runs: TurnRun[] = [];
  /**
   * The events those runs hold, one by one, for a subscriber whose cursor lies inside a run.
   * Why (second review): one that connected between two publishes of the turn is past a run's
   * start, and when a single publish evicts several events at once (the byte bound: a large
   * event pushes out every smaller one) the ones after its cursor are no longer in the hub; it
   * got an `expired` reset where main had sent it each event as it was published.
   */
  private events: readonly HubEvent[] = [];
  private readonly forget = (stream: SseStream): void => void this.streams.delete(stream);
  /**
   * The id the hub listener heard last. A publish it did not hear of (a host's listener before
   * it threw, or a custom hub that skips ids) is in the hub alone, where the window's later
   * publishes can evict it before delivery; so the window so far is delivered at once, as
   * main's per-publish wake-ups did (second review: an `expired` reset main did not send).
   */
  private heard = 0;
  private readonly hub: EventHub;
  private readonly writeBatchMs: number;
  private readonly writeBatchAbove: number;
  /** Deliveries asked for, per second: the window holds only at writeBatchAbove or more (or the line the gate learned). */
  private readonly gate: WindowGate;

  /**
   * Nothing happens until the first add(): a server in Redis mode, or one nobody subscribes
   * to, never listens to the hub.
   */
  constructor(hub: EventHub, { writeBatchMs = 0, writeBatchAbove = 0 }: TurnFanoutOptions = {}) {
    if (!Number.isSafeInteger(writeBatchMs) || writeBatchMs < 0) {
      throw new RangeError(`writeBatchMs must be a non-negative integer, got ${String(writeBatchMs)}`);
    }
    if (!Number.isSafeInteger(writeBatchAbove) || writeBatchAbove < 0) {
      throw new RangeError(`writeBatchAbove must be a non-negative integer, got ${String(writeBatchAbove)}`);
    }
    this.hub = hub;
    this.writeBatchMs = writeBatchMs;
    this.writeBatchAbove = writeBatchMs > 0 ? writeBatchAbove : 0;
    this.gate = new WindowGate(this.writeBatchAbove, writeBatchMs);
  }

  /** Wakes `stream` (its onWritable) once per turn in which events were published, until it closes. */
  add(stream: SseStream): void {
    // The server refuses GET /events once it is closing, before it closes this; should a stream
    // come anyway, it ends at once (its client resumes by Last-Event-ID) rather than sit silent.
    if (this.closed) {
      stream.end();
      return;
    }
    // One listener per fan-out for every subscriber, not one per subscriber. It keeps the
    // window's events until they are delivered (see `pending`).
    if (this.unsubscribe === undefined) {
      this.heard = this.hub.lastId;
      this.unsubscribe = this.hub.subscribe((event) => this.collect(event));
    }
    this.streams.add(stream);
    stream.onClose(this.forget);
  }

  /**
   * At shutdown, once nothing more is published (server close(), after the coalescer's last
   * flush): delivers what the window holds at once, then stops listening and clears the timer,
   * so nothing of the fan-out outlives the server. Streams still catching up read the hub.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) this.deliver();
    this.scheduled = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The run of the turn being delivered that starts at `id`, if any. */
  runAt(id: number): TurnRun | undefined {
    return findById(this.runs, id, runStart);
  }

  /** The event with this id among the runs being delivered, if any (see `events`). */
  eventAt(id: number): HubEvent | undefined {
    return findById(this.events, id, eventId);
  }

  private collect(event: HubEvent): void {
    const missed = event.id !== this.heard + 1;
    this.heard = event.id;
    if (this.streams.size === 0) return;
    if (this.writeBatchAbove > 0) this.gate.count(this.streams.size);
    this.pending.push(event);
    this.pendingBytes += event.frame.length;
    if (!this.scheduled) this.schedule();
    else if (this.timer !== undefined && this.pendingBytes >= RUN_BYTES) this.closeWindowEarly();
    if (missed || this.hub.oldestId > this.pending[0]!.id) this.deliverPending();
  }

  /**
   * A window that already holds a run's worth of bytes (RUN_BYTES) is delivered at the end of
   * this turn instead of at its timer. Why (third review): a window gathers the turns of several
   * milliseconds, and when it held more than the replay buffer, the eviction path handed it to
   * corked streams that each take about their high-water mark (one run), the turn's later
   * publishes evicted the rest, and a reader that keeps up got an `expired` reset that per-turn
   * delivery (and main) did not send. Holding at most one run across turns keeps what a window
   * adds within what a stream takes in one write; traffic heavy enough to fill it is already
   * written in large runs, which is all the window is for.
   */
  private closeWindowEarly(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    setImmediate(TurnFanout.deliverLater, this);
  }

  /**
   * At the end of this turn when the last delivery is a window old (or there is no window, or
   * the events ask for fewer than writeBatchAbove deliveries a second),
   * else by the fan-out's one timer, a window after the last delivery. The timer is unref'd: it
   * never holds a process open (the streams' sockets do, while there are any).
   */
  private schedule(): void {
    this.scheduled = true;
    let wait = 0;
    if (this.writeBatchMs > 0) {
      const now = performance.now();
      // Read at every schedule, so that each interval of the rate is about as long as it says.
      const slow = this.writeBatchAbove > 0 && !this.gate.holds(now);
      wait = slow ? 0 : this.deliveredAt + this.writeBatchMs - now;
    }
    if (wait <= 0) {
      setImmediate(TurnFanout.deliverLater, this);
      return;
    }
    // Node's timers count whole milliseconds; rounding up keeps the window, never shortens it.
    this.timer = setTimeout(TurnFanout.deliverLater, Math.ceil(wait), this);
    this.timer.unref();
  }

  private static deliverLater(this: void, fanout: TurnFanout): void {
    // After close() (which delivered the window itself), a setImmediate already queued is a no-op.
    if (!fanout.closed) fanout.deliver();
  }

  private deliver(): void {
    this.scheduled = false;
    this.timer = undefined;
    this.deliveredAt = performance.now();
    // Empty when an eviction delivered the window already (deliverPending): nothing to wake.
    if (this.pending.length === 0) return;
    this.runs = this.takePending();
    try {
      for (const stream of this.streams) stream.pumpNow();
    } finally {
      this.runs = [];
      this.events = [];
    }
  }

  /**
   * Mid-turn, from inside a publish that evicted one of the turn's events from the hub: every
   * stream with room takes the collected events now (into its corked socket, flushed at the
   * end of the turn like any send), as it did before this fan-out. The end-of-turn delivery
   * still comes.
   */
  private deliverPending(): void {
    this.runs = this.takePending();
    try {
      for (const stream of this.streams) stream.onWritable?.();
    } finally {
      this.runs = [];
      this.events = [];
    }
  }

  private takePending(): TurnRun[] {
    const runs = joinEvents(this.pending);
    this.events = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return runs;
  }
}

// Module-level, so that a lookup per stream per turn allocates no function.
function runStart(run: TurnRun): number {
  return run.firstId;
}

function eventId(event: HubEvent): number {
  return event.id;
}

/** Binary search in `items`, sorted by ascending `idOf`, for the one whose id is `id`. */
function findById<T>(items: readonly T[], id: number, idOf: (item: T) => number): T | undefined {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const item = items[middle]!;
    const found = idOf(item);
    if (found === id) return item;
    if (found < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/**
 * Joins the frames of events, in the order a hub published them, into runs of at most RUN_BYTES
 * (a frame larger than that is a run of its own). A run is cut wherever ids do not follow one
 * another by one (a custom hub's listener might skip or repeat one), so a run always holds
 * exactly the events from its firstId to its lastId: a subscriber that takes it skips nothing.
 */
export function joinEvents(events: readonly HubEvent[]): TurnRun[] {
  const runs: TurnRun[] = [];
  let frames: Buffer[] = [];
  let bytes = 0;
  let firstId = 0;
  let lastId = 0;
  const close = (): void => {
    if (frames.length === 0) return;
    runs.push({ firstId, lastId, bytes: frames.length === 1 ? frames[0]! : Buffer.concat(frames, bytes) });
    frames = [];
    bytes = 0;
  };
  for (const event of events) {
    if (frames.length > 0 && (event.id !== lastId + 1 || bytes + event.frame.length > RUN_BYTES)) close();
    if (frames.length === 0) firstId = event.id;
    frames.push(event.frame);
    bytes += event.frame.length;
    lastId = event.id;
  }
  close();
  return runs;
}
