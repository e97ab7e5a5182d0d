/** The three protocols the harness measures, each with its starter and its raw baseline. */
export const protocols = ['ws', 'sse', 'grpc'] as const;
export type Protocol = (typeof protocols)[number];

export type SubjectKind = 'starter' | 'raw';

export interface Subject {
  id: `${Protocol}-${SubjectKind}` | 'sse-starter-in-process' | 'sse-starter-h2' | 'sse-raw-h2';
  protocol: Protocol;
  kind: SubjectKind;
  label: string;
  /** Events are published inside the server process (server.publish()), not over the network. */
  inProcess?: boolean;
  /** Served and read over cleartext HTTP/2 (--sse-h2). */
  h2?: boolean;
}

export const protocolLabels: Record<Protocol, string> = { ws: 'WebSocket', sse: 'SSE', grpc: 'gRPC' };

/**
 * Each protocol's starter and raw baseline. The sse starter is also fed in-process, beside (never
 * instead of) POST /publish, to show how much of its cost is the publish path. With `sseH2`,
 * the sse starter and its raw baseline also run over HTTP/2.
 */
export function subjectsFor(selected: readonly Protocol[], sseH2 = false): Subject[] {
  return selected.flatMap((protocol): Subject[] => [
    { id: `${protocol}-starter`, protocol, kind: 'starter', label: `${protocol === 'ws' ? 'websocket' : protocol} starter` },
    { id: `${protocol}-raw`, protocol, kind: 'raw', label: `raw ${protocol === 'ws' ? 'ws' : protocol === 'sse' ? 'node:http SSE' : 'grpc-js'}` },
    ...(protocol === 'sse'
      ? [{ id: 'sse-starter-in-process', protocol, kind: 'starter', label: 'sse starter, in-process publish', inProcess: true } satisfies Subject]
      : []),
    ...(protocol === 'sse' && sseH2
      ? ([
          { id: 'sse-starter-h2', protocol, kind: 'starter', label: 'sse starter, HTTP/2', h2: true },
          { id: 'sse-raw-h2', protocol, kind: 'raw', label: 'raw node:http2 SSE', h2: true },
        ] satisfies Subject[])
      : []),
  ]);
}
