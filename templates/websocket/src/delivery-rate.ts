/**
 * The deliveries a broadcaster was asked for per second, over the last interval of at least
 * `intervalMs` that ended when the rate was read: what decides whether the write window holds
 * (writeBatchAbove, src/broadcast.ts). Counting reads no clock (a broadcast adds its member
 * count); the clock is read only when a run starts, which the broadcaster does anyway.
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
   * first run after a pause sees a low rate (and goes out at the end of its tick).
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
