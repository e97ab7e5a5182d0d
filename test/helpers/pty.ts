import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cleanEnv } from './cli.js';

/**
 * Runs a command in a real pseudo-terminal (util-linux `script`), so the CLI sees a TTY and
 * the real prompts run. Keys go in through the terminal; the screen comes back as text.
 */
export interface PtySession {
  /** Everything printed so far, escape codes removed. */
  screen(): string;
  /** Resolves once `text` has been printed after the current mark. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  send(keys: string): void;
  exited: Promise<number | null>;
}

export const keys = { enter: '\r', down: '\u001b[B', up: '\u001b[A', space: ' ', ctrlC: '\u0003' } as const;

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][A-Z0-9]|\u001b[=>]|\r/g;

export function startPty(command: string, options: { cwd: string; env?: Record<string, string | undefined> }): PtySession {
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: options.cwd,
    env: cleanEnv({ TERM: 'xterm-256color', COLUMNS: '100', LINES: '40', ...options.env }),
  });
  let raw = '';
  let mark = 0;
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const screen = () => raw.replace(ansi, '');

  return {
    screen,
    send: (k) => child.stdin.write(k),
    exited,
    waitFor: (text, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const rest = screen().slice(mark);
          const index = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
          if (index === -1) return false;
          mark += index + 1;
          listeners.delete(check as () => void);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check as () => void);
          reject(new Error(`Timed out waiting for ${String(text)}; screen:\n${screen().slice(-1500)}`));
        }, timeoutMs);
        if (!check()) listeners.add(check as () => void);
      }),
  };
}
