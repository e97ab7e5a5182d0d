import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../bench/harness/run-bench.js';
import { protocols, subjectsFor } from '../../bench/harness/subjects.js';

/**
 * The built CLI runs a short real bench: every starter and raw baseline in its own process, real
 * sockets on loopback. It checks that the counts add up and the report is whole, never how fast
 * anything is (the machine is shared).
 */

const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

interface Schema {
  $schema: string;
  $id: string;
  $defs: Record<string, { enum: unknown[] }>;
}
const schema = JSON.parse(readFileSync(new URL('../../schemas/bench.schema.json', import.meta.url), 'utf8')) as Schema;
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('choose-protocol bench', () => {
  it('runs each protocol for a second and every row adds up: delivered + lost = expected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-bench-'));
    dirs.push(dir);
    const out = join(dir, 'result.json');
    const clients = 3;
    const rate = 40;
    const result = await cli(['bench', '--clients', String(clients), '--rate', String(rate), '--duration', '1s', '--warmup', '500ms', '--json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    // Not a terminal: no progress line, only the one JSON object.
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as BenchResult;
    expect(validate(report), ajv.errorsText(validate.errors)).toBe(true);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(report);
    expect(report.runs.map((m) => m.subject)).toEqual(['ws-starter', 'ws-raw', 'sse-starter', 'sse-raw', 'sse-starter-batch', 'sse-starter-in-process', 'grpc-starter', 'grpc-raw']);
    for (const m of report.runs) {
      expect(m.expected, m.subject).toBe(rate * 1 * clients);
      expect(m.delivered + m.lost, m.subject).toBe(m.expected);
      expect(m.countsAddUp, m.subject).toBe(true);
      expect(m.expectedPerS).toBe(rate * clients);
      expect(m.duplicates, m.subject).toBe(0);
      expect(m.latency.count, m.subject).toBe(m.delivered);
      expect(m.clientsSide.stray, m.subject).toBe(0);
      expect(m.publisher.sent, m.subject).toBe(Math.round(rate * 0.5) + rate);
    }
    expect(report.environment.command).toContain('bench --clients 3');
    expect(report.environment.cores).toBeGreaterThan(0);
    expect(report.comparisons.map((c) => c.protocol)).toEqual(['ws', 'sse', 'grpc']);
  });

  it('with --find-max, judges the p99 goal from runs of its own at a rate both gRPC servers sustained, and those add up too', async () => {
    const clients = 2;
    const result = await cli(['bench', '--protocols', 'grpc', '--find-max', '--clients', String(clients), '--duration', '300ms', '--warmup', '100ms', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BenchResult;
    expect(validate(report), ajv.errorsText(validate.errors)).toBe(true);
    expect(report.findMax!.map((f) => f.subject)).toEqual(['grpc-starter', 'grpc-raw']);
    const goal = report.p99Goal!;
    expect(goal.rows).toHaveLength(1);
    const [row] = goal.rows;
    // Three turns, each in the other order than the one before, every run at the row's rate: half
    // the lower of the highest rates the two searches passed (or the run's own, if lower).
    expect(goal.runs.map((m) => m.subject)).toEqual(['grpc-starter', 'grpc-raw', 'grpc-raw', 'grpc-starter', 'grpc-starter', 'grpc-raw']);
    const highest = report.findMax!.map((f) => Math.max(...f.steps.filter((s) => s.passed).map((s) => s.offeredPerS)));
    expect(row!.ratePerS).toBeLessThanOrEqual(Math.min(1000, Math.min(...highest) / 2));
    expect(row!.ratePerS).toBeGreaterThan(Math.min(1000, Math.min(...highest) / 2) * 0.9);
    for (const m of goal.runs) {
      expect(m.offeredPerS).toBe(row!.ratePerS);
      expect(m.delivered + m.lost, m.subject).toBe(m.expected);
      expect(m.countsAddUp, m.subject).toBe(true);
    }
    const [s, r] = row!.runIndexes;
    expect([goal.runs[s]!.subject, goal.runs[r]!.subject]).toEqual(['grpc-starter', 'grpc-raw']);
    expect(row!.starterP99Ms).toBe(goal.runs[s]!.latency.count > 0 ? goal.runs[s]!.latency.p99Ms : null);
    expect(row!.samples).toHaveLength(3);
    // The comparison's ratio is the goal's, at the goal's rate (none where the turns were not carried:
    // this short run's 300 ms per turn gives each side too few deliveries to judge a p99 on).
    const comparison = report.comparisons[0]!;
    expect(comparison.p99Ratio).toBe(row!.carried && row!.ratio !== null ? Math.round(row!.ratio * 100) / 100 : null);
    if (comparison.p99Ratio !== null) expect(comparison.p99RatePerS).toBe(row!.ratePerS);
    expect(comparison.reading.join(' ')).toMatch(/grpc starter: p99 .* \(goal: at most 1\.5x\)/);
  }, 240_000);

  it('runs the SSE subjects over HTTP/2 with --sse-h2, and their rows add up too', async () => {
    const clients = 3;
    const rate = 40;
    const result = await cli(['bench', '--protocols', 'sse', '--sse-h2', '--clients', String(clients), '--rate', String(rate), '--duration', '1s', '--warmup', '500ms', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BenchResult;
    expect(validate(report), ajv.errorsText(validate.errors)).toBe(true);
    expect(report.runs.map((m) => m.subject)).toEqual(['sse-starter', 'sse-raw', 'sse-starter-batch', 'sse-starter-in-process', 'sse-starter-h2', 'sse-raw-h2']);
    for (const m of report.runs) {
      expect(m.delivered + m.lost, m.subject).toBe(rate * clients);
      expect(m.countsAddUp, m.subject).toBe(true);
      expect(m.duplicates, m.subject).toBe(0);
      expect(m.publisher.failures, m.subject).toBe(0);
    }
    expect(report.runs.find((m) => m.subject === 'sse-starter-h2')!.notes.join(' ')).toMatch(/HTTP\/2/);
    // Without sse there is nothing to run over HTTP/2: a usage error, before anything starts.
    const refused = await cli(['bench', '--protocols', 'ws', '--sse-h2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--sse-h2/);
  });

  it('has a schema that names every subject and protocol the harness runs, and is strict', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://unpkg.com/choose-protocol/schemas/bench.schema.json');
    expect(schema.$defs.subject!.enum).toEqual(subjectsFor(protocols, { redis: true, sseH2: true }).map((s) => s.id));
    expect(schema.$defs.protocol!.enum).toEqual([...protocols]);
    const committed = JSON.parse(readFileSync(new URL('../../bench/results/latest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(validate(committed), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...committed, extra: 1 })).toBe(false);
  });

  it('refuses bad flag values with a usage error before starting anything', async () => {
    for (const args of [['--rate', 'fast'], ['--protocols', 'ws,mqtt'], ['--duration', '10 minutes'], ['--clients', '0'], ['--out', '/no/such/folder/r.json']]) {
      const result = await cli(['bench', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/\[CP_INVALID_VALUE\]/);
    }
  });

  it('refuses an --out it could not write before running, not after (a folder, a pseudo file system)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-bench-out-'));
    dirs.push(dir);
    // A run short enough that, were --out checked only at the end, the test would see it fail there.
    const quick = ['--protocols', 'ws', '--clients', '1', '--rate', '10', '--duration', '100ms', '--warmup', '0s'];
    for (const out of [dir, '/proc/cp-bench-result.json']) {
      const result = await cli(['bench', ...quick, '--out', out]);
      expect(result.code, `${out}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/--out: .*\[CP_INVALID_VALUE\]/);
      expect(result.stdout).toBe('');
    }
    // An existing file is replaced by the result, and left as it was by a refused run.
    const existing = join(dir, 'old.json');
    await writeFile(existing, 'keep me');
    const refused = await cli(['bench', '--protocols', 'ws', '--rate', '0', '--out', existing]);
    expect(refused.code).toBe(2);
    expect(await readFile(existing, 'utf8')).toBe('keep me');
  });
});
