import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Event-loop utilisation over an interval at or above which the loop counts as saturated. */
const SATURATED = 0.9;
/** Once the loop stayed saturated at some rate without the window, the window holds from this share of it on. */
const BELOW_SATURATION = 0.8;
/** Consecutive saturated intervals (of at least intervalMs each) before the line is lowered: half a second or more. */
const SUSTAINED = 5;

/**
 * Whether the write window holds (writeBatchAbove, src/turn-fanout.ts): the deliveries asked for
 * per second (streams x events) over the last interval of at least `intervalMs`, against
 * writeBatchAbove, or against a lower line the gate learned. Counting reads no clock; the clock
 * and the event loop's utilisation are read when a delivery is scheduled (once per turn with
 * events), once per interval.
 *
 * Why it learns (reviews of the first versions): a server too slow to write once per delivery
 * at writeBatchAbove (a slower CPU, a CPU quota, TLS in-process) saturates below it, and its rate
 * then tops out under the line: the window never opened and the backlog grew without bound, where
 * the window gave it ten times the headroom. So when the loop was busy 90% of the time or more
 * for SUSTAINED intervals in a row while the window did not hold, and turns with events came more
 * often than once a window in each (else the window would merge nothing), the line drops to 80% of the
 * lowest rate of those intervals, and the window holds from that rate on, as it did at any rate
 * before the gate existed.
 *
 * Why it forgets by time (third review): a spell of saturation that was not the writes' doing (a
 * reconnect storm's handshakes, a burst of other work, a CPU quota later lifted) also lowers the
 * line, and a line kept until the rate fell under it could outlive its cause for good; forgetting
 * on one quiet or stalled interval instead made a slow machine pay another half second of
 * saturation after every pause. So a learned line lasts `learnedForMs` (a minute), whatever the
 * rate does; then the line is writeBatchAbove again, and a machine that still saturates learns it
 * again in half a second. The cost either way is bounded: a mistaken line costs at most
 * writeBatchMs of latency for a minute (the behaviour before the gate), a needed one half a
 * second of backlog a minute. The rate asked for does not depend on the window while the server
 * keeps up, so the gate does not switch the window on and off by its own effect; utilisation
 * does (the window lowers it), which is why saturation moves the line instead of opening the
 * window for an interval.
 */
export class WindowGate {
  private asked = 0;
  private askedAtStart = 0;
  /** Calls to holds() (one per turn with events) in the current interval. */
  private runs = 0;
  private intervalStart = Number.NEGATIVE_INFINITY;
  private loopAtStart: EventLoopUtilization | undefined;
  private saturatedIntervals = 0;
  /** The lowest rate of the current saturated spell, deliveries/s. */
  private saturatedRate = Number.POSITIVE_INFINITY;
  private line: number;
  /** performance.now() when a learned line lapses; undefined while the line is writeBatchAbove. */
  private learnedUntil: number | undefined;
  private open = false;

  constructor(
    private readonly writeBatchAbove: number,
    private readonly writeBatchMs: number,
    private readonly intervalMs = 100,
    private readonly learnedForMs = 60_000,
  ) {
    this.line = writeBatchAbove;
  }

  count(deliveries: number): void {
    this.asked += deliveries;
  }

  /** The deliveries a second from which the window holds now: writeBatchAbove, or a learned line below it. */
  get threshold(): number {
    return this.line;
  }

  /**
   * Whether a delivery scheduled at `now` (performance.now()) may wait for the window: decided at the
   * end of each interval of at least intervalMs, kept until the next. An interval spans any
   * quiet spell before it, so the first run after a long pause usually sees a low rate.
   */
  holds(now: number): boolean {
    this.runs += 1;
    const elapsed = now - this.intervalStart;
    if (elapsed < this.intervalMs) return this.open;
    const loop = performance.eventLoopUtilization();
    if (this.learnedUntil !== undefined && now >= this.learnedUntil) {
      this.line = this.writeBatchAbove;
      this.learnedUntil = undefined;
    }
    if (Number.isFinite(elapsed) && this.loopAtStart !== undefined) {
      const perSecond = ((this.asked - this.askedAtStart) * 1000) / elapsed;
      const busy = performance.eventLoopUtilization(loop, this.loopAtStart).utilization;
      if (!this.open && busy >= SATURATED && this.runs > elapsed / this.writeBatchMs) {
        this.saturatedIntervals += 1;
        this.saturatedRate = Math.min(this.saturatedRate, perSecond);
        if (this.saturatedIntervals >= SUSTAINED && this.saturatedRate * BELOW_SATURATION < this.line) {
          this.line = this.saturatedRate * BELOW_SATURATION;
          this.learnedUntil = now + this.learnedForMs;
        }
      } else {
        this.saturatedIntervals = 0;
        this.saturatedRate = Number.POSITIVE_INFINITY;
      }
      this.open = perSecond >= this.line;
    }
    this.intervalStart = now;
    this.askedAtStart = this.asked;
    this.runs = 0;
    this.loopAtStart = loop;
    return this.open;
  }
}
