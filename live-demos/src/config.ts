import { DEFAULT_LIMITS, type DemoLimits } from './limits.js';

/** The env var of each limit; README.md lists them with their defaults. */
export const LIMIT_ENV: Readonly<Record<keyof DemoLimits, string>> = {
  connectionsPerIp: 'DEMO_MAX_CONNECTIONS_PER_IP',
  totalClients: 'DEMO_MAX_CLIENTS',
  messagesPerSecond: 'DEMO_MESSAGES_PER_SECOND',
  roomsPerClient: 'DEMO_MAX_ROOMS_PER_CLIENT',
  maxPayloadBytes: 'DEMO_MAX_PAYLOAD_BYTES',
  maxConnectionMs: 'DEMO_MAX_CONNECTION_MS',
  idleTimeoutMs: 'DEMO_IDLE_TIMEOUT_MS',
  socketsPerIp: 'DEMO_MAX_SOCKETS_PER_IP',
  maxSockets: 'DEMO_MAX_SOCKETS',
  racesPerIp: 'DEMO_MAX_RACES_PER_IP',
  raceIdleMs: 'DEMO_RACE_IDLE_MS',
  ingestsPerIp: 'DEMO_MAX_INGESTS_PER_IP',
  ingestStoreBytes: 'DEMO_MAX_INGEST_STORE_BYTES',
  stallTimeoutMs: 'DEMO_STALL_TIMEOUT_MS',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads DEMO_* limits from `env`; a value that is not a positive integer is a ConfigError naming the variable. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<DemoLimits> {
  const limits: Partial<DemoLimits> = {};
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DemoLimits)[]) {
    const raw = env[LIMIT_ENV[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError(`${LIMIT_ENV[key]} must be a positive integer, got ${JSON.stringify(raw)}`);
    }
    limits[key] = value;
  }
  return limits;
}
