import { describe, expect, it } from 'vitest';
import { sloFailure } from '../../bench/harness/find-max.js';
import { shares } from '../../bench/harness/measure.js';
import { poolWorkers } from '../../bench/harness/run-bench.js';
import { BenchOptionError, benchOptionsFromFlags, defaultBenchOptions, parseDuration } from '../../bench/harness/options.js';

describe('bench options', () => {
  it('defaults to the issue: all protocols, 100 clients, 1000 events/s, 10 s after 3 s', () => {
    expect(benchOptionsFromFlags({})).toEqual(defaultBenchOptions);
    expect(defaultBenchOptions).toMatchObject({ protocols: ['ws', 'sse', 'grpc'], clients: 100, rate: 1000, durationS: 10, warmupS: 3, sloMs: 50 });
  });

  it('reads every flag', () => {
    const options = benchOptionsFromFlags({ protocols: 'grpc,ws', clients: '7', rate: '250', duration: '1.5s', warmup: '500ms', payload: '64', 'slo-ms': '20', 'client-workers': '3', 'find-max': true, memory: true, redis: true });
    expect(options).toEqual({ protocols: ['ws', 'grpc'], clients: 7, rate: 250, durationS: 1.5, warmupS: 0.5, payload: 64, sloMs: 20, workers: 3, findMax: true, memory: true, redis: true, sseH2: false });
    expect(benchOptionsFromFlags({ protocols: 'sse', 'sse-h2': true }).sseH2).toBe(true);
  });

  it('parses durations with and without units', () => {
    expect(parseDuration('duration', '10')).toBe(10);
    expect(parseDuration('duration', '10s')).toBe(10);
    expect(parseDuration('duration', '250ms')).toBe(0.25);
    // The range errors say "100ms to 1h" and "at most 10m": those units parse too.
    expect(parseDuration('duration', '1h')).toBe(3600);
    expect(parseDuration('warmup', '10m')).toBe(600);
    expect(benchOptionsFromFlags({ duration: '1h', warmup: '10m' })).toMatchObject({ durationS: 3600, warmupS: 600 });
    expect(() => benchOptionsFromFlags({ duration: '61m' })).toThrow(/from 100ms to 1h/);
    expect(() => parseDuration('duration', '-1s')).toThrow(BenchOptionError);
  });

  it('refuses values it cannot run', () => {
    for (const flags of [{ rate: '0' }, { rate: '1e3' }, { clients: '-3' }, { protocols: '' }, { protocols: 'ws,quic' }, { payload: '8' }, { duration: '0s' }, { protocols: 'ws,grpc', 'sse-h2': true }]) {
      expect(() => benchOptionsFromFlags(flags), JSON.stringify(flags)).toThrow(BenchOptionError);
    }
  });
});

describe('find-max', () => {
  const step = { deliveredPerS: 99_000, expectedPerS: 100_000, latency: { count: 1, p50Ms: 1, p90Ms: 2, p99Ms: 40, p999Ms: 60, maxMs: 70 }, countsAddUp: true };

  it('passes a step that delivers 99% of what was offered within the SLO', () => {
    expect(sloFailure(step, 50)).toBeUndefined();
  });

  it('fails a step that delivers less, is too slow at p99, or whose counts do not add up', () => {
    expect(sloFailure({ ...step, deliveredPerS: 98_999 }, 50)).toMatch(/99%/);
    expect(sloFailure(step, 30)).toMatch(/p99 40 ms > 30 ms/);
    expect(sloFailure({ ...step, countsAddUp: false }, 50)).toMatch(/add up/);
  });

  it("names the machine's own scheduling delay when a p99 failure comes with it", () => {
    expect(sloFailure({ ...step, clientsSide: { loopDelayP99Ms: 120 } }, 30)).toBe("p99 40 ms > 30 ms (the machine's own scheduling delay: p99 120 ms in the client workers)");
    expect(sloFailure({ ...step, clientsSide: { loopDelayP99Ms: 5 } }, 30)).toBe('p99 40 ms > 30 ms');
  });
});

describe('spreading clients over workers', () => {
  it('gives each worker a share that differs by at most one and drops empty ones', () => {
    expect(shares(100, 2)).toEqual([50, 50]);
    expect(shares(7, 3)).toEqual([3, 2, 2]);
    expect(shares(1, 4)).toEqual([1]);
  });

  it('starts no more workers than subscribers, counting the CPU goal\'s 100 clients under --find-max', () => {
    const options = { ...defaultBenchOptions, clients: 1 };
    expect(poolWorkers(options)).toBe(1);
    expect(poolWorkers({ ...options, findMax: true })).toBe(2);
    expect(poolWorkers({ ...options, findMax: true, protocols: ['grpc'] })).toBe(1);
    expect(poolWorkers({ ...defaultBenchOptions, clients: 3, workers: 8 })).toBe(3);
  });
});
