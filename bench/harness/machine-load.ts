import type { Measurement } from './results.js';

/** At or above this fraction of the machine busy, a run is saturated. */
export const SATURATED = 0.9;
/**
 * Busy time outside the run's own processes, as a fraction of the machine, from which other
 * processes count as competing: the kernel's loopback work and the orchestrator's polling
 * come to a few per cent on a quiet machine and are not "other processes".
 */
export const OTHERS_COMPETED = 0.1;


/**
 * The fraction of the whole machine (all cores) that this run's own processes used in the
 * window: the server, the client workers and the publisher. An in-process subject publishes
 * from inside the server, so its publisher CPU is the server's and is not counted twice.
 */
export function runBusy(
  m: {
    subject?: string;
    server: Pick<Measurement['server'], 'cpuCores'>;
    clientsSide: Pick<Measurement['clientsSide'], 'cpuCores'>;
    publisher: Pick<Measurement['publisher'], 'cpuCores'>;
  },
  cores: number,
): number | null {
  if (!(cores > 0)) return null;
  const publisher = m.subject?.endsWith('-in-process') ? 0 : m.publisher.cpuCores;
  const used = m.server.cpuCores + m.clientsSide.cpuCores + publisher;
  return Math.min(1, Math.round((used / cores) * 1000) / 1000);
}

export type Saturation = { kind: 'others'; machine: number; run: number; others: number } | { kind: 'run'; machine: number; run: number };

/**
 * Whether the machine was saturated in a run's window and by whom: other processes competing
 * with the run (the figures are not to be trusted), or the run itself using every core (expected
 * at the top of --find-max, where server and clients share the cores; the figures stand, capped
 * by the machine). `run` is runBusy(); unknown counts as nothing, so the busy time is blamed on
 * others. Undefined when the machine was not saturated or its load was not read.
 */
export function saturation(machineBusy: number | null, run: number | null): Saturation | undefined {
  if (machineBusy === null || machineBusy < SATURATED) return undefined;
  const own = run ?? 0;
  const others = Math.max(0, Math.round((machineBusy - own) * 1000) / 1000);
  return others >= OTHERS_COMPETED ? { kind: 'others', machine: machineBusy, run: own, others } : { kind: 'run', machine: machineBusy, run: own };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** One run's saturation, worded for its warnings. */
export function saturationWarning(s: Saturation): string {
  return s.kind === 'others'
    ? `the machine was ${pct(s.machine)} busy and other processes used ${pct(s.others)} of it (this run ${pct(s.run)}): they competed with the server and clients for the cores`
    : `the machine was ${pct(s.machine)} busy, ${pct(s.run)} of it this run's own server, clients and publisher: the run used every core (the server's share is capped by the clients it shares the cores with)`;
}
