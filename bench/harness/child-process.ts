import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Answer, Notice } from './children/child-protocol.js';

export type ChildName = 'server' | 'clients' | 'publisher' | 'orchestrator';

export interface Child {
  /** The process id, for reading its CPU time from outside (proc-stats.ts's readProcessCpuUs). */
  readonly pid: number | undefined;
  call<T>(type: string, payload?: Record<string, unknown>): Promise<T>;
  /** Asks nicely (`close`/`stop`), then kills after `graceMs`; resolves once the process is gone. */
  shutdown(request: string, graceMs?: number): Promise<void>;
}

/**
 * Starts one of bench/harness/children/*.ts in its own Node process. The children run the
 * starters' TypeScript as it is, through tsx (a devDependency): the same source their users
 * run with `npm run dev`, with no build step to go stale.
 */
export function spawnChild(root: string, name: ChildName, execArgv: readonly string[] = [], onNotice?: (notice: Notice) => void): Child {
  const child: ChildProcess = fork(join(root, 'bench', 'harness', 'children', `${name}.ts`), [], {
    cwd: root,
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let nextId = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  // How it ended, for calls made after it did: "exited (SIGKILL)" says what a killed client
  // worker is, where "not running" left the reader guessing.
  let ended: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = `exited (${signal ?? code})`;
      for (const { reject } of waiting.values()) reject(new Error(`bench ${name} process exited (${signal ?? code}) ${stderr.trim()}`));
      waiting.clear();
      resolve();
    }),
  );
  child.on('message', (answer: Answer | Notice) => {
    if ('notice' in answer) {
      onNotice?.(answer);
      return;
    }
    const pending = waiting.get(answer.id);
    if (!pending) return;
    waiting.delete(answer.id);
    if (answer.ok) pending.resolve(answer.result);
    else pending.reject(new Error(`bench ${name} process: ${answer.error}`));
  });
  child.on('error', () => {});

  return {
    pid: child.pid,
    call<T>(type: string, payload: Record<string, unknown> = {}) {
      return new Promise<T>((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null || !child.connected) {
          reject(new Error(`bench ${name} process ${ended ?? 'is not running'} ${stderr.trim()}`));
          return;
        }
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, ...payload });
      });
    },
    async shutdown(request, graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null && child.connected) {
        const id = nextId++;
        waiting.set(id, { resolve: () => {}, reject: () => {} });
        child.send({ id, type: request });
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
