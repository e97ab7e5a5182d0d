import type { ProtocolId } from '../catalogue/protocols.js';
import type { TemplateId } from '../templates.js';

/**
 * What the engine can recommend or offer. The first five are the article's leaves; gRPC client
 * streaming is the article's parenthetical alternative to plain HTTP ("or gRPC Client
 * Streaming"). gRPC-Web/Connect and WebTransport are ours, from the 2026 landscape; webhooks are
 * ours too, for consumers that are servers with a URL, and so are long polling and a published
 * document that consumers fetch again (a poll), for rare changes. Outcomes no answer makes the
 * recommendation (WebTransport) say in `flipIf` what would make them the better choice.
 */
export const outcomeIds = [
  'websocket',
  'sse',
  'grpc-bidi',
  'grpc-server-stream',
  'http',
  'grpc-client-stream',
  'grpc-web',
  'webtransport',
  'webhook',
  'long-poll',
  'poll',
] as const;
export type OutcomeId = (typeof outcomeIds)[number];

export interface Outcome {
  id: OutcomeId;
  name: string;
  /** The catalogue entry whose "use it when" points back it; null for WebTransport (no article entry). */
  protocol: ProtocolId | null;
  /** The starter; null where no production-ready Node server exists (WebTransport). */
  template: TemplateId | null;
  /** Flags `init` needs for this outcome, e.g. the gRPC-Web gateway. */
  scaffoldFlags?: readonly string[];
  /** One line: why this fits, shown first under the recommendation. */
  why: string;
  /** Caveats that always apply to this outcome (the article's gotchas and table warnings). */
  caveats: readonly string[];
  /** Alternatives, best first, before refinements reorder them. */
  alternatives: readonly OutcomeId[];
  /** For outcomes no answer makes the recommendation: what would make it the better choice. */
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
  },
  'grpc-web': {
    id: 'grpc-web',
    name: 'gRPC-Web / Connect',
    protocol: 'grpc',
    template: 'grpc',
    scaffoldFlags: ['--web'],
    why: 'Web pages read a gRPC server stream through a gRPC-Web/Connect gateway: one Protobuf contract for services and pages.',
    caveats: [
      'Browsers get unary and server streaming only: no client or bidirectional streaming, even through the gateway.',
      'A gateway (the starter\'s, or Envoy) must sit between the pages and the gRPC server.',
    ],
    alternatives: ['sse', 'websocket'],
  },
  webtransport: {
    id: 'webtransport',
    name: 'WebTransport',
    protocol: null,
    template: null,
    why: 'Unreliable datagrams and many independent streams over HTTP/3: a stale update can be dropped instead of holding up the next one.',
    caveats: [
      'Baseline in browsers since 2026-03-24, but Node has no production-ready server: run it from Go (webtransport-go) or Rust (wtransport), so there is no starter.',
      'Keep a WebSocket fallback: some networks block the UDP that HTTP/3 runs on.',
    ],
    alternatives: ['websocket'],
    flipIf: 'you can run a Go or Rust WebTransport server (no production-ready Node server exists) with a WebSocket fallback, and dropping stale updates matters more than one simple stack',
  },
  webhook: {
    id: 'webhook',
    name: 'Webhooks (HTTP POST to the consumer)',
    protocol: 'http',
    template: 'http',
    why: 'Your consumers are servers with a URL: POST each event to it, signed and retried, so they hold no connection open and need no client library.',
    caveats: [
      'Sign every delivery (an HMAC of the id, timestamp and body) and give each event an id: consumers check the signature and drop the duplicates that retries bring.',
      'Retry failed deliveries with backoff for hours or days, and let consumers fetch or replay what they missed through your API.',
      'One request per event: past about 100 events a second to one consumer, batch events per delivery or offer a stream instead.',
      'The http starter is the receiving end: it stores each POST durably, once per Idempotency-Key, before it answers, which is what a consumer\'s webhook endpoint must do.',
    ],
    alternatives: ['sse', 'websocket'],
  },
  'long-poll': {
    id: 'long-poll',
    name: 'Long polling (a request held until there is something new)',
    protocol: 'http',
    template: 'http',
    why: 'A request that would come back empty waits instead, until there is something newer than what the client names (the version it has read, the cursor of its last event, or simply "a job for me"), so news reaches it with no stream and no new protocol.',
    caveats: [
      'Each answer costs a full request and response (headers, and a round trip to ask again); what arrives meanwhile waits for the next answer, batched with the rest, so a few messages a second cost little, but past about 10 a second a stream carries them more cheaply.',
      'Answer at a timeout well below every proxy\'s idle limit (30 to 60 s) with "nothing new", and add jitter so clients do not re-ask in step.',
      'No starter holds the request yet: the http starter\'s GET /records?after=<cursor> is the versioned read to hold open until a record arrives or the timeout passes.',
    ],
    alternatives: ['sse', 'websocket'],
  },
  poll: {
    id: 'poll',
    name: 'Polling a published document (a cacheable GET)',
    protocol: 'http',
    template: 'http',
    why: 'The data changes every ten seconds or less often and no consumer needs every version: publish it as a document at a URL with caching headers, and each consumer fetches it again on its own schedule, with nothing held open and any HTTP client.',
    caveats: [
      'A consumer sees a change up to one fetch interval late: say how often the document changes and how often to fetch it (Google fetches GTFS Realtime feeds about every 30 seconds).',
      'Send ETag or Last-Modified and Cache-Control: max-age, so an unchanged document costs a 304 with no body and a CDN answers most fetches, however many consumers there are.',
      'A consumer that fetches less often than the document changes misses the versions between: when every message matters, give it a stream with resume (SSE with Last-Event-ID) or a cursor to read from.',
      'No starter publishes a document: the http starter stores records and serves them with GET /records?after=<cursor>; the caching headers, or a static file on a CDN, are yours to add.',
    ],
    alternatives: ['sse', 'websocket'],
  },
};

export function isOutcomeId(value: string): value is OutcomeId {
  return (outcomeIds as readonly string[]).includes(value);
}
