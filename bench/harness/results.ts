import type { LatencySummary } from './histogram.js';
import type { Protocol, Subject } from './subjects.js';

/** One subject at one offered rate: what the report's rows and --json are made of. */
export interface Measurement {
  subject: Subject['id'];
  protocol: Protocol;
  kind: Subject['kind'];
  label: string;
  offeredPerS: number;
  clients: number;
  durationS: number;
  /** Window events x clients: what every subscriber should have received. */
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  reordered: number;
  expectedPerS: number;
  deliveredPerS: number;
  latency: LatencySummary;
  /** delivered + lost = expected, and expected = window events x clients: checked by the harness. */
  countsAddUp: boolean;
  server: {
    /** Server CPU over the whole run (warm-up to drained) / every delivery in it, µs. */
    cpuUsPerDelivery: number | null;
    /** Cores' worth of CPU the server process used in the window. */
    cpuCores: number;
    eventLoopUtilisation: number;
    /** Bytes the server passed to write()/writev() per delivery, over the whole run (TCP/IP headers excluded). */
    bytesPerDelivery: number | null;
    /** write()/writev() calls per delivery. */
    writesPerDelivery: number | null;
  };
  clientsSide: {
    workers: number;
    /** CPU the client workers used, in cores, summed. */
    cpuCores: number;
    /** The busiest worker's share of one core. */
    busiestWorker: number;
    /** Subscribers whose connection ended during the run. */
    closedConnections: number;
    /** `event: reset` frames the subscribers received (SSE): the server skipped events for a slow reader and said so. */
    resets?: number;
    stray: number;
    /**
     * The largest p99 event-loop delay of a client worker in the window, ms: how late a mostly
     * idle process on this machine runs its timers, i.e. noise in every latency measured here.
     */
    loopDelayP99Ms?: number;
  };
  publisher: { sent: number; failures: number; maxLagMs: number; cpuCores: number };
  /** Fraction of the whole machine's CPU that was busy in the window (every process on it). */
  machineBusy: number | null;
  /**
   * Fraction of the whole machine's CPU this run used in the window: machineBusy less what
   * every process outside the bench's tree used (read from /proc), so the kernel's packet work
   * for the run's loopback traffic is in it however the kernel accounts for softirqs. Where
   * /proc cannot be read, the run's processes' own figures. Absent in results recorded before it
   * was measured; before 2026-12-04 it was the run's processes' own figures, and in runs
   * recorded with bb8a3bc those plus the machine's softirq time (counted twice on a kernel
   * without CONFIG_IRQ_TIME_ACCOUNTING).
   */
  runBusy?: number | null;
  /** Saturation and other things a reader must know to trust (or not) this row. */
  warnings: string[];
  /** How the server was set up and driven. */
  notes: string[];
  /** The starter's own counters after the run (null for the raw baselines). */
  serverStats: unknown;
}

export interface FindMaxStep {
  offeredPerS: number;
  deliveredPerS: number;
  p99Ms: number;
  passed: boolean;
  reason: string;
  /** The second measurement of a rate whose first one failed. */
  retry?: boolean;
  /** A client worker used 90% of a core or more in this step: the clients, not only the server, were at their limit. */
  clientsSaturated?: boolean;
  /** Other processes' share of the machine in this step, when they saturated it with the run (machine-load.ts's saturation()). */
  othersBusy?: number;
}

export interface FindMaxResult {
  subject: Subject['id'];
  label: string;
  /** The delivered/s of the highest offered rate that met the SLO; 0 when none did. */
  maxDeliveriesPerS: number;
  /** That step's p99, ms. */
  p99Ms: number | null;
  /**
   * The rate above the maximum failed with a client worker saturated: the clients may have set
   * this maximum, and the server's own is at least this. Absent in runs recorded before it was checked.
   */
  clientsLimited?: boolean;
  /** A rate above the maximum failed while other processes competed for the cores: the maximum may be theirs, not the server's. */
  othersCompeted?: boolean;
  steps: FindMaxStep[];
}

export interface MemoryResult {
  subject: Subject['id'];
  label: string;
  counts: [number, number];
  heapBytes: [number, number];
  rssBytes: [number, number];
  heapBytesPerConnection: number;
  rssBytesPerConnection: number;
  /**
   * Buffers and other memory V8 tracks outside its heap (process.memoryUsage().external, which
   * includes arrayBuffers) per connection, the same slope: what of the RSS slope is the
   * server's own buffers rather than the allocator's pages. Absent in results recorded before
   * 2026-12-04.
   */
  externalBytesPerConnection?: number;
  /**
   * Every run's RSS and heap slope for this subject, in the order they ran (MEMORY_REPEATS
   * runs, in turns with the other subjects); the row's figures are one run: for a starter and its
   * raw baseline, both from the turn with the median starter/raw RSS ratio (pairedMedianMemory).
   * Absent in results recorded with one run.
   */
  samples?: { rssBytesPerConnection: number; heapBytesPerConnection: number }[];
}

export interface Environment {
  date: string;
  command: string;
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  loadAverage: number[];
  libraries: Record<string, string>;
  transport: string[];
}
