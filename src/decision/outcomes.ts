import type { ProtocolId } from '../catalogue/protocols.js';
import type { TemplateId } from '../templates.js';

/**
 * What the decision tree can recommend. The first five are the article's leaves; gRPC client
 * streaming is the article's parenthetical alternative to plain HTTP ("or gRPC Client
 * Streaming"), so it only ever appears as an alternative.
 */
export const outcomeIds = [
  'websocket',
  'sse',
  'grpc-bidi',
  'grpc-server-stream',
  'http',
  'grpc-client-stream',
] as const;
export type OutcomeId = (typeof outcomeIds)[number];

export interface Outcome {
  id: OutcomeId;
  name: string;
  protocol: ProtocolId;
  template: TemplateId;
  /** One line: why this fits, shown first under the recommendation. */
  why: string;
  /** Caveats that always apply to this outcome (the article's gotchas and table warnings). */
  caveats: readonly string[];
  /** Alternatives, best first, before refinements reorder them. */
  alternatives: readonly OutcomeId[];
  /** For outcomes no tree answer reaches: what would make it the better choice. */
  flipIf?: string;
}

export const outcomes: Record<OutcomeId, Outcome> = {
  websocket: {
    id: 'websocket',
    name: 'WebSocket',
    protocol: 'websocket',
    template: 'websocket',
    why: 'Browsers and your server both send at any time: WebSocket is the native full-duplex channel in every browser.',
    caveats: [
      'No automatic reconnection: the client must reconnect itself (the starter does, with exponential backoff and jitter).',
      'Load balancers need sticky sessions or shared state (e.g. Redis pub/sub) once you run more than one server.',
      'Some corporate proxies terminate WebSocket connections; serve it over wss:// (TLS).',
      'No built-in multiplexing: one connection is one channel, so multiplex rooms or topics in your own messages.',
    ],
    alternatives: ['sse', 'grpc-bidi'],
  },
  sse: {
    id: 'sse',
    name: 'Server-Sent Events',
    protocol: 'sse',
    template: 'sse',
    why: 'The server pushes and the client only listens, at a modest rate: SSE is plain HTTP, with reconnection and resume built in.',
    caveats: [
      'Text only: binary payloads must be base64-encoded (about a third larger).',
      'One way: the client sends with ordinary requests (POST for the request, SSE for the response, as every LLM API does).',
    ],
    alternatives: ['grpc-server-stream', 'websocket'],
  },
  'grpc-bidi': {
    id: 'grpc-bidi',
    name: 'gRPC bidirectional streaming',
    protocol: 'grpc',
    template: 'grpc',
    why: 'Services on both ends send at any time: gRPC gives a typed Protobuf contract and many streams over one HTTP/2 connection.',
    caveats: [
      'Code generation is required on both sides (the starter generates it from proto/stock.proto).',
      'Needs HTTP/2 end to end: every proxy and load balancer on the path must pass it.',
      'Reconnection is library-dependent: retry on UNAVAILABLE with backoff (the starter\'s clients do).',
    ],
    alternatives: ['websocket', 'grpc-server-stream'],
  },
  'grpc-server-stream': {
    id: 'grpc-server-stream',
    name: 'gRPC server streaming',
    protocol: 'grpc',
    template: 'grpc',
    why: 'High-frequency data flows from server to client: gRPC streams compact Protobuf messages over HTTP/2 with flow control.',
    caveats: [
      'Code generation is required on both sides (the starter generates it from proto/stock.proto).',
      'Needs HTTP/2 end to end: every proxy and load balancer on the path must pass it.',
      'Reconnection is library-dependent: retry on UNAVAILABLE with backoff (the starter\'s clients do).',
    ],
    alternatives: ['sse', 'websocket'],
  },
  http: {
    id: 'http',
    name: 'HTTP POST/PUT',
    protocol: 'http',
    template: 'http',
    why: 'Data only flows from client to server: plain HTTP requests need no open stream and pass every proxy.',
    caveats: [
      'No server push: if the server later needs to push, add SSE beside it.',
      'Retries can store data twice unless each request carries an idempotency key (the starter honours Idempotency-Key).',
    ],
    alternatives: ['grpc-client-stream', 'websocket'],
  },
  'grpc-client-stream': {
    id: 'grpc-client-stream',
    name: 'gRPC client streaming',
    protocol: 'grpc',
    template: 'grpc',
    why: 'Services stream many records to one receiver over HTTP/2 and get one typed summary back.',
    caveats: [
      'Code generation is required on both sides.',
      'Browsers cannot use client streaming, even through a gRPC-Web gateway.',
    ],
    alternatives: ['http'],
    flipIf: 'you prefer it when the senders are services that already speak gRPC; no answer in the article\'s tree makes it the first choice',
  },
};

export function isOutcomeId(value: string): value is OutcomeId {
  return (outcomeIds as readonly string[]).includes(value);
}
