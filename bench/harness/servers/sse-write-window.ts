import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface SseConfigModule {
  loadConfig(env: NodeJS.ProcessEnv): { writeBatchMs?: number };
}

interface SseOptionsModule {
  DEFAULT_OPTIONS: { writeBatchMs: number };
}

/**
 * The sse starter's write window (writeBatchMs) for a run, and the note that states it.
 *
 * The harness starts the starter with createServer(), which reads no environment, so a run
 * compares windows by WRITE_BATCH_MS in the bench's own environment (the server processes
 * inherit it): `WRITE_BATCH_MS=0 choose-protocol bench ...` runs the per-turn fan-out. The
 * value is checked by the starter's own config.ts (its range, its error message), and every
 * run's notes say which window it ran with, since it moves CPU per delivery and latency.
 */
export async function sseWriteWindow(root: string, redisMode = false): Promise<{ options: { writeBatchMs?: number }; note: string }> {
  const source = (file: string): string => pathToFileURL(join(root, 'templates', 'sse', 'src', file)).href;
  const { loadConfig } = (await import(source('config.ts'))) as SseConfigModule;
  const { DEFAULT_OPTIONS } = (await import(source('options.ts'))) as SseOptionsModule;
  const raw = process.env.WRITE_BATCH_MS;
  const { writeBatchMs } = loadConfig(raw === undefined ? {} : { WRITE_BATCH_MS: raw });
  const ms = writeBatchMs ?? DEFAULT_OPTIONS.writeBatchMs;
  const from = writeBatchMs === undefined ? "the starter's default" : `WRITE_BATCH_MS=${ms} from the environment`;
  const note = redisMode
    ? `sse starter: write window ${ms} ms (${from}) does not apply in Redis mode: subscribers are woken once per batch the Redis reader reads`
    : ms === 0
      ? `sse starter: write window off (${from}): each stream is written at the end of every I/O turn in which events were published`
      : `sse starter: write window ${ms} ms (writeBatchMs, ${from}): a busy server writes each stream at most once per ${ms} ms; an event published when the streams were last written ${ms} ms or more ago leaves at the end of its turn`;
  return { options: writeBatchMs === undefined ? {} : { writeBatchMs }, note };
}
