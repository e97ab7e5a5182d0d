import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Resident memory of the server process, in bytes (Linux /proc). */
  rss(): number;
  exited: Promise<{ code: number | null; ms: number; signalledAt: number }>;
}

/**
 * src/main.ts in its own process, as `npm start` runs it, with the open-file limit raised to
 * `nofile` first (thousands of sockets need thousands of descriptors).
 */
export async function startChildServer(env: Record<string, string>, nofile = 20_000): Promise<ChildServer> {
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${nofile} && exec "${process.execPath}" --import tsx src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let signalledAt = 0;
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return kill(signal);
  };
  const exited = new Promise<{ code: number | null; ms: number; signalledAt: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, ms: Date.now() - signalledAt, signalledAt })),
  );
  // 60 s, not 20: at a load average near 20 a child compiling TypeScript through tsx took longer.
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (url === undefined) {
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url !== undefined) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    url,
    output: () => output,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    exited,
  };
}
