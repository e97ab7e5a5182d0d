/**
 * What the server side says about a run that fell short, so a row such as "delivered 0 of
 * 500,000" carries its reason (issue 16: gRPC at the defaults): a server whose event loop was
 * busy the whole window was over its capacity on this machine at this rate, and a starter that
 * drops consumers for falling behind says how many it dropped, by its own counters.
 */

export interface ServerSide {
  /** Event-loop utilisation of the server process in the measuring window, 0-1. */
  eventLoopUtilisation: number;
  /** Server CPU in the window, in cores. */
  cpuCores: number;
  delivered: number;
  expected: number;
  /** Subscribers in the run: a starter that dropped every one of them was slow itself. */
  clients?: number;
  /** The starter's own counters (BenchServer.stats()), if it has any. */
  stats: unknown;
}

const SATURATED = 0.9;
const SHORT = 0.99;

/** The starters' counters of consumers dropped for reading too slowly, and what each means. */
const DROP_COUNTERS: readonly { key: string; what: string }[] = [
  { key: 'chatParticipantsDropped', what: 'participants dropped for a backlog over chatBacklog for chatStallMs (RESOURCE_EXHAUSTED); their later events count as lost' },
  { key: 'slowClosed', what: 'connections closed for a send buffer over its limit (1013); their later events count as lost' },
];

export function serverWarnings({ eventLoopUtilisation, cpuCores, delivered, expected, clients, stats }: ServerSide): string[] {
  const warnings: string[] = [];
  if (eventLoopUtilisation >= SATURATED && delivered < expected * SHORT) {
    warnings.push(
      `the server's event loop was ${Math.round(eventLoopUtilisation * 100)}% busy (on ${Math.round(cpuCores * 100)}% of a core) and delivered ${percent(delivered, expected)} of the expected events: ` +
        'this rate is over what the server carries on this machine now, so events queued behind it (--find-max finds the rate it sustains)',
    );
  }
  if (typeof stats === 'object' && stats !== null) {
    for (const { key, what } of DROP_COUNTERS) {
      const value = (stats as Record<string, unknown>)[key];
      if (typeof value !== 'number' || value <= 0) continue;
      // Every subscriber falling behind alike is not a slow reader: the server could not write the
      // rate (the gRPC starter at 1,000 x 100 on 2 cores, the 2026-12-03 run), and its guard then
      // drops them all where a raw server queues without bound. The window may then look idle.
      const all = clients !== undefined && clients > 0 && value >= clients;
      warnings.push(
        `the starter's ${key} = ${value}: ${what}${all ? `; that is every subscriber, dropped alike: the server itself fell behind the rate (over what it writes on this machine), not one slow client, and a raw server queues what the starter sheds (--find-max finds the rate it sustains)` : ''}`,
      );
    }
  }
  return warnings;
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(part === 0 || part === whole ? 0 : 1)}%` : '0%';
}
