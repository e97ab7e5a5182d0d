/**
 * Which measurements of a committed run saw the machine saturated, and by whom: the harness's
 * own judgement (bench/harness/machine-load.ts), so the page tells "this run used every core"
 * (expected at the top of --find-max; the figures stand, capped by the machine) from "other
 * processes competed" (the figures want a quiet rerun), in the harness's words. A run recorded
 * before runBusy was measured gets it from its server, client and publisher CPU, as the harness does.
 */
import { runBusy, SATURATED, saturation, saturationWarning, type Saturation } from '../../bench/harness/machine-load.js';
import type { Measurement } from '../../bench/harness/results.js';
import type { BenchRunView } from './bench-view.js';

export interface SaturatedMeasurement {
  label: string;
  offeredPerS: number;
  saturation: Saturation;
  /** The harness's sentence for it. */
  warning: string;
}

export interface RunLoad {
  /** Every measurement the page reads: the default-rate runs, then the CPU goal's and the p99 goal's. */
  measurements: number;
  /** Other processes competed for the cores. */
  others: SaturatedMeasurement[];
  /** The run's own server, clients and publisher used every core. */
  own: SaturatedMeasurement[];
  /** Measurements where a client worker used 90% of a core or more: the clients may have limited them. */
  clientsSaturated: { label: string; offeredPerS: number }[];
}

function measurementsOf(run: BenchRunView): Measurement[] {
  return [...run.runs, ...(run.cpuGoal?.runs ?? []), ...(run.p99Goal?.runs ?? [])];
}

export function runLoad(run: BenchRunView): RunLoad {
  const cores = run.environment.cores;
  const all = measurementsOf(run);
  const saturated = all.flatMap((m) => {
    const s = saturation(m.machineBusy, m.runBusy ?? runBusy(m, cores));
    return s ? [{ label: m.label, offeredPerS: m.offeredPerS, saturation: s, warning: saturationWarning(s) }] : [];
  });
  return {
    measurements: all.length,
    others: saturated.filter((s) => s.saturation.kind === 'others'),
    own: saturated.filter((s) => s.saturation.kind === 'run'),
    clientsSaturated: all.filter((m) => m.clientsSide.busiestWorker >= SATURATED).map((m) => ({ label: m.label, offeredPerS: m.offeredPerS })),
  };
}
