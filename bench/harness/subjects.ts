/** The three protocols the harness measures, each with its starter and its raw baseline. */
export const protocols = ['ws', 'sse', 'grpc'] as const;
export type Protocol = (typeof protocols)[number];

export type SubjectKind = 'starter' | 'raw';

export interface Subject {
  id: `${Protocol}-${SubjectKind}` | 'sse-starter-in-process' | RedisSubjectId;
  protocol: Protocol;
  kind: SubjectKind;
  label: string;
  /** Events are published inside the server process (server.publish()), not over the network. */
  inProcess?: boolean;
  /** The starter runs in Redis mode: the run's redis-server URL is passed to it as redisUrl. */
  redis?: boolean;
}

/** The starters that have a Redis mode (issue 17): run a second time with REDIS_URL by --redis. */
export const redisProtocols = ['ws', 'sse'] as const satisfies readonly Protocol[];
export type RedisSubjectId = `${(typeof redisProtocols)[number]}-starter-redis`;

export const protocolLabels: Record<Protocol, string> = { ws: 'WebSocket', sse: 'SSE', grpc: 'gRPC' };

/**
 * Each protocol's starter and raw baseline. The sse starter is also fed in-process, beside (never
 * instead of) POST /publish, to show how much of its cost is the publish path.
 */
export function subjectsFor(selected: readonly Protocol[], redis = false): Subject[] {
  return selected.flatMap((protocol): Subject[] => [
    { id: `${protocol}-starter`, protocol, kind: 'starter', label: `${protocol === 'ws' ? 'websocket' : protocol} starter` },
    { id: `${protocol}-raw`, protocol, kind: 'raw', label: `raw ${protocol === 'ws' ? 'ws' : protocol === 'sse' ? 'node:http SSE' : 'grpc-js'}` },
    ...(protocol === 'sse'
      ? [{ id: 'sse-starter-in-process', protocol, kind: 'starter', label: 'sse starter, in-process publish', inProcess: true } satisfies Subject]
      : []),
    ...(redis && protocol !== 'grpc'
      ? [{ id: `${protocol}-starter-redis`, protocol, kind: 'starter', label: `${protocol === 'ws' ? 'websocket' : protocol} starter, Redis mode`, redis: true } satisfies Subject]
      : []),
  ]);
}
