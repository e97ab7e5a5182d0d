import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface StarterConfigModule {
  loadConfig(env: NodeJS.ProcessEnv): { writeBatchMs?: number | undefined; writeBatchAbove?: number | undefined };
}

/** The starters with a write window (writeBatchMs), and how their runs' notes name them. */
const STARTERS = { websocket: 'websocket starter', sse: 'sse starter' } as const;

export interface WriteWindow {
  /** What to pass to createServer(): `{ writeBatchMs, writeBatchAbove }` as WRITE_BATCH_MS and WRITE_BATCH_ABOVE set them, else nothing. */
  options: { writeBatchMs?: number; writeBatchAbove?: number };
  /** The window the server runs with, ms (the starter's own default when the variable is unset). */
  ms: number;
  /** Where that value came from, for the notes. */
  from: string;
  /** The deliveries a second from which the window holds (writeBatchAbove; 0: any rate). */
  above: number;
  /** Where that value came from. */
  aboveFrom: string;
}

/**
 * A starter's write window (writeBatchMs) for a run, read the same way for both starters.
 *
 * The harness starts each starter with createServer(), which reads no environment, so a run
 * compares windows by WRITE_BATCH_MS (and WRITE_BATCH_ABOVE) in the bench's own environment:
 * `WRITE_BATCH_MS=0 choose-protocol bench ...` runs both starters with the window off. The value goes through the
 * starter's own loadConfig() (its range, its error message), and every run's notes say which
 * window each starter ran with, since it moves CPU per delivery and latency.
 */
export async function writeWindow(root: string, template: keyof typeof STARTERS, defaultMs: number, defaultAbove: number): Promise<WriteWindow> {
  const rawMs = process.env.WRITE_BATCH_MS;
  const rawAbove = process.env.WRITE_BATCH_ABOVE;
  const config =
    rawMs === undefined && rawAbove === undefined
      ? {}
      : ((await import(pathToFileURL(join(root, 'templates', template, 'src', 'config.ts')).href)) as StarterConfigModule).loadConfig({
          ...(rawMs === undefined ? {} : { WRITE_BATCH_MS: rawMs }),
          ...(rawAbove === undefined ? {} : { WRITE_BATCH_ABOVE: rawAbove }),
        });
  const ms = config.writeBatchMs ?? defaultMs;
  const above = config.writeBatchAbove ?? defaultAbove;
  return {
    options: { ...(rawMs === undefined ? {} : { writeBatchMs: ms }), ...(rawAbove === undefined ? {} : { writeBatchAbove: above }) },
    ms,
    from: rawMs === undefined ? "the starter's default" : `WRITE_BATCH_MS=${ms} from the environment`,
    above,
    aboveFrom: rawAbove === undefined ? "the starter's default" : `WRITE_BATCH_ABOVE=${above} from the environment`,
  };
}

/** The note a run states for a starter's window. */
export function writeWindowNote(template: keyof typeof STARTERS, { ms, from, above, aboveFrom }: WriteWindow, redisMode = false): string {
  const label = STARTERS[template];
  if (redisMode && template === 'sse') {
    return `${label}: write window ${ms} ms (${from}) does not apply in Redis mode: subscribers are woken once per batch the Redis reader reads`;
  }
  if (ms === 0) {
    return `${label}: write window off (${from}): each connection is written at the end of every tick or I/O turn in which events were published`;
  }
  const busy = above > 0 ? `once the events ask for ${above.toLocaleString('en-US')} deliveries a second or more (writeBatchAbove, ${aboveFrom}; below that every tick or turn is written at its end, unless the loop stays saturated below it, which lowers the line)` : `at any rate (writeBatchAbove 0, ${aboveFrom})`;
  return `${label}: write window ${ms} ms (writeBatchMs, ${from}): a busy server writes each connection at most once per ${ms} ms ${busy}; an event published when the connections were last written ${ms} ms or more ago leaves at the end of its tick or turn`;
}
