import type { Answers } from './answers.js';
import type { OutcomeId } from './outcomes.js';

/**
 * Refinements: what real projects ask beyond the article's tree. They never change the tree's
 * outcome. They add reasons and caveats, and may move alternatives to the front; the engine
 * records a note whenever that reorders the list, so the change is never silent.
 *
 * `when` lists, per answer, the values it matches; `null` matches "not answered".
 */

type Matcher = { [K in keyof Answers]?: readonly (Exclude<Answers[K], undefined> | null)[] };

export interface Refinement {
  id: string;
  when: Matcher;
  outcomes: readonly OutcomeId[];
  reason?: string;
  caveat?: string;
  /** Alternatives to move to the front, in this order (those present only). */
  promote?: readonly OutcomeId[];
  /** Completes "… because <because>" in the note about reordering. */
  because?: string;
  /** Flags the scaffold command needs, e.g. the gRPC-Web gateway. */
  scaffoldFlags?: readonly string[];
}

const grpcStreams = ['grpc-bidi', 'grpc-server-stream'] as const;

export const refinements: readonly Refinement[] = [
  // Who the clients are, where the article's tree does not ask.
  {
    id: 'browser-grpc-gateway',
    when: { peer: ['browser'] },
    outcomes: ['grpc-server-stream'],
    caveat: 'Browsers cannot speak native gRPC: the starter adds a gRPC-Web/Connect gateway (--web), and browsers get unary and server streaming only.',
    promote: ['sse'],
    because: 'the clients are browsers',
    scaffoldFlags: ['--web'],
  },
  {
    id: 'unknown-peer-grpc',
    when: { peer: [null] },
    outcomes: ['grpc-server-stream'],
    caveat: 'If the clients are browsers they need a grpc-web proxy; answer --peer browser to get a gateway in the starter.',
  },
  {
    id: 'browser-sse',
    when: { peer: ['browser'] },
    outcomes: ['sse'],
    reason: 'EventSource is native in every browser and reconnects by itself.',
  },
  {
    id: 'service-sse',
    when: { peer: ['service'] },
    outcomes: ['sse'],
    caveat: 'EventSource is a browser API: services read the stream with an SSE client library or any streaming HTTP client.',
    promote: ['grpc-server-stream'],
    because: 'the clients are services',
  },
  {
    id: 'service-grpc-stream',
    when: { peer: ['service'] },
    outcomes: ['grpc-server-stream'],
    reason: 'It is service-to-service: Protobuf contracts give type safety across services.',
  },
  {
    id: 'service-http',
    when: { peer: ['service'] },
    outcomes: ['http'],
    promote: ['grpc-client-stream'],
    because: 'the senders are services, which can stream to gRPC',
  },
  {
    id: 'browser-http',
    when: { peer: ['browser'] },
    outcomes: ['http'],
    reason: 'Browsers send with fetch: nothing extra to install or proxy.',
    promote: ['websocket'],
    because: 'browsers cannot use gRPC client streaming',
  },
  // Binary payloads.
  {
    id: 'binary-sse',
    when: { binary: [true] },
    outcomes: ['sse'],
    caveat: 'Your payloads are binary, so every SSE message pays that base64 overhead.',
  },
  {
    id: 'binary-sse-browser',
    when: { binary: [true], peer: ['browser', null] },
    outcomes: ['sse'],
    promote: ['websocket'],
    because: 'WebSocket carries binary data in the browser',
  },
  {
    id: 'binary-sse-service',
    when: { binary: [true], peer: ['service'] },
    outcomes: ['sse'],
    promote: ['grpc-server-stream'],
    because: 'gRPC carries binary Protobuf between services',
  },
  {
    id: 'binary-websocket',
    when: { binary: [true] },
    outcomes: ['websocket'],
    reason: 'WebSocket carries binary frames natively: the article picks it for binary data in the browser.',
  },
  {
    id: 'binary-grpc',
    when: { binary: [true] },
    outcomes: [...grpcStreams, 'grpc-client-stream'],
    reason: 'Protobuf is a binary encoding: bytes fields cost no encoding overhead.',
  },
  {
    id: 'binary-http',
    when: { binary: [true] },
    outcomes: ['http'],
    reason: 'HTTP request bodies carry binary as-is (application/octet-stream).',
  },
  // Strict proxies and HTTP/1.1-only infrastructure.
  {
    id: 'proxy-websocket',
    when: { strictProxy: [true] },
    outcomes: ['websocket'],
    caveat: 'Your traffic crosses strict proxies: serve wss:// only, and keep SSE + POST as a fallback for clients whose proxy still cuts WebSockets.',
    promote: ['sse'],
    because: 'SSE works through every proxy',
  },
  {
    id: 'proxy-grpc',
    when: { strictProxy: [true] },
    outcomes: [...grpcStreams],
    caveat: 'gRPC needs HTTP/2 end to end: across HTTP/1.1-only hops use gRPC-Web or Connect, which carry unary and server streaming only.',
    promote: ['sse', 'websocket'],
    because: 'they cross HTTP/1.1-only infrastructure',
  },
  {
    id: 'proxy-sse',
    when: { strictProxy: [true] },
    outcomes: ['sse'],
    reason: 'SSE is plain HTTP and works through every proxy; the starter sends X-Accel-Buffering: no so proxies do not hold events back.',
    caveat: 'Over HTTP/1.1 a browser opens at most 6 connections per origin, shared by all its tabs, and each open event stream holds one.',
  },
  {
    id: 'proxy-http',
    when: { strictProxy: [true] },
    outcomes: ['http'],
    reason: 'Plain requests pass every proxy and load balancer unchanged.',
  },
  // Reconnecting clients must miss nothing.
  {
    id: 'lossless-sse',
    when: { lossless: [true] },
    outcomes: ['sse'],
    reason: 'EventSource resends Last-Event-ID when it reconnects; the starter replays every missed event from a bounded buffer.',
    caveat: 'Replay is bounded: a client gone longer than the buffer holds gets a reset event and must reload its state.',
  },
  {
    id: 'lossless-websocket',
    when: { lossless: [true] },
    outcomes: ['websocket'],
    caveat: 'WebSocket has no resume: number your messages and replay from the last one a client saw after it reconnects (or keep them in a log such as Redis Streams).',
  },
  {
    id: 'lossless-grpc',
    when: { lossless: [true] },
    outcomes: [...grpcStreams],
    caveat: 'gRPC streams do not resume: send the last sequence number seen in the request and replay from it on the server.',
  },
  {
    id: 'lossless-http',
    when: { lossless: [true] },
    outcomes: ['http'],
    reason: 'Retries with an Idempotency-Key are safe: the starter stores each accepted batch once, durably, before it answers 202.',
  },
];

export function refinementMatches(refinement: Refinement, answers: Answers, outcome: OutcomeId): boolean {
  if (!refinement.outcomes.includes(outcome)) return false;
  return Object.entries(refinement.when).every(([key, accepted]) => {
    const value = answers[key as keyof Answers];
    return (accepted as readonly unknown[]).includes(value === undefined ? null : value);
  });
}
