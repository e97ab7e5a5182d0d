/**
 * Microseconds on the monotonic clock. process.hrtime reads CLOCK_MONOTONIC, which every
 * process on the machine shares, so an intended send time stamped by the publisher can be
 * compared with a receive time taken in a client worker without any wall-clock drift.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
