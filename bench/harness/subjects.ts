/** The three protocols the harness measures, each with its starter and its raw baseline. */
export const protocols = ['ws', 'sse', 'grpc'] as const;
export type Protocol = (typeof protocols)[number];

export type SubjectKind = 'starter' | 'raw';

export interface Subject {
  id: `${Protocol}-${SubjectKind}` | 'sse-starter-batch' | 'sse-starter-in-process' | 'sse-starter-h2' | 'sse-raw-h2' | RedisSubjectId;
  protocol: Protocol;
  kind: SubjectKind;
  label: string;
  /** Events are published inside the server process (server.publish()), not over the network. */
  inProcess?: boolean;
  /** The publisher groups the events due in one tick into one request (SSE's batch POST /publish). */
  batchPublish?: boolean;
  /** The same server as the protocol's starter, driven another way: --memory measures it once. */
  sameServerAsStarter?: boolean;
  /** The starter runs in Redis mode: the run's redis-server URL is passed to it as redisUrl. */
  redis?: boolean;
  /** Served and read over cleartext HTTP/2 (--sse-h2). */
  h2?: boolean;
}

/** The starters that have a Redis mode (issue 17): run a second time with REDIS_URL by --redis. */
export const redisProtocols = ['ws', 'sse'] as const satisfies readonly Protocol[];
export type RedisSubjectId = `${(typeof redisProtocols)[number]}-starter-redis`;

export const protocolLabels: Record<Protocol, string> = { ws: 'WebSocket', sse: 'SSE', grpc: 'gRPC' };

/**
 * Each protocol's starter and raw baseline. The sse starter is driven over POST /publish one event
 * per request (its README's first form, and what the raw baseline takes), then with the batch
 * form (the events due in one tick in one request), and is also fed in-process, beside (never
 * instead of) POST /publish, to show how much of its cost is the publish path. With `redis`, the
 * ws and sse starters run again in Redis mode; with `sseH2`, the sse starter and its raw baseline
 * also run over HTTP/2.
 */
export function subjectsFor(selected: readonly Protocol[], { redis = false, sseH2 = false }: { redis?: boolean; sseH2?: boolean } = {}): Subject[] {
  return selected.flatMap((protocol): Subject[] => [
    { id: `${protocol}-starter`, protocol, kind: 'starter', label: `${protocol === 'ws' ? 'websocket' : protocol} starter` },
    { id: `${protocol}-raw`, protocol, kind: 'raw', label: `raw ${protocol === 'ws' ? 'ws' : protocol === 'sse' ? 'node:http SSE' : 'grpc-js'}` },
    ...(protocol === 'sse'
      ? [
          { id: 'sse-starter-batch', protocol, kind: 'starter', label: 'sse starter, batch POST /publish', batchPublish: true, sameServerAsStarter: true } satisfies Subject,
          { id: 'sse-starter-in-process', protocol, kind: 'starter', label: 'sse starter, in-process publish', inProcess: true, sameServerAsStarter: true } satisfies Subject,
        ]
      : []),
    ...(redis && protocol !== 'grpc'
      ? [{ id: `${protocol}-starter-redis`, protocol, kind: 'starter', label: `${protocol === 'ws' ? 'websocket' : protocol} starter, Redis mode`, redis: true } satisfies Subject]
      : []),
    ...(protocol === 'sse' && sseH2
      ? ([
          { id: 'sse-starter-h2', protocol, kind: 'starter', label: 'sse starter, HTTP/2', h2: true },
          { id: 'sse-raw-h2', protocol, kind: 'raw', label: 'raw node:http2 SSE', h2: true },
        ] satisfies Subject[])
      : []),
  ]);
}
