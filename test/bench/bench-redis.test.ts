import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../bench/harness/run-bench.js';

/**
 * bench --redis: a redis-server of the run's own, the starters run a second time in Redis mode,
 * and the extra hop reported as ratios to the in-process mode. Counts and shape only, never
 * speed (the machine is shared). The websocket starter is left out here: the sse starter's
 * Redis mode is what this checks end to end.
 */

const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('choose-protocol bench --redis', () => {
  it('runs the sse starter again in Redis mode, every row adds up, and reports the ratio to in-process', async () => {
    const clients = 2;
    const rate = 30;
    const result = await cli(['bench', '--redis', '--protocols', 'sse', '--clients', String(clients), '--rate', String(rate), '--duration', '1s', '--warmup', '300ms', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BenchResult;
    expect(report.options.redis).toBe(true);
    expect(report.runs.map((m) => m.subject)).toEqual(['sse-starter', 'sse-raw', 'sse-starter-batch', 'sse-starter-in-process', 'sse-starter-redis']);
    const redis = report.runs.find((m) => m.subject === 'sse-starter-redis')!;
    expect(redis.countsAddUp).toBe(true);
    expect(redis.lost).toBe(0);
    expect(redis.duplicates).toBe(0);
    expect(redis.reordered).toBe(0);
    expect(redis.publisher.failures).toBe(0);
    expect(redis.notes.join('\n')).toContain('Redis mode');
    // It really connected to Redis (the harness checks with INFO clients).
    expect(redis.notes.join('\n')).not.toContain('did not connect to Redis');
    expect((redis.serverStats as { redis?: { healthy: boolean; lastId: string } }).redis).toMatchObject({ healthy: true, lastId: expect.stringMatching(/^\d+-\d+$/) });
    expect(report.redisComparisons).toHaveLength(1);
    const [comparison] = report.redisComparisons!;
    expect(comparison!.protocol).toBe('sse');
    expect(comparison!.p50Ratio).toBeGreaterThan(0);
    expect(comparison!.cpuPerDeliveryRatio).toBeGreaterThan(0);

    const text = await cli(['bench', '--redis', '--protocols', 'sse', '--clients', '1', '--rate', '20', '--duration', '500ms', '--warmup', '200ms']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Redis mode against in-process mode');
    expect(text.stdout).toMatch(/SSE starter\s+\d+\.\d\dx/);
  });

  it('says CP_REDIS_UNAVAILABLE before starting anything when redis-server is missing', async () => {
    const result = await cli(['bench', '--redis', '--protocols', 'sse'], { REDIS_SERVER: '/nonexistent/redis-server' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/apt-get install redis-server.*\[CP_REDIS_UNAVAILABLE\]/);
  });
});
