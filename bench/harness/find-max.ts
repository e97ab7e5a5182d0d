import { SATURATED, saturation } from './machine-load.js';
import { measure, type MeasureOptions } from './measure.js';
import type { FindMaxResult, FindMaxStep, Measurement } from './results.js';

export interface FindMaxOptions extends Omit<MeasureOptions, 'rate' | 'run'> {
  /** The first offered rate, events/s. */
  startRate: number;
  /** Steps at most before the refinement (doubling, or halving when the start already fails). */
  maxSteps: number;
  nextRun(): number;
}

const MIN_RATE = 10;

/** Why a step fails the SLO, or undefined when it meets it. */
export function sloFailure(
  m: Pick<Measurement, 'deliveredPerS' | 'expectedPerS' | 'latency' | 'countsAddUp'> & { clientsSide?: Pick<Measurement['clientsSide'], 'loopDelayP99Ms'> },
  sloMs: number,
): string | undefined {
  if (!m.countsAddUp) return 'counts do not add up';
  if (m.deliveredPerS < 0.99 * m.expectedPerS) return `delivered ${m.deliveredPerS}/s < 99% of ${m.expectedPerS}/s`;
  if (m.latency.p99Ms > sloMs) {
    // Said with the failure: a p99 over the SLO on a machine whose idle processes already run
    // that late says more about the machine than about the server (issue 16's find-max steps).
    const noise = m.clientsSide?.loopDelayP99Ms ?? 0;
    return `p99 ${m.latency.p99Ms} ms > ${sloMs} ms${noise > sloMs / 2 ? ` (the machine's own scheduling delay: p99 ${noise} ms in the client workers)` : ''}`;
  }
  return undefined;
}

/** --find-max refines between the last rate that passed and the first that failed until they are this close. */
export const REFINE_TO = 1.1;
/** At most this many refinement steps (each up to two measurements). */
export const MAX_REFINEMENTS = 4;

export interface SearchPlan {
  startRate: number;
  /** Distinct rates at most before the refinement. */
  maxSteps: number;
}

/**
 * The search over offered rates, apart from measuring: doubles the rate until `passes` says no
 * (or halves it while the first rate already fails), then bisects (geometrically) between the
 * highest rate that passed and the lowest that failed until they are within REFINE_TO of each
 * other. One midpoint alone left every raw baseline of the 2026-12-03 run at exactly 566 events/s
 * (between 400, passed, and 800, failed): a grid point, not a limit.
 */
export async function searchMaxRate(passes: (rate: number) => Promise<boolean>, plan: SearchPlan): Promise<{ passed?: number; failed?: number }> {
  const tried = new Set<number>();
  let passed: number | undefined;
  let failed: number | undefined;
  const attempt = async (rate: number): Promise<boolean> => {
    tried.add(rate);
    const ok = await passes(rate);
    if (ok) passed = Math.max(passed ?? 0, rate);
    else failed = Math.min(failed ?? Infinity, rate);
    return ok;
  };
  let rate = plan.startRate;
  if (await attempt(rate)) {
    while (tried.size < plan.maxSteps) {
      rate *= 2;
      if (!(await attempt(rate))) break;
    }
  } else {
    // Even the first rate was too much (a loaded machine): halve until one passes.
    while (tried.size < plan.maxSteps && rate > MIN_RATE) {
      rate = Math.max(MIN_RATE, Math.round(rate / 2));
      if (await attempt(rate)) break;
    }
  }
  for (let i = 0; i < MAX_REFINEMENTS && passed !== undefined && failed !== undefined && failed > passed * REFINE_TO; i++) {
    const mid = Math.round(Math.sqrt(passed * failed));
    if (mid <= passed || mid >= failed) break;
    await attempt(mid);
  }
  return { ...(passed === undefined ? {} : { passed }), ...(failed === undefined ? {} : { failed }) };
}

type StepMeasurement = Pick<Measurement, 'offeredPerS' | 'deliveredPerS' | 'expectedPerS' | 'latency' | 'countsAddUp' | 'machineBusy' | 'runBusy'> & {
  clientsSide: Pick<Measurement['clientsSide'], 'busiestWorker' | 'loopDelayP99Ms'>;
};

/** One --find-max step's record: the SLO verdict and what besides the server may have decided it. */
export function findMaxStep(m: StepMeasurement, sloMs: number, retry: boolean): FindMaxStep {
  const failure = sloFailure(m, sloMs);
  // A step the clients could not keep up with measured the clients, not the server (issue 16:
  // the client side must not be the bottleneck, and the report says when it was).
  const clientsSaturated = m.clientsSide.busiestWorker >= SATURATED;
  // Likewise a step that failed while other processes took the cores (the default run's rows say
  // so in their warnings, but a step's only trace is this record): a maximum they set is no verdict.
  const competing = saturation(m.machineBusy, m.runBusy ?? null);
  const othersBusy = competing?.kind === 'others' ? competing.others : undefined;
  const notes = [
    ...(clientsSaturated ? [`the clients saturated: a client worker used ${Math.round(m.clientsSide.busiestWorker * 100)}% of a core`] : []),
    ...(competing?.kind === 'others' ? [`other processes used ${Math.round(competing.others * 100)}% of the machine, which was ${Math.round(competing.machine * 100)}% busy`] : []),
  ];
  return {
    offeredPerS: m.offeredPerS,
    deliveredPerS: m.deliveredPerS,
    p99Ms: m.latency.p99Ms,
    passed: failure === undefined,
    reason: failure === undefined ? 'met the SLO' : notes.length > 0 ? `${failure} (${notes.join('; ')})` : failure,
    ...(retry ? { retry } : {}),
    ...(clientsSaturated ? { clientsSaturated } : {}),
    ...(othersBusy !== undefined ? { othersBusy } : {}),
  };
}

/**
 * Measures each rate searchMaxRate() asks for. Each step is a fresh server process; a failed
 * step is measured once more.
 */
export async function findMax(options: FindMaxOptions): Promise<FindMaxResult> {
  const steps: FindMaxStep[] = [];
  let best: Measurement | undefined;
  const once = async (rate: number, retry: boolean): Promise<boolean> => {
    const m = await measure({ ...options, rate, run: options.nextRun() });
    const step = findMaxStep(m, options.sloMs, retry);
    steps.push(step);
    if (step.passed && (!best || m.deliveredPerS > best.deliveredPerS)) best = m;
    return step.passed;
  };
  // A rate fails only when it fails twice: on a shared machine one burst of another process's
  // work can push a single step's p99 past the SLO. Every subject gets the same second chance.
  await searchMaxRate(async (rate) => (await once(rate, false)) || (await once(rate, true)), { startRate: options.startRate, maxSteps: options.maxSteps });
  const top: Measurement | undefined = best;
  return {
    subject: options.subject.id,
    label: options.subject.label,
    maxDeliveriesPerS: top?.deliveredPerS ?? 0,
    p99Ms: top?.latency.p99Ms ?? null,
    ...whatLimited(steps, top?.offeredPerS),
    steps,
  };
}

/**
 * Whether something besides the server may have set the maximum: the rate that bounds it (the
 * lowest that failed above it) failed with the clients saturated (the maximum is then a floor),
 * or while other processes took the cores. A rate fails only when both its measurements fail,
 * so one measurement that failed that way makes its verdict unsure. Failures at higher rates
 * say nothing more: the bounding rate decides (before, any failure above the maximum counted,
 * even one at a rate above a rate that had failed twice on the server alone). Neither does a
 * lower rate that failed once and passed on its second measurement.
 */
export function whatLimited(steps: readonly FindMaxStep[], maxRate: number | undefined): { clientsLimited: boolean; othersCompeted?: true } {
  const above = steps.filter((s) => !s.passed && s.offeredPerS > (maxRate ?? 0));
  const bound = Math.min(...above.map((s) => s.offeredPerS));
  const bounding = above.filter((s) => s.offeredPerS === bound);
  return {
    clientsLimited: bounding.some((s) => s.clientsSaturated === true),
    ...(bounding.some((s) => s.othersBusy !== undefined) ? { othersCompeted: true as const } : {}),
  };
}
