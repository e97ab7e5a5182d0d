import { nowUs } from './clock.js';

export interface ScheduleOptions {
  /** Intended send time of event 0, µs on the monotonic clock. */
  startUs: number;
  /** Events per second. */
  rate: number;
  /** Events in total (sequence numbers 0 .. count-1). */
  count: number;
  /** Called once per event, in order, never before its intended time. */
  send(seq: number, intendedUs: number): void;
  /** Injectable for tests. */
  clock?: () => number;
  /** Injectable for tests: runs `fn` after about `ms` (setTimeout by default). */
  wait?: (fn: () => void, ms: number) => void;
}

export interface Schedule {
  /** Resolves once every event has been sent (or stop() was called). */
  done: Promise<void>;
  stop(): void;
  /** Events sent so far. */
  readonly sent: number;
  /** The largest delay between an event's intended time and its send, in µs. */
  readonly maxLagUs: number;
}

/** The intended send time of event `seq`: a fixed grid, whatever happened before. */
export function intendedTimeUs(startUs: number, rate: number, seq: number): number {
  return startUs + Math.round((seq * 1e6) / rate);
}

/**
 * An open-loop schedule: event i is due at startUs + i/rate whatever the server does, and every
 * event that is due is sent at once (a stalled loop catches up in a burst, as real publishers
 * do, instead of silently sending less). The intended time travels in the event, so latency is
 * measured from it, not from when the send happened: no coordinated omission.
 */
export function startSchedule(options: ScheduleOptions): Schedule {
  const { startUs, rate, count, send } = options;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number, got ${rate}`);
  const clock = options.clock ?? nowUs;
  const wait = options.wait ?? ((fn, ms) => void setTimeout(fn, ms));
  let next = 0;
  let stopped = false;
  let maxLagUs = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  const tick = (): void => {
    if (stopped) return;
    const now = clock();
    while (next < count) {
      const intended = intendedTimeUs(startUs, rate, next);
      if (intended > now) break;
      maxLagUs = Math.max(maxLagUs, now - intended);
      send(next, intended);
      next += 1;
    }
    if (next >= count) {
      finish();
      return;
    }
    const dueInMs = (intendedTimeUs(startUs, rate, next) - clock()) / 1000;
    // Timers fire late by up to a millisecond or so; the burst catch-up above absorbs that.
    wait(tick, Math.max(0, Math.floor(dueInMs)));
  };
  wait(tick, Math.max(0, Math.floor((startUs - clock()) / 1000)));

  return {
    done,
    stop() {
      stopped = true;
      finish();
    },
    get sent() {
      return next;
    },
    get maxLagUs() {
      return maxLagUs;
    },
  };
}
