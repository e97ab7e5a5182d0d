import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, mergeHistograms, recordLatency, summarise } from '../../bench/harness/histogram.js';

/** Three significant digits: within 0.1% of the true value. */
function expectWithinPrecision(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.001);
}

describe('latency histograms', () => {
  it('reports percentiles of a known distribution to three significant digits', () => {
    const histogram = createHistogram();
    for (let us = 1; us <= 10_000; us++) recordLatency(histogram, us);
    const summary = summarise(histogram);
    expect(summary.count).toBe(10_000);
    expectWithinPrecision(summary.p50Ms, 5);
    expectWithinPrecision(summary.p90Ms, 9);
    expectWithinPrecision(summary.p99Ms, 9.9);
    expectWithinPrecision(summary.p999Ms, 9.99);
    expectWithinPrecision(summary.maxMs, 10);
    histogram.destroy();
  });

  it('finds a rare slow tail that an average would hide', () => {
    const histogram = createHistogram();
    for (let i = 0; i < 990; i++) recordLatency(histogram, 1_000);
    for (let i = 0; i < 10; i++) recordLatency(histogram, 200_000);
    const summary = summarise(histogram);
    expectWithinPrecision(summary.p50Ms, 1);
    expectWithinPrecision(summary.p99Ms, 1);
    expectWithinPrecision(summary.p999Ms, 200);
    histogram.destroy();
  });

  it('merges histograms sent from other processes into the same percentiles as one histogram', () => {
    const whole = createHistogram();
    const parts = [createHistogram(), createHistogram(), createHistogram()];
    for (let i = 0; i < 3_000; i++) {
      const us = 50 + ((i * 7919) % 20_000);
      recordLatency(whole, us);
      recordLatency(parts[i % 3]!, us);
    }
    const merged = mergeHistograms(parts.map(encodeHistogram));
    expect(summarise(merged)).toEqual(summarise(whole));
    for (const h of [whole, merged, ...parts]) h.destroy();
  });

  it('clamps values outside the trackable range instead of dropping them', () => {
    const histogram = createHistogram();
    recordLatency(histogram, -5);
    recordLatency(histogram, 0.2);
    recordLatency(histogram, 1e12);
    const summary = summarise(histogram);
    expect(summary.count).toBe(3);
    expect(summary.maxMs).toBeGreaterThanOrEqual(59_000);
    histogram.destroy();
  });
});
