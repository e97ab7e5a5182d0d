import type { Cell, FeatureId, summaryProtocolIds } from './protocols.js';
import { checkedOn, type Source } from './source.js';
import { sources } from './sources.js';

/** A protocol with a column in the article's summary table. */
export type SummaryProtocolId = (typeof summaryProtocolIds)[number];

/** What a correction corrects: a cell of the summary table, or a passage of the article's text. */
export type CorrectionTarget = { kind: 'cell'; feature: FeatureId } | { kind: 'text'; where: string };

/**
 * Where we think the article is wrong or out of date, marked as ours. The article's own table
 * stays as published (protocols.ts); these sit beside it with their sources.
 */
export interface Correction {
  id: string;
  protocol: SummaryProtocolId;
  target: CorrectionTarget;
  /** What the article says, quoted. */
  article: string;
  /** What we say instead. */
  ours: Cell;
  /** Why, in one sentence. */
  why: string;
  sources: readonly Source[];
  checked: string;
}

/** Table cells in the table's row order, then passages of the article's text. */
export const corrections: readonly Correction[] = [
  {
    id: 'sse-browser-connections',
    protocol: 'sse',
    target: { kind: 'cell', feature: 'browserSupport' },
    article: '✅ Native',
    ours: { value: 'Native; 6 per origin on HTTP/1.1', rating: 'warn' },
    why: 'Over HTTP/1.1 a browser allows six connections per origin across all its tabs and each EventSource holds one ("Won\'t fix" in Chrome and Firefox), so serve SSE over HTTP/2.',
    sources: [sources.mdnEventSource],
    checked: checkedOn,
  },
  {
    id: 'grpc-browser-modes',
    protocol: 'grpc',
    target: { kind: 'cell', feature: 'browserSupport' },
    article: '⚠️ grpc-web proxy',
    ours: { value: 'gRPC-Web/Connect: unary + server streams only', rating: 'warn' },
    why: 'Browsers get unary and server-streaming calls only (no client or bidirectional streaming), and a Connect server answers gRPC-Web itself without a proxy.',
    sources: [sources.grpcWebReadme, sources.connectEsBidiIssue, sources.connectHome],
    checked: checkedOn,
  },
  {
    id: 'grpc-reconnect',
    protocol: 'grpc',
    target: { kind: 'cell', feature: 'autoReconnect' },
    article: 'Table: "⚠️ Library-dependent"; quick comparison box: "Auto-reconnect"',
    ours: { value: 'Channel reconnects; streams do not resume', rating: 'warn' },
    why: 'A channel re-establishes its connection with backoff, but a broken stream just fails (UNAVAILABLE): the application must re-issue the call and resume from its own cursor.',
    sources: [sources.grpcConnectivity, sources.grpcWaitForReady, sources.gaxStreamResumption],
    checked: checkedOn,
  },
  {
    id: 'sse-proxy-buffering',
    protocol: 'sse',
    target: { kind: 'cell', feature: 'proxyFriendly' },
    article: '✅ Works everywhere',
    ours: { value: 'Only if not buffered', rating: 'warn' },
    why: 'Buffering proxies (nginx with its default proxy_buffering, some CDNs, TLS-inspecting corporate and antivirus proxies) hold events back until the server sends X-Accel-Buffering: no and flushes each event, and some scanners wait for a body that never ends.',
    sources: [sources.nginxProxyBuffering, sources.mcpStreamableHttp20260728, sources.broadcomSwgEventStream, sources.salesforceSseBlocked],
    checked: checkedOn,
  },
  {
    id: 'websocket-multiplexing',
    protocol: 'websocket',
    target: { kind: 'text', where: 'WebSocket gotchas' },
    article: 'No built-in multiplexing — one connection = one channel (unlike HTTP/2)',
    ours: { value: 'RFC 8441 exists, but not from Node\'s ws: one TCP connection per WebSocket', rating: 'warn' },
    why: 'RFC 8441 carries a WebSocket on one HTTP/2 stream and browsers use it when a server offers it, but ws has no support (websockets/ws#1458), so from Node each WebSocket is its own TCP connection in practice.',
    sources: [sources.rfc8441, sources.wsHttp2Issue],
    checked: checkedOn,
  },
  {
    id: 'sse-connection-header',
    protocol: 'sse',
    target: { kind: 'text', where: 'SSE server example (res.writeHead headers)' },
    article: "'Connection': 'keep-alive'",
    ours: { value: 'Leave Connection out', rating: 'bad' },
    why: 'HTTP/2 forbids connection-specific headers, so Safari refuses such a response over h2 and Node\'s http2 drops the header with a warning, while HTTP/1.1 keeps connections alive without it.',
    sources: [sources.rfc9113ConnectionHeaders, sources.safariKeepAliveH2],
    checked: checkedOn,
  },
];

/** A protocol's corrections, in the order above. */
export function correctionsFor(protocol: string): Correction[] {
  return corrections.filter((c) => c.protocol === protocol);
}

/** The correction of one table cell, if we have one. */
export function cellCorrection(protocol: string, feature: FeatureId): Correction | undefined {
  return corrections.find((c) => c.protocol === protocol && c.target.kind === 'cell' && c.target.feature === feature);
}
