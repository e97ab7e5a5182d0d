import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { binPath, cleanEnv } from '../helpers/cli.js';
import { installedPackage } from '../helpers/packed.js';

export interface RunningDemo {
  /** "http://127.0.0.1:<port>/" */
  url: string;
  origin: string;
  child: ChildProcess;
  output: () => string;
  /** SIGINT to the process group (Ctrl-C in a terminal); resolves with the exit code and signal. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/**
 * Starts `choose-protocol demo --port 0` as a real process in its own process group and waits for
 * the URL it prints. `env` sets DEMO_* limits. It runs the installed package when the environment
 * names one (CI: what users get from the tarball, see test/helpers/packed.ts), else the clone's build.
 */
export async function startDemo(env: Record<string, string> = {}, timeoutMs = 20_000, extraArgs: readonly string[] = []): Promise<RunningDemo> {
  const child = spawn(process.execPath, [installedPackage()?.binPath ?? binPath, 'demo', '--port', '0', ...extraArgs], {
    env: cleanEnv({ ...env, NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = (): void => {
      const match = /Live demos: (http:\/\/\S+\/)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`demo exited before printing its URL:\n${out}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    output: () => out,
    async stop() {
      const started = performance.now();
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, ms: performance.now() - started };
    },
  };
}

/** A connection id as the browser demos make them. */
export function newCid(): string {
  return randomBytes(16).toString('hex');
}

/** Reads an event stream (fetch) into parsed events until `until` says stop or the stream ends. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  until: (events: SseEvent[]) => boolean,
): Promise<{ events: SseEvent[]; ended: 'done' | 'error' | 'enough' }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  let ended: 'done' | 'error' | 'enough' = 'done';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { event: 'message', data: '', id: undefined };
        for (const line of block.split('\n')) {
          const colon = line.indexOf(':');
          if (colon === 0) continue;
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') event.data = event.data === '' ? value : `${event.data}\n${value}`;
        }
        if (event.data !== '' || event.id !== undefined) events.push(event);
      }
      if (until(events)) {
        ended = 'enough';
        break;
      }
    }
  } catch {
    ended = 'error';
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return { events, ended };
}

export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}
