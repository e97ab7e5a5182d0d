import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Event-loop utilisation over an interval at or above which the loop counts as saturated. */
const SATURATED = 0.9;
/** Once the loop saturated at some rate without the window, the window holds from this share of it on. */
const BELOW_SATURATION = 0.8;
/** Consecutive saturated intervals (of at least intervalMs each) before the line is lowered: half a second, not a GC pause and its catch-up. */
const SUSTAINED = 5;
/** A learned line is dropped (back to writeBatchAbove) once the rate falls under this share of it: the load that set it has gone. */
const FORGET_BELOW = 0.5;

/**
 * Whether the write window holds (writeBatchAbove, src/turn-fanout.ts): the deliveries asked for
 * per second (streams x events) over the last interval of at least `intervalMs`, against
 * writeBatchAbove, or against a lower line the gate learned. Counting reads no clock; the clock
 * and the event loop's utilisation are read when a delivery is scheduled, once per interval.
 *
 * Why it learns (review of the first version): a server too slow to write once per delivery at
 * writeBatchAbove (a slower CPU, a CPU quota, TLS in-process) saturates below it, and its rate
 * then tops out under the line: the window never opened and the backlog grew without bound,
 * where the window gave it ten times the headroom. So when the loop was busy 90% of the time or
 * more for SUSTAINED intervals in a row (half a second) while the window did not hold, and runs
 * started more often than once a window (else the window would merge nothing), the line drops to
 * 80% of the rate of those intervals: from then on the window holds from that rate on, as it
 * always did before the gate existed, which costs at most writeBatchMs of latency. A GC pause or
 * a blocking parse and its catch-up fill an interval or two, not five (second review: one
 * interval was enough, and lowered the line for good on a machine that never needed it). The
 * learned line is forgotten once the rate falls under half of it. The rate asked for does not
 * depend on the window while the server keeps up, so the gate does not switch the window on and
 * off by its own effect; utilisation does (the window lowers it), which is why saturation moves
 * the line instead of opening the window for an interval.
 */
export class WindowGate {
  private asked = 0;
  private askedAtStart = 0;
  /** Calls to holds() (one per scheduled delivery) in the current interval. */
  private runs = 0;
  private intervalStart = Number.NEGATIVE_INFINITY;
  private loopAtStart: EventLoopUtilization | undefined;
  private saturatedIntervals = 0;
  /** The lowest rate of the current saturated spell, deliveries/s. */
  private saturatedRate = Number.POSITIVE_INFINITY;
  private line: number;
  private open = false;

  constructor(
    private readonly writeBatchAbove: number,
    private readonly writeBatchMs: number,
    private readonly intervalMs = 100,
  ) {
    this.line = writeBatchAbove;
  }

  count(deliveries: number): void {
    this.asked += deliveries;
  }

  /** The deliveries a second from which the window holds now: writeBatchAbove, or the learned line below it. */
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
    if (Number.isFinite(elapsed) && this.loopAtStart !== undefined) {
      const perSecond = ((this.asked - this.askedAtStart) * 1000) / elapsed;
      const busy = performance.eventLoopUtilization(loop, this.loopAtStart).utilization;
      const windowWouldMerge = this.runs > elapsed / this.writeBatchMs;
      if (!this.open && busy >= SATURATED && windowWouldMerge) {
        this.saturatedIntervals += 1;
        this.saturatedRate = Math.min(this.saturatedRate, perSecond);
        if (this.saturatedIntervals >= SUSTAINED) this.line = Math.min(this.line, this.saturatedRate * BELOW_SATURATION);
      } else {
        this.saturatedIntervals = 0;
        this.saturatedRate = Number.POSITIVE_INFINITY;
      }
      if (this.line < this.writeBatchAbove && perSecond < this.line * FORGET_BELOW) this.line = this.writeBatchAbove;
      this.open = perSecond >= this.line;
    }
    this.intervalStart = now;
    this.askedAtStart = this.asked;
    this.runs = 0;
    this.loopAtStart = loop;
    return this.open;
  }
}
