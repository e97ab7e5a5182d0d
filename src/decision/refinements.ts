import type { Answers } from './answers.js';
import { matches, type Match } from './match.js';
import type { OutcomeId } from './outcomes.js';
import { fewMessagesLimit } from './lines.js';
import { highFrequencyThreshold } from './tree.js';

/**
 * Refinements: what real projects ask beyond the article's tree. They never change the
 * recommendation (only departures.ts does, out loud). They add reasons and caveats, and may move
 * alternatives to the front or add one; the engine records a note whenever that changes the
 * list, so the change is never silent.
 */

export interface Refinement {
  id: string;
  when: Match;
  outcomes: readonly OutcomeId[];
  reason?: string;
  caveat?: string;
  /** Alternatives to move to the front, in this order; added when absent. */
  promote?: readonly OutcomeId[];
  /** Completes "… because <because>" in the note about reordering. */
  because?: string;
}

const grpcStreams = ['grpc-bidi', 'grpc-server-stream'] as const;

export const refinements: readonly Refinement[] = [
  // Who is on the other end.
  {
    id: 'browser-sse',
    when: { peer: ['browser'] },
    outcomes: ['sse'],
    reason: 'EventSource is native in every browser and reconnects by itself.',
    caveat: 'Over HTTP/1.1 a browser opens at most 6 connections per origin, shared by all its tabs, and each open EventSource holds one: serve SSE over HTTP/2 (h2 at your TLS proxy, or Node\'s http2 server) or carry every topic on one stream.',
  },
  {
    // The next best for a page is the other transport it opens natively, not the article's gRPC.
    // Only where the article itself answers SSE: above that, browser-grpc-stream's departure to
    // SSE keeps gRPC-Web/Connect first, as the issue asks for a gRPC leaf sent to pages.
    id: 'browser-sse-runner-up',
    when: { peer: ['browser'], rate: { atMost: highFrequencyThreshold } },
    outcomes: ['sse'],
    promote: ['websocket'],
    because: 'browsers cannot open native gRPC streams',
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
    id: 'public-sse',
    when: { peer: ['public'] },
    outcomes: ['sse'],
    reason: 'Any HTTP client in any language reads an SSE stream: your API\'s users need no SDK and no code generation.',
    // Next best is the other stream every language has a client for; gRPC asks for generated code.
    promote: ['websocket'],
    because: "every language has a WebSocket client, where gRPC asks your API's users for generated code",
  },
  {
    id: 'public-websocket',
    when: { peer: ['public'] },
    outcomes: ['websocket'],
    reason: 'Every language has a WebSocket client: your API\'s users need no code generation.',
    caveat: 'Document your message protocol (subscribe, heartbeat, resume) as carefully as the endpoints: it is your API.',
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
  {
    id: 'public-http',
    when: { peer: ['public'] },
    outcomes: ['http'],
    reason: 'Every language and tool can send an HTTP POST: a public ingest API needs nothing more.',
  },
  // A human looking at a screen.
  {
    id: 'screen-rate-sse',
    // Coalescing drops superseded values: wrong advice when every message matters. An unticked
    // "only the latest value matters" is no answer either way, so it does not stop the advice.
    when: { peer: ['browser'], rate: { above: 60 }, lossless: [false, null] },
    outcomes: ['sse'],
    caveat: 'A screen shows perhaps 60 updates a second: coalesce on the server (the latest value per key, every 16 to 50 ms) rather than sending every message; the sse starter does it with COALESCE_MS.',
  },
  {
    id: 'screen-rate',
    when: { peer: ['browser'], rate: { above: 60 }, lossless: [false, null] },
    outcomes: ['websocket', 'grpc-web'],
    caveat: 'A screen shows perhaps 60 updates a second: coalesce on the server (the latest value per key, every 16 to 50 ms) and send one batched message per interval rather than every update.',
  },
  {
    id: 'screen-rate-every-message',
    when: { peer: ['browser'], rate: { above: 60 }, lossless: [true] },
    outcomes: ['websocket', 'sse', 'grpc-web'],
    caveat: 'A screen shows perhaps 60 updates a second and every message matters to you: batch them, one message per 16 to 50 ms carrying every update since the last, rather than one message each.',
  },
  // Your own apps on people's devices (the --devices departures send them WebSocket).
  {
    // Apple's TN2277 (Networking and Multitasking): a suspended app runs no code and the system
    // may close its sockets; Android's Doze defers network access the same way. Bitwarden, for
    // one, reaches its mobile apps through APNs/FCM and its desktop apps over WebSocket.
    id: 'device-background',
    when: { peer: ['service'], devices: [true] },
    outcomes: ['websocket', 'sse', 'grpc-bidi', 'grpc-server-stream', 'long-poll'],
    caveat: "Phones suspend apps in the background and the system closes their connections (Apple's TN2277; Android's Doze): a held connection reaches your app only while it runs, so reach a phone app in the background through its platform's push service (APNs, FCM), and have it reconnect and catch up when it opens.",
  },
  {
    id: 'device-screen-rate',
    when: { peer: ['service'], devices: [true], rate: { above: 60 }, lossless: [false, null] },
    outcomes: ['websocket', 'grpc-server-stream', 'grpc-bidi'],
    caveat: 'A screen shows perhaps 60 updates a second and mobile data is metered and costs battery: coalesce on the server (the latest value per key, every 16 to 50 ms) and send one batched message per interval rather than every update.',
  },
  {
    id: 'device-screen-rate-every-message',
    when: { peer: ['service'], devices: [true], rate: { above: 60 }, lossless: [true] },
    outcomes: ['websocket', 'grpc-server-stream', 'grpc-bidi'],
    caveat: 'A screen shows perhaps 60 updates a second, mobile data is metered and every message matters to you: batch them, one message per 16 to 50 ms carrying every update since the last, rather than one message each.',
  },
  // Binary payloads (SSE's leaf departs for them; see departures.ts).
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
  // Strict proxies and HTTP/1.1-only infrastructure (gRPC's leaves and text two-way traffic depart; see departures.ts).
  {
    id: 'proxy-websocket',
    when: { strictProxy: [true] },
    outcomes: ['websocket'],
    caveat: 'Your traffic crosses strict proxies: serve wss:// only, and keep SSE + POST as a fallback for clients whose proxy still cuts WebSockets.',
    promote: ['sse'],
    because: 'SSE works through every proxy',
  },
  {
    id: 'proxy-sse',
    when: { strictProxy: [true] },
    outcomes: ['sse'],
    reason: 'SSE is one ordinary HTTP response, which strict proxies pass; the starter sends Cache-Control: no-transform and X-Accel-Buffering: no so well-behaved proxies do not hold events back.',
    caveat: 'Some antivirus and TLS-inspecting proxies buffer a response until it ends whatever its headers say: test through your real proxy, and give those clients a long-polling fallback.',
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
  {
    // Third generalisation review (issue 13, banks 1-5, 2026-12-03): the pages in the banks that
    // must miss nothing at 10 messages a second or fewer and chose neither SSE nor WebSocket all
    // long-poll with a cursor (Zulip's event queue, Discourse's MessageBus, ElectricSQL's shape
    // API; RFC 6202 describes the pattern). A stream stays the answer: it costs less per message
    // and SSE resumes by itself; this only names the next best, which WebSocket, with no resume
    // of its own, is not for these answers.
    id: 'lossless-few-long-poll-runner-up',
    when: { peer: ['browser'], lossless: [true], rate: { atMost: fewMessagesLimit } },
    outcomes: ['sse', 'websocket'],
    promote: ['long-poll'],
    because: 'at 10 messages a second or fewer a long poll that names the last event the page has resumes after any drop by construction, through any proxy, as Zulip and Discourse serve their pages',
  },
  // Only the latest value matters.
  {
    id: 'latest-value',
    when: { latestWins: [true] },
    outcomes: ['websocket', 'sse', ...grpcStreams],
    caveat: 'Only the latest value matters: keep one pending value per key and drop stale ones for a slow client instead of queueing every message behind it.',
  },
  {
    id: 'latest-webtransport',
    when: { latestWins: [true], peer: ['browser'] },
    outcomes: ['websocket', 'sse'],
    promote: ['webtransport'],
    because: 'WebTransport datagrams let a stale update be lost instead of holding up the next one (Baseline in browsers since 2026-03-24; no production Node server yet)',
  },
];

export function refinementMatches(refinement: Refinement, answers: Answers, outcome: OutcomeId): boolean {
  return refinement.outcomes.includes(outcome) && matches(refinement.when, answers);
}
