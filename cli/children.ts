import type { ChildProcess } from 'node:child_process';

/**
 * The programs init is running (npm install, git). Ctrl-C on a terminal signals the whole process
 * group, but a SIGINT sent to the CLI alone (a supervisor, `kill -INT`) must not leave an
 * install running on its own: the CLI's handler passes the signal on.
 */
const running = new Set<ChildProcess>();

export function track(child: ChildProcess): void {
  running.add(child);
  child.once('close', () => running.delete(child));
}

export function forwardSignal(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal);
}
