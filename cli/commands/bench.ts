import { existsSync } from 'node:fs';
import { open, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { BenchOptionError, benchOptionsFromFlags } from '../../bench/harness/options.js';
import { findRedisServer } from '../../bench/harness/redis-server.js';
import { renderReport } from '../../bench/harness/report-text.js';
import { spawnChild } from '../../bench/harness/child-process.js';
import type { BenchResult } from '../../bench/harness/run-bench.js';
import { OperationError, UsageError } from '../../src/errors.js';
import { packageRoot } from '../../src/scaffold/package-root.js';
import type { ParsedArgs } from '../args.js';
import type { Context } from '../context.js';
import type { Style } from '../style.js';

/** The harness's child processes run TypeScript through tsx: a clone after `npm ci` has both. */
function checkHarness(root: string): void {
  const children = join(root, 'bench', 'harness', 'children', 'server.ts');
  let tsx = true;
  try {
    createRequire(join(root, 'package.json')).resolve('tsx');
  } catch {
    tsx = false;
  }
  if (!existsSync(children) || !tsx) {
    throw new OperationError(
      'CP_BENCH_UNAVAILABLE',
      'choose-protocol bench runs from a clone of the repository after npm ci (it runs the starters\' TypeScript with tsx, a devDependency): git clone it, then npm ci && npm run bench.',
    );
  }
}

/**
 * --out is checked before a run that may take half an hour, not after it: a folder, a path in a
 * read-only or pseudo file system (/proc), or a missing parent would otherwise fail only at the
 * end and lose the result. Opened for appending, so an existing file is not truncated by the
 * check (the run replaces it at the end); a file the check created is removed again.
 */
async function checkOut(out: string): Promise<void> {
  const parent = await stat(dirname(out)).catch(() => undefined);
  if (!parent?.isDirectory()) throw new UsageError('CP_INVALID_VALUE', `--out: the folder ${dirname(out)} does not exist.`);
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError('CP_INVALID_VALUE', `--out: ${out} is a folder; give a file name inside it.`);
  try {
    await (await open(out, 'a')).close();
  } catch (error) {
    throw new UsageError('CP_INVALID_VALUE', `--out: cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  if (existing === undefined) await unlink(out).catch(() => {});
}

export default async function bench(ctx: Context, args: ParsedArgs, style: Style): Promise<void> {
  let options;
  try {
    options = benchOptionsFromFlags(args.flags);
  } catch (error) {
    if (error instanceof BenchOptionError) throw new UsageError('CP_INVALID_VALUE', error.message);
    throw error;
  }
  const out = typeof args.flags.out === 'string' ? resolve(ctx.cwd, args.flags.out) : undefined;
  if (out !== undefined) await checkOut(out);
  const root = packageRoot();
  checkHarness(root);
  if (options.redis && findRedisServer() === undefined) {
    throw new OperationError(
      'CP_REDIS_UNAVAILABLE',
      '--redis runs a redis-server of its own, and none is installed: apt-get install redis-server (macOS: brew install redis), or set REDIS_SERVER to its path.',
    );
  }
  const json = args.flags.json === true;
  // A live line on a terminal only: piped output and logs get the result and nothing else.
  const live = ctx.stderr.isTTY === true;
  const progress = live ? (text: string) => ctx.stderr.write(`\r\u001b[2K${style.dim(text)}`) : undefined;
  const orchestrator = spawnChild(root, 'orchestrator', [], (notice) => progress?.(notice.notice));
  let result: BenchResult;
  try {
    result = await orchestrator.call<BenchResult>('run', { options, root, command: ['choose-protocol', ...ctx.argv].join(' '), live });
  } catch (error) {
    throw new OperationError('CP_BENCH_FAILED', `The benchmark stopped: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    if (live) ctx.stderr.write('\r\u001b[2K');
    await orchestrator.shutdown('close', 2_000);
  }
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (out !== undefined) {
    await writeFile(out, text).catch((error: unknown) => {
      throw new OperationError('CP_WRITE_FAILED', `Could not write ${out}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  }
  ctx.stdout.write(json ? text : renderReport(result));
}
