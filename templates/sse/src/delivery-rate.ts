/**
 * The deliveries the fan-out was asked for per second (events x streams), over the last interval
 * of at least `intervalMs` that ended when the rate was read: what decides whether the write
 * window holds (writeBatchAbove, src/turn-fanout.ts). Counting reads no clock (an event adds the
 * stream count); the clock is read only when a delivery is scheduled, which the fan-out does anyway.
 *
 * Why deliveries asked for and not, say, event-loop utilisation: the window itself lowers the
 * server's load (fewer writes), so a gauge of load would open the window, see the load fall,
 * close it, and so on; the deliveries asked for do not depend on the window.
 */
export class DeliveryRate {
  private asked = 0;
  private askedAtStart = 0;
  private intervalStart = Number.NEGATIVE_INFINITY;
  private perSecond = 0;

  constructor(private readonly intervalMs = 100) {}

  count(deliveries: number): void {
    this.asked += deliveries;
  }

  /**
   * Per second at `now` (performance.now()): the interval's once it is at least intervalMs
   * long, else the last whole interval's. An interval spans any quiet spell before it, so the
   * first turn after a pause sees a low rate (and is delivered at its end).
   */
  at(now: number): number {
    const elapsed = now - this.intervalStart;
    if (elapsed >= this.intervalMs) {
      this.perSecond = Number.isFinite(elapsed) ? ((this.asked - this.askedAtStart) * 1000) / elapsed : 0;
      this.intervalStart = now;
      this.askedAtStart = this.asked;
    }
    return this.perSecond;
  }
}
