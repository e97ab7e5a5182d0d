import { describe, expect, it } from 'vitest';
import { compareWithBaselines } from '../../bench/harness/comparison.js';
import type { FindMaxResult, Measurement } from '../../bench/harness/results.js';

function row(subject: Measurement['subject'], p99Ms: number, count: number, cpuUsPerDelivery: number, machineBusy = 0.5): Measurement {
  return {
    subject,
    protocol: 'ws',
    latency: { count, p50Ms: 1, p90Ms: 2, p99Ms, p999Ms: p99Ms, maxMs: p99Ms },
    server: { cpuUsPerDelivery, cpuCores: 0.5, eventLoopUtilisation: 0.5, bytesPerDelivery: 100, writesPerDelivery: 1 },
    machineBusy,
  } as Measurement;
}

const maxima = (starter: number, raw: number): FindMaxResult[] => [
  { subject: 'ws-starter', label: '', maxDeliveriesPerS: starter, p99Ms: 10, steps: [] },
  { subject: 'ws-raw', label: '', maxDeliveriesPerS: raw, p99Ms: 10, steps: [] },
];

describe('starters against their baselines', () => {
  it('gives each ratio as starter / raw from the same run', () => {
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 10, 100, 1), row('ws-raw', 20, 100, 4)], maxima(500_000, 100_000), undefined);
    expect(ws).toMatchObject({ protocol: 'ws', maxRateRatio: 5, p99Ratio: 0.5, cpuPerDeliveryRatio: 0.25, memoryRatio: null });
    expect(ws!.reading.join(' ')).toMatch(/frames each broadcast once/);
  });

  it('has no p99 ratio when either server delivered nothing', () => {
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 0, 0, 1), row('ws-raw', 20, 100, 4)], undefined, undefined);
    expect(ws!.p99Ratio).toBeNull();
  });

  it('gives no verdict without --find-max, and says when the machine was saturated', () => {
    const [ws] = compareWithBaselines(['ws'], [row('ws-starter', 10, 100, 1, 0.97), row('ws-raw', 20, 100, 4)], undefined, undefined);
    expect(ws!.maxRateRatio).toBeNull();
    expect(ws!.reading).toEqual([expect.stringMatching(/saturated/)]);
  });

  it('keeps the one-event-per-request sse starter as the verdict and states the batch form beside it', () => {
    const sse: FindMaxResult[] = [
      { subject: 'sse-starter', label: '', maxDeliveriesPerS: 50_000, p99Ms: 10, steps: [] },
      { subject: 'sse-raw', label: '', maxDeliveriesPerS: 100_000, p99Ms: 10, steps: [] },
      { subject: 'sse-starter-batch', label: '', maxDeliveriesPerS: 150_000, p99Ms: 10, steps: [] },
    ];
    const [comparison] = compareWithBaselines(['sse'], [], sse, undefined);
    expect(comparison!.maxRateRatio).toBe(0.5);
    expect(comparison!.reading).toEqual([expect.stringMatching(/one event each/), expect.stringMatching(/batch POST \/publish .* 1\.5x/)]);
  });
});
