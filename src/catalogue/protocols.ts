/**
 * The protocol catalogue: the article's facts per protocol, as data. `choose-protocol explain`,
 * `compare`, the recommendation's reasons and caveats, and the docs site all render this.
 * Wording follows the article; where the article says nothing (plain HTTP has no column in its
 * tables), the entry says so with `source: 'choose-protocol'`.
 */

export const protocolIds = ['websocket', 'sse', 'grpc', 'http'] as const;
export type ProtocolId = (typeof protocolIds)[number];

export type Rating = 'good' | 'warn' | 'bad' | 'neutral';

export interface Cell {
  value: string;
  rating: Rating;
}

/**
 * The rows of the article's summary table, in its order. Ratings copy the article's ✅ / ⚠️ / ❌
 * marks; rows the article leaves unmarked are neutral.
 */
export const featureIds = [
  'direction',
  'protocol',
  'dataFormat',
  'browserSupport',
  'autoReconnect',
  'loadBalancing',
  'proxyFriendly',
  'bestUseCase',
] as const;
export type FeatureId = (typeof featureIds)[number];

export const featureLabels: Record<FeatureId, string> = {
  direction: 'Direction',
  protocol: 'Protocol',
  dataFormat: 'Data format',
  browserSupport: 'Browser support',
  autoReconnect: 'Auto-reconnect',
  loadBalancing: 'Load balancing',
  proxyFriendly: 'Proxy friendly',
  bestUseCase: 'Best use case',
};

/** The article's benchmark claims: "streaming 10,000 events/second to 100 clients". Claims, not facts. */
export interface PerformanceClaim {
  throughput: string;
  latencyP50: string;
  latencyP99: string;
  memoryPerConnection: string;
  cpuOverhead: string;
  bandwidth: string;
}

export interface Protocol {
  id: ProtocolId;
  name: string;
  tagline: string;
  source: 'article' | 'choose-protocol';
  howItWorks: readonly string[];
  /** The article's quick-comparison box. */
  quick: {
    direction: string;
    format: string;
    transport: string;
    reconnect: string;
    auth: string;
    languages: string;
    bestFor: string;
  };
  /** The article's summary table; absent for protocols the table does not cover. */
  summary?: Record<FeatureId, Cell>;
  useWhen: readonly string[];
  gotchas: readonly string[];
  claims?: PerformanceClaim;
  /** The starter `choose-protocol init` scaffolds for it. */
  template: 'websocket' | 'sse' | 'grpc' | 'http';
}

const websocket: Protocol = {
  id: 'websocket',
  name: 'WebSocket',
  tagline: 'A persistent, full-duplex channel upgraded from an HTTP connection.',
  source: 'article',
  howItWorks: [
    'The client sends an HTTP GET with an Upgrade header; the server answers 101 Switching Protocols.',
    'From then on the connection is full duplex: either side can send binary or text frames at any time.',
    'There is no request/response model; the application defines its own message protocol.',
    'Either side ends the session with a close frame, answered by a close frame.',
  ],
  quick: {
    direction: 'Bidirectional',
    format: 'Binary + Text',
    transport: 'Custom protocol',
    reconnect: 'Manual reconnect',
    auth: 'No built-in auth',
    languages: 'Any language',
    bestFor: 'Chat, gaming, collaboration tools',
  },
  summary: {
    direction: { value: 'Bidirectional', rating: 'neutral' },
    protocol: { value: 'WS (over HTTP)', rating: 'neutral' },
    dataFormat: { value: 'Text + Binary', rating: 'neutral' },
    browserSupport: { value: 'Native', rating: 'good' },
    autoReconnect: { value: 'Manual', rating: 'bad' },
    loadBalancing: { value: 'Sticky sessions', rating: 'warn' },
    proxyFriendly: { value: 'Some issues', rating: 'warn' },
    bestUseCase: { value: 'Real-time apps', rating: 'neutral' },
  },
  useWhen: [
    'Building chat, collaboration tools, or multiplayer games',
    'Both sides send data frequently and unpredictably',
    'You need binary data in the browser (file transfer, screen sharing)',
  ],
  gotchas: [
    'No automatic reconnection: you must implement reconnect logic yourself',
    'Load balancer complexity: sticky sessions or shared state required',
    'Proxy issues: some corporate proxies terminate WebSocket connections',
    'No built-in multiplexing: one connection = one channel (unlike HTTP/2)',
  ],
  claims: {
    throughput: '95K msg/s',
    latencyP50: '1.2ms',
    latencyP99: '8ms',
    memoryPerConnection: '2.4 KB',
    cpuOverhead: 'Low',
    bandwidth: 'Efficient',
  },
  template: 'websocket',
};

const sse: Protocol = {
  id: 'sse',
  name: 'Server-Sent Events',
  tagline: 'A one-way channel: the server pushes events to the client over a standard HTTP response.',
  source: 'article',
  howItWorks: [
    'The client sends GET /events; the server answers 200 with Content-Type: text/event-stream and keeps the response open.',
    'Each event is a few text lines (id:, event:, data:) ended by a blank line.',
    'When the connection drops, the browser reconnects by itself and sends Last-Event-ID so the server can resume.',
    'The client talks back with ordinary requests, e.g. a POST (the LLM pattern).',
  ],
  quick: {
    direction: 'Server → Client',
    format: 'Text only',
    transport: 'HTTP/1.1+',
    reconnect: 'Auto-reconnect',
    auth: 'Cookie/Bearer',
    languages: 'Any language',
    bestFor: 'LLM streaming, notifications, live feeds',
  },
  summary: {
    direction: { value: 'Server → Client', rating: 'neutral' },
    protocol: { value: 'HTTP/1.1+', rating: 'neutral' },
    dataFormat: { value: 'Text', rating: 'neutral' },
    browserSupport: { value: 'Native', rating: 'good' },
    autoReconnect: { value: 'Built-in', rating: 'good' },
    loadBalancing: { value: 'Standard HTTP', rating: 'good' },
    proxyFriendly: { value: 'Works everywhere', rating: 'good' },
    bestUseCase: { value: 'Notifications/LLM', rating: 'neutral' },
  },
  useWhen: [
    'Server pushes updates to browser clients',
    'Building notification systems, live dashboards, or LLM streaming',
    'You want the simplest possible implementation',
    'You need automatic reconnection without extra code',
  ],
  gotchas: [
    'Text only: binary payloads must be encoded (base64 adds about a third)',
    'Server → client only: the client sends with separate requests (POST for the request, SSE for the response)',
  ],
  claims: {
    throughput: '82K msg/s',
    latencyP50: '2.1ms',
    latencyP99: '15ms',
    memoryPerConnection: '1.8 KB',
    cpuOverhead: 'Lowest',
    bandwidth: 'Text overhead',
  },
  template: 'sse',
};

const grpc: Protocol = {
  id: 'grpc',
  name: 'gRPC streaming',
  tagline: 'Multiplexed, binary-encoded (Protobuf) streams over HTTP/2, from a typed contract.',
  source: 'article',
  howItWorks: [
    'A .proto file defines the service; code generation gives both sides typed stubs.',
    'Calls run as HTTP/2 streams, many multiplexed over one connection, with Protobuf-encoded messages.',
    'Four modes: unary (1 request, 1 response), server streaming (1 request, N responses), client streaming (N requests, 1 response) and bidirectional streaming (N messages each way).',
    'HTTP/2 flow control gives backpressure: a sender blocks when the receiver cannot keep up.',
  ],
  quick: {
    direction: 'Bidirectional',
    format: 'Binary (Protobuf)',
    transport: 'HTTP/2',
    reconnect: 'Auto-reconnect',
    auth: 'mTLS + tokens',
    languages: 'Code-gen required',
    bestFor: 'Microservices, high-throughput, type-safe APIs',
  },
  summary: {
    direction: { value: 'Both options', rating: 'neutral' },
    protocol: { value: 'HTTP/2', rating: 'neutral' },
    dataFormat: { value: 'Binary (Protobuf)', rating: 'neutral' },
    browserSupport: { value: 'grpc-web proxy', rating: 'warn' },
    autoReconnect: { value: 'Library-dependent', rating: 'warn' },
    loadBalancing: { value: 'HTTP/2 LB', rating: 'good' },
    proxyFriendly: { value: 'Needs HTTP/2', rating: 'warn' },
    bestUseCase: { value: 'Microservices', rating: 'neutral' },
  },
  useWhen: [
    'Service-to-service communication in a microservice architecture',
    'You need type safety across services (Protobuf contracts)',
    'Maximum throughput and minimum latency matter',
    "You're already using gRPC for unary calls",
  ],
  gotchas: [
    'Browsers need a grpc-web proxy (or Connect gateway), and get unary and server streaming only',
    'Code generation required on both sides',
    'Needs HTTP/2 end to end: not every proxy passes it',
    'Reconnection is library-dependent',
  ],
  claims: {
    throughput: '120K msg/s',
    latencyP50: '0.8ms',
    latencyP99: '4ms',
    memoryPerConnection: '3.2 KB',
    cpuOverhead: 'Medium',
    bandwidth: 'Most efficient',
  },
  template: 'grpc',
};

const http: Protocol = {
  id: 'http',
  name: 'HTTP POST/PUT',
  tagline: 'Plain requests: the client sends, the server answers. No stream to keep open.',
  source: 'choose-protocol',
  howItWorks: [
    'The client sends each batch as a POST (or PUT) request; the server answers with a status code.',
    'Large uploads stream in the request body (e.g. NDJSON), so neither side holds them in memory.',
    'An Idempotency-Key header makes retries safe: the server stores a retried batch once.',
    'The article: for client-to-server only, "use regular HTTP POST/PUT (or gRPC client streaming)".',
  ],
  quick: {
    direction: 'Client → Server',
    format: 'Any (JSON, NDJSON, binary)',
    transport: 'HTTP/1.1+',
    reconnect: 'Retry per request',
    auth: 'Cookie/Bearer',
    languages: 'Any language',
    bestFor: 'Uploads, telemetry, event ingestion',
  },
  useWhen: [
    'Data flows from the client to the server only',
    'Each batch can be acknowledged on its own (a status code per request)',
    'You want every proxy, CDN and load balancer to work unchanged',
  ],
  gotchas: [
    'No server push: if the server later needs to push, add SSE next to it (the LLM pattern)',
    'Retries can store twice unless requests carry an idempotency key',
  ],
  template: 'http',
};

export const protocols: Record<ProtocolId, Protocol> = { websocket, sse, grpc, http };

/** The protocols the article's summary table covers, in its column order. */
export const summaryProtocolIds = ['websocket', 'sse', 'grpc'] as const satisfies readonly ProtocolId[];

export function isProtocolId(value: string): value is ProtocolId {
  return (protocolIds as readonly string[]).includes(value);
}
