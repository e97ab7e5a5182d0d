/** The three protocols the harness measures, each with its starter and its raw baseline. */
export const protocols = ['ws', 'sse', 'grpc'] as const;
export type Protocol = (typeof protocols)[number];

export type SubjectKind = 'starter' | 'raw';

export interface Subject {
  id: `${Protocol}-${SubjectKind}`;
  protocol: Protocol;
  kind: SubjectKind;
  label: string;
}

export const protocolLabels: Record<Protocol, string> = { ws: 'WebSocket', sse: 'SSE', grpc: 'gRPC' };

export function subjectsFor(selected: readonly Protocol[]): Subject[] {
  return selected.flatMap((protocol) => [
    { id: `${protocol}-starter` as const, protocol, kind: 'starter' as const, label: `${protocol === 'ws' ? 'websocket' : protocol} starter` },
    { id: `${protocol}-raw` as const, protocol, kind: 'raw' as const, label: `raw ${protocol === 'ws' ? 'ws' : protocol === 'sse' ? 'node:http SSE' : 'grpc-js'}` },
  ]);
}
