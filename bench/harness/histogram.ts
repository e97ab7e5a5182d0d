import * as hdr from 'hdr-histogram-js';

/** Latencies are recorded in microseconds, from 1 µs to 60 s, to 3 significant digits. */
const HIGHEST_US = 60_000_000;

export type Histogram = hdr.Histogram;

export function createHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/** Records one latency; values outside the trackable range are clamped, never dropped. */
export function recordLatency(histogram: Histogram, us: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(us))));
}

/** A histogram as text, to cross a process boundary. */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Adds every encoded histogram into one. */
export function mergeHistograms(encoded: readonly string[]): Histogram {
  const total = createHistogram();
  for (const text of encoded) {
    const part = hdr.decodeFromCompressedBase64(text, 32, false);
    total.add(part);
    part.destroy();
  }
  return total;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

const toMs = (us: number): number => Math.round(us) / 1000;

export function summarise(histogram: Histogram): LatencySummary {
  return {
    count: histogram.totalCount,
    p50Ms: toMs(histogram.getValueAtPercentile(50)),
    p90Ms: toMs(histogram.getValueAtPercentile(90)),
    p99Ms: toMs(histogram.getValueAtPercentile(99)),
    p999Ms: toMs(histogram.getValueAtPercentile(99.9)),
    // The top bucket's upper bound, as for the percentiles: the same whether or not the histogram
    // crossed a process boundary (encoding keeps buckets, not the exact maximum).
    maxMs: toMs(histogram.getValueAtPercentile(100)),
  };
}
