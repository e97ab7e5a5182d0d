import { describe, expect, it } from 'vitest';
import { compareWithBaselines } from '../../bench/harness/comparison.js';
import type { FindMaxResult, Measurement } from '../../bench/harness/results.js';

function row(subject: Measurement['subject'], p99Ms: number, count: number, cpuUsPerDelivery: number, machineBusy = 0.5, ownCores = 0.5): Measurement {
  return {
    subject,
    protocol: 'ws',
    label: subject,
    latency: { count, p50Ms: 1, p90Ms: 2, p99Ms, p999Ms: p99Ms, maxMs: p99Ms },
    server: { cpuUsPerDelivery, cpuCores: ownCores / 2, eventLoopUtilisation: 0.5, bytesPerDelivery: 100, writesPerDelivery: 1 },
    clientsSide: { cpuCores: ownCores / 2 },
    publisher: { cpuCores: 0 },
    machineBusy,
  } as Measurement;
}

const CORES = 2;

const maxima = (starter: number, raw: number): FindMaxResult[] => [
  { subject: 'ws-starter', label: '', maxDeliveriesPerS: starter, p99Ms: 10, steps: [] },
  { subject: 'ws-raw', label: '', maxDeliveriesPerS: raw, p99Ms: 10, steps: [] },
];

describe('starters against their baselines', () => {
  it('gives each ratio as starter / raw from the same run', () => {
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 10, 100, 1), row('ws-raw', 20, 100, 4)], maxima(500_000, 100_000), undefined, CORES);
    expect(ws).toMatchObject({ protocol: 'ws', maxRateRatio: 5, p99Ratio: 0.5, cpuPerDeliveryRatio: 0.25, memoryRatio: null });
    expect(ws!.reading.join(' ')).toMatch(/frames each broadcast once/);
  });

  it('has no p99 ratio when either server delivered nothing', () => {
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 0, 0, 1), row('ws-raw', 20, 100, 4)], undefined, undefined, CORES);
    expect(ws!.p99Ratio).toBeNull();
  });

  it('gives no verdict without --find-max, and says when other processes competed with a run', () => {
    // 97% of the machine busy, the run's own processes 0.5 of 2 cores (25%): others took 72%.
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 10, 100, 1, 0.97), row('ws-raw', 20, 100, 4)], undefined, undefined, CORES);
    expect(ws!.maxRateRatio).toBeNull();
    expect(ws!.reading).toEqual(['other processes competed with ws-starter for the cores (up to 72% of the machine besides this run): rerun on a quiet machine before trusting these ratios']);
  });

  it('says a run that used every core itself saturated the machine, without blaming other processes', () => {
    // 98% busy, the run's own processes 1.9 of 2 cores (95%): others took 3%, which is no competition.
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 10, 100, 1), row('ws-raw', 600, 100, 9, 0.98, 1.9)], undefined, undefined, CORES);
    expect(ws!.reading).toEqual([expect.stringMatching(/^ws-raw used every core itself \(server, clients and publisher, 95% of the machine\): the run, not another process/)]);
    expect(ws!.reading.join(' ')).not.toMatch(/quiet machine|competed/);
  });

  it('prefers the runBusy a run recorded over one worked out from its CPU figures', () => {
    const recorded = { ...row('ws-raw', 600, 100, 9, 0.98, 1.9), runBusy: 0.5 };
    const [ws] = compareWithBaselines(['ws'], [recorded], undefined, undefined, CORES);
    expect(ws!.reading).toEqual([expect.stringMatching(/other processes competed with ws-raw .*\(up to 48% of the machine/)]);
  });

  it('keeps the one-event-per-request sse starter as the verdict and states the batch form beside it', () => {
    const sse: FindMaxResult[] = [
      { subject: 'sse-starter', label: '', maxDeliveriesPerS: 50_000, p99Ms: 10, steps: [] },
      { subject: 'sse-raw', label: '', maxDeliveriesPerS: 100_000, p99Ms: 10, steps: [] },
      { subject: 'sse-starter-batch', label: '', maxDeliveriesPerS: 150_000, p99Ms: 10, steps: [] },
    ];
    const [comparison] = compareWithBaselines(['sse'], [], sse, undefined, CORES);
    expect(comparison!.maxRateRatio).toBe(0.5);
    expect(comparison!.reading).toEqual([expect.stringMatching(/one event each/), expect.stringMatching(/batch POST \/publish .* 1\.5x/)]);
  });
});
