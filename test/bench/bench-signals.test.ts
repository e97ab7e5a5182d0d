import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The bench is a tree of processes (CLI -> orchestrator -> server, client workers, publisher, and
 * with --redis a redis-server). A signal to the CLI alone (a supervisor's SIGTERM, `kill -INT`)
 * must end the whole tree: nothing may keep a port, a core or a temp folder after the CLI is gone.
 */

const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

function processes(): Proc[] {
  const all: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      all.push({ pid: Number(entry), ppid: Number(fields[1]), state: fields[0]!, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return all;
}

function descendants(root: number): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  const walk = (pid: number): void => {
    for (const child of all.filter((p) => p.ppid === pid)) {
      found.push(child);
      walk(child.pid);
    }
  };
  walk(root);
  return found;
}

/** Running (not a zombie waiting for a reaper): a process that still holds its ports and memory. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** redis-server's folders (bench/harness/redis-server.ts), by name. */
const redisDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('cp-bench-redis-'));

/** Sockets a process holds open. */
function sockets(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return 0;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('choose-protocol bench, stopped by a signal to the CLI alone', () => {
  it.each([
    ['SIGTERM', null],
    ['SIGINT', 130],
  ] as const)('leaves no process of its tree running after %s mid-run, redis-server included', async (signal, exitCode) => {
    const dirsBefore = new Set(redisDirs());
    // A long run, so the signal lands while the first subject is measured.
    const cli = spawn(process.execPath, [bin, 'bench', '--redis', '--protocols', 'sse', '--clients', '2', '--rate', '20', '--duration', '60s', '--warmup', '0s', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => cli.once('exit', (code, sig) => resolve({ code, signal: sig })));
    let tree: Proc[] = [];
    try {
      tree = await until('the server, clients, publisher and redis-server', 60_000, () => {
        const procs = descendants(cli.pid!);
        const has = (part: string): boolean => procs.some((p) => p.cmdline.includes(part));
        return has('children/server.ts') && has('children/clients.ts') && has('children/publisher.ts') && has('redis-server') ? procs : undefined;
      });
      // Connected and running (the processes load their TypeScript first, which takes seconds on
      // a loaded machine): the server holds its IPC channel, its listening socket, the two
      // subscribers and the publisher.
      const server = tree.find((p) => p.cmdline.includes('children/server.ts'))!;
      await until('the clients and the publisher to connect', 60_000, () => (sockets(server.pid) >= 5 ? true : undefined));
      await sleep(500);
      cli.kill(signal);
      const end = await exited;
      if (exitCode === null) expect(end.signal).toBe(signal);
      else expect(end.code).toBe(exitCode);
      const left = await until('the tree to go', 30_000, () => {
        const running = tree.filter((p) => alive(p.pid));
        return running.length === 0 ? [] : undefined;
      }).catch(() => tree.filter((p) => alive(p.pid)).map((p) => p.cmdline));
      expect(left).toEqual([]);
      expect(redisDirs().filter((name) => !dirsBefore.has(name))).toEqual([]);
    } finally {
      // Whatever a failed run left, so the next test and the machine start clean.
      cli.kill('SIGKILL');
      for (const p of [...tree, ...descendants(cli.pid!)]) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
  });

  it('fails with the cause, and leaves nothing running, when a client worker is killed mid-run', async () => {
    const cli = spawn(process.execPath, [bin, 'bench', '--protocols', 'ws', '--clients', '2', '--rate', '20', '--duration', '60s', '--warmup', '0s'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    let tree: Proc[] = [];
    try {
      tree = await until('the server and its clients', 60_000, () => {
        const procs = descendants(cli.pid!);
        const server = procs.find((p) => p.cmdline.includes('children/server.ts'));
        return server && sockets(server.pid) >= 5 ? procs : undefined;
      });
      const worker = tree.find((p) => p.cmdline.includes('children/clients.ts'))!;
      process.kill(worker.pid, 'SIGKILL');
      expect(await exited).toBe(1);
      // Not a silent zero or a report with the worker's subscribers missing: the run stops and says why.
      expect(stderr).toMatch(/bench clients process exited \(SIGKILL\)[\s\S]*\[CP_BENCH_FAILED\]/);
      const left = await until('the tree to go', 30_000, () => (tree.some((p) => alive(p.pid)) ? undefined : [])).catch(() => tree.filter((p) => alive(p.pid)).map((p) => p.cmdline));
      expect(left).toEqual([]);
    } finally {
      cli.kill('SIGKILL');
      for (const p of tree) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
  });
});
