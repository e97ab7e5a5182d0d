import { protocols, type Protocol } from './subjects.js';

export interface BenchOptions {
  protocols: Protocol[];
  clients: number;
  /** Offered events/s (each goes to every client). */
  rate: number;
  durationS: number;
  warmupS: number;
  /** Bytes of text per event. */
  payload: number;
  findMax: boolean;
  memory: boolean;
  sloMs: number;
  /** Client worker processes the subscribers are spread over. */
  workers: number;
  /** Also run the ws and sse starters in Redis mode (REDIS_URL) against a redis-server of the run's own. */
  redis: boolean;
  /** Also run the SSE subjects over cleartext HTTP/2. */
  sseH2: boolean;
}

export const defaultBenchOptions: BenchOptions = {
  protocols: [...protocols],
  clients: 100,
  rate: 1000,
  durationS: 10,
  warmupS: 3,
  payload: 100,
  findMax: false,
  memory: false,
  sloMs: 50,
  workers: 2,
  redis: false,
  sseH2: false,
};

/** Idle connections at the two points of --memory's slope. */
export const MEMORY_COUNTS: [number, number] = [1_000, 5_000];

/** Thrown for a flag value the harness cannot use; the CLI turns it into a usage error. */
export class BenchOptionError extends Error {}

/** Seconds per unit; a bare number is seconds. */
const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** "10s", "10", "500ms", "1.5s", "2m", "1h" -> seconds (the range messages below name 10m and 1h, so both parse). */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new BenchOptionError(`--${flag} must be a duration like 10s, 500ms or 2m (got "${text}").`);
  return Number(match[1]) * DURATION_UNITS[match[2] ?? 's']!;
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new BenchOptionError(`--${flag} must be a whole number from ${min} to ${max} (got "${text}").`);
  }
  return value;
}

function parseProtocols(text: string): Protocol[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(protocols as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new BenchOptionError(`--protocols takes a comma-separated list of ${protocols.join(', ')} (got "${text}").`);
  }
  return protocols.filter((p) => names.includes(p));
}

/** Builds the options from the CLI's parsed flags (strings and booleans), checking every value. */
export function benchOptionsFromFlags(flags: Readonly<Record<string, string | boolean>>): BenchOptions {
  const text = (name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const options: BenchOptions = { ...defaultBenchOptions, protocols: [...defaultBenchOptions.protocols] };
  const protocolsFlag = text('protocols');
  if (protocolsFlag !== undefined) options.protocols = parseProtocols(protocolsFlag);
  const clients = text('clients');
  if (clients !== undefined) options.clients = parseInteger('clients', clients, 1, 20_000);
  const rate = text('rate');
  if (rate !== undefined) options.rate = parseInteger('rate', rate, 1, 1_000_000);
  const duration = text('duration');
  if (duration !== undefined) options.durationS = parseDuration('duration', duration);
  if (!(options.durationS >= 0.1 && options.durationS <= 3600)) throw new BenchOptionError('--duration must be from 100ms to 1h.');
  const warmup = text('warmup');
  if (warmup !== undefined) options.warmupS = parseDuration('warmup', warmup);
  if (!(options.warmupS <= 600)) throw new BenchOptionError('--warmup must be at most 10m.');
  const payload = text('payload');
  if (payload !== undefined) options.payload = parseInteger('payload', payload, 32, 60_000);
  const slo = text('slo-ms');
  if (slo !== undefined) options.sloMs = parseInteger('slo-ms', slo, 1, 60_000);
  const workers = text('client-workers');
  if (workers !== undefined) options.workers = parseInteger('client-workers', workers, 1, 64);
  options.findMax = flags['find-max'] === true;
  options.memory = flags.memory === true;
  options.redis = flags.redis === true;
  options.sseH2 = flags['sse-h2'] === true;
  if (options.sseH2 && !options.protocols.includes('sse')) throw new BenchOptionError('--sse-h2 runs the SSE subjects over HTTP/2: include sse in --protocols.');
  return options;
}
