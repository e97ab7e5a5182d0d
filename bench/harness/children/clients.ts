import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Subscriber } from '../clients/client-api.js';
import { subscriberFor } from '../clients/connectors.js';
import { nowUs } from '../clock.js';
import { createHistogram, encodeHistogram, recordLatency } from '../histogram.js';
import { findStamp, forEachStamp, type Stamp } from '../payload.js';
import { SequenceTracker } from '../sequence-tracker.js';
import type { Protocol } from '../subjects.js';
import { serveRequests } from './child-protocol.js';

/**
 * A client worker: holds a share of the subscribers, checks every event's sequence number and
 * records its latency from the intended send time. Several of these run, each a process, so
 * that the client side has more than one core's worth of room.
 */

export interface ClientReport {
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  reordered: number;
  /** Events from another run, or text without a whole stamp. */
  stray: number;
  /** Every arrival of this run, warm-up included: what the server's whole-run cost is divided by. */
  arrivals: number;
  /** Subscribers whose connection ended during the run. */
  closed: number;
  /** `event: reset` frames received in the run: the server said it skipped events (SSE). */
  resets: number;
  histogram: string;
  /** CPU this worker used between the window's start and end marks, µs. */
  cpuUs: number;
  wallUs: number;
  /** p99 of this worker's event-loop delay between the marks, ms (the machine's scheduling noise). */
  loopDelayP99Ms: number;
}

interface Slot {
  subscriber: Subscriber | undefined;
  tracker: SequenceTracker | undefined;
  closed: boolean;
}

const slots: Slot[] = [];
let run = -1;
let histogram = createHistogram();
let stray = 0;
let arrivals = 0;
let resets = 0;
let marks: { cpuUs: number; wallUs: number }[] = [];
const CONNECT_BATCH = 50;
// Timer lateness of this process, sampled every 10 ms between the window's marks.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function onStamp(slot: Slot, stamp: Stamp | undefined, receivedUs: number): void {
  if (stamp === undefined || stamp.run !== run || slot.tracker === undefined) {
    stray += 1;
    return;
  }
  arrivals += 1;
  if (slot.tracker.record(stamp.seq)) recordLatency(histogram, receivedUs - stamp.intendedUs);
}

function cpuNow(): number {
  const cpu = process.cpuUsage();
  return cpu.user + cpu.system;
}

serveRequests({
  async connect(request) {
    const protocol = request.protocol as Protocol;
    const count = request.count as number;
    const prefix = request.prefix as string;
    const connect = subscriberFor(protocol, request.h2 === true);
    const many = protocol === 'sse';
    for (let start = 0; start < count; start += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, (_, i) => {
        const slot: Slot = { subscriber: undefined, tracker: undefined, closed: false };
        slots.push(slot);
        return connect(request.port as number, `${prefix}${start + i}`, {
          onText: many
            ? (text) => {
                const at = nowUs();
                forEachStamp(text, (stamp) => onStamp(slot, stamp, at));
              }
            : (text) => onStamp(slot, findStamp(text), nowUs()),
          onStamp: (stamp, receivedUs) => onStamp(slot, stamp, receivedUs),
          onClose: () => (slot.closed = true),
          onReset: () => {
            if (slot.tracker !== undefined) resets += 1;
          },
        }, request.root as string).then((subscriber) => (slot.subscriber = subscriber));
      });
      await Promise.all(batch);
    }
    return { connected: slots.length };
  },
  run(request) {
    run = request.run as number;
    histogram.destroy();
    histogram = createHistogram();
    stray = 0;
    arrivals = 0;
    resets = 0;
    marks = [];
    for (const slot of slots) slot.tracker = new SequenceTracker(request.first as number, request.end as number);
    return null;
  },
  mark() {
    marks.push({ cpuUs: cpuNow(), wallUs: nowUs() });
    if (marks.length === 1) {
      loopDelay.reset();
      loopDelay.enable();
    } else loopDelay.disable();
    return null;
  },
  /** Window deliveries still missing: the harness polls this to know when the stragglers are in. */
  pending() {
    let missing = 0;
    for (const slot of slots) if (slot.tracker && !slot.closed) missing += slot.tracker.expected - slot.tracker.delivered;
    return missing;
  },
  report(): ClientReport {
    const report: ClientReport = { expected: 0, delivered: 0, lost: 0, duplicates: 0, reordered: 0, stray, arrivals, closed: 0, resets, histogram: encodeHistogram(histogram), cpuUs: 0, wallUs: 0, loopDelayP99Ms: 0 };
    for (const slot of slots) {
      const tracker = slot.tracker;
      if (!tracker) continue;
      report.expected += tracker.expected;
      report.delivered += tracker.delivered;
      report.lost += tracker.lost();
      report.duplicates += tracker.duplicates;
      report.reordered += tracker.reordered;
      if (slot.closed) report.closed += 1;
    }
    const [start, end] = marks;
    if (start && end) {
      report.cpuUs = end.cpuUs - start.cpuUs;
      report.wallUs = end.wallUs - start.wallUs;
      // percentile() is NaN when nothing was sampled (a window under 10 ms).
      const p99 = loopDelay.percentile(99) / 1e6;
      report.loopDelayP99Ms = Number.isFinite(p99) ? Math.round(p99 * 10) / 10 : 0;
    }
    return report;
  },
  /** Closes every subscriber and forgets them: the worker is ready for the next server. */
  disconnect() {
    for (const slot of slots.splice(0)) {
      slot.closed = true;
      slot.subscriber?.close();
    }
    run = -1;
    return null;
  },
  close() {
    for (const slot of slots) slot.subscriber?.close();
    setTimeout(() => process.exit(0), 50);
    return null;
  },
});
