import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface StarterConfigModule {
  loadConfig(env: NodeJS.ProcessEnv): { writeBatchMs?: number | undefined };
}

/** The starters with a write window (writeBatchMs), and how their runs' notes name them. */
const STARTERS = { websocket: 'websocket starter', sse: 'sse starter' } as const;

export interface WriteWindow {
  /** What to pass to createServer(): `{ writeBatchMs }` when WRITE_BATCH_MS set it, else nothing. */
  options: { writeBatchMs?: number };
  /** The window the server runs with, ms (the starter's own default when the variable is unset). */
  ms: number;
  /** Where that value came from, for the notes. */
  from: string;
}

/**
 * A starter's write window (writeBatchMs) for a run, read the same way for both starters.
 *
 * The harness starts each starter with createServer(), which reads no environment, so a run
 * compares windows by WRITE_BATCH_MS in the bench's own environment: `WRITE_BATCH_MS=0
 * choose-protocol bench ...` runs both starters with the window off. The value goes through the
 * starter's own loadConfig() (its range, its error message), and every run's notes say which
 * window each starter ran with, since it moves CPU per delivery and latency.
 */
export async function writeWindow(root: string, template: keyof typeof STARTERS, defaultMs: number): Promise<WriteWindow> {
  const raw = process.env.WRITE_BATCH_MS;
  if (raw === undefined) return { options: {}, ms: defaultMs, from: "the starter's default" };
  const config = pathToFileURL(join(root, 'templates', template, 'src', 'config.ts')).href;
  const { loadConfig } = (await import(config)) as StarterConfigModule;
  const ms = loadConfig({ WRITE_BATCH_MS: raw }).writeBatchMs ?? defaultMs;
  return { options: { writeBatchMs: ms }, ms, from: `WRITE_BATCH_MS=${ms} from the environment` };
}

/** The note a run states for a starter's window. */
export function writeWindowNote(template: keyof typeof STARTERS, { ms, from }: WriteWindow, redisMode = false): string {
  const label = STARTERS[template];
  if (redisMode && template === 'sse') {
    return `${label}: write window ${ms} ms (${from}) does not apply in Redis mode: subscribers are woken once per batch the Redis reader reads`;
  }
  if (ms === 0) {
    return `${label}: write window off (${from}): each connection is written at the end of every tick or I/O turn in which events were published`;
  }
  return `${label}: write window ${ms} ms (writeBatchMs, ${from}): a busy server writes each connection at most once per ${ms} ms; an event published when the connections were last written ${ms} ms or more ago leaves at the end of its tick or turn`;
}
