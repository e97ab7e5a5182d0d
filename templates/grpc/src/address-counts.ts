/**
 * How many of something (connections, calls, price streams) each client address has open, for
 * the per-address caps. An address is forgotten when its count falls to zero, so the map holds
 * only addresses that have something open.
 */
export class AddressCounts {
  private readonly counts = new Map<string, number>();

  /** Open now from `address`. */
  of(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  /** One more from `address`; returns how many are open from it now. */
  add(address: string): number {
    const open = this.of(address) + 1;
    this.counts.set(address, open);
    return open;
  }

  /** One fewer from `address`. */
  remove(address: string): void {
    const left = this.of(address) - 1;
    if (left <= 0) this.counts.delete(address);
    else this.counts.set(address, left);
  }
}
