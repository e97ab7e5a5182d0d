import { checkedOn, type Source } from '../catalogue/source.js';
import { sources } from '../catalogue/sources.js';
import type { Answers } from './answers.js';
import { matches, type Match } from './match.js';
import type { OutcomeId } from './outcomes.js';

/**
 * Departure rules: where the article's leaf cannot serve the answers well, we recommend
 * something else and say so, out loud, with the reason and where the fact comes from. The
 * article's tree is still walked first and its answer is kept beside ours as an alternative.
 * The first rule that matches wins; a departure never happens without a rule here.
 */

export interface Departure {
  id: string;
  /** The article's leaves this rule departs from. */
  from: readonly OutcomeId[];
  when: Match;
  to: OutcomeId;
  /** One sentence: why the article's leaf does not fit these answers. */
  because: string;
  source: Source;
  /** When we last checked that the source says this (YYYY-MM-DD). */
  checked: string;
  /** The alternatives, best first; the article's answer is always among them. */
  alternatives: readonly OutcomeId[];
}

/** Above this many messages a second, a page is better served by batched WebSocket frames than by one text event each. */
export const pageTextEventLimit = 1000;

const checked = checkedOn;

const notFast = { atMost: pageTextEventLimit };

export const departures: readonly Departure[] = [
  // Native gRPC needs HTTP/2 end to end, which HTTP/1.1-only hops and strict proxies do not pass.
  {
    id: 'http1-grpc-bidi',
    from: ['grpc-bidi'],
    when: { strictProxy: [true] },
    to: 'websocket',
    because: 'gRPC needs HTTP/2 end to end and your traffic crosses HTTP/1.1-only hops or strict proxies; WebSocket over wss:// starts as an HTTP/1.1 request and gets through, with SSE + POST as the fallback for the rare proxy that still cuts it.',
    source: sources.grpcHttp2Protocol,
    checked,
    alternatives: ['grpc-bidi', 'sse'],
  },
  {
    id: 'http1-grpc-stream',
    from: ['grpc-server-stream'],
    when: { strictProxy: [true], binary: [false, null], rate: notFast },
    to: 'sse',
    because: 'gRPC needs HTTP/2 end to end and your traffic crosses HTTP/1.1-only hops or strict proxies; SSE is one ordinary HTTP response and passes them.',
    source: sources.grpcHttp2Protocol,
    checked,
    alternatives: ['grpc-web', 'grpc-server-stream', 'websocket'],
  },
  {
    id: 'http1-grpc-stream-binary',
    from: ['grpc-server-stream'],
    when: { strictProxy: [true] },
    to: 'websocket',
    because: 'gRPC needs HTTP/2 end to end and your traffic crosses HTTP/1.1-only hops or strict proxies; WebSocket over wss:// gets through and carries binary or batched frames.',
    source: sources.grpcHttp2Protocol,
    checked,
    alternatives: ['grpc-web', 'grpc-server-stream', 'sse'],
  },
  // Browsers cannot open native gRPC streams.
  {
    id: 'browser-grpc-stream',
    from: ['grpc-server-stream'],
    when: { peer: ['browser'], binary: [false, null], rate: notFast },
    to: 'sse',
    because: `Browsers cannot open native gRPC streams (only gRPC-Web or Connect through a gateway), and up to ${pageTextEventLimit} text events a second SSE streams natively to every browser, reconnecting by itself.`,
    source: sources.grpcWebStreamingRoadmap,
    checked,
    alternatives: ['grpc-web', 'websocket', 'grpc-server-stream'],
  },
  {
    id: 'browser-grpc-stream-binary',
    from: ['grpc-server-stream'],
    when: { peer: ['browser'], binary: [true] },
    to: 'websocket',
    because: 'Browsers cannot open native gRPC streams, and SSE carries text only, so binary payloads to a page belong in WebSocket frames.',
    source: sources.mdnUsingServerSentEvents,
    checked,
    alternatives: ['grpc-web', 'sse', 'grpc-server-stream'],
  },
  {
    id: 'browser-grpc-stream-fast',
    from: ['grpc-server-stream'],
    when: { peer: ['browser'] },
    to: 'websocket',
    because: `Browsers cannot open native gRPC streams, and above ${pageTextEventLimit} messages a second a page is better served by WebSocket frames that each batch many updates than by one text event per message.`,
    source: sources.mdnUsingServerSentEvents,
    checked,
    alternatives: ['grpc-web', 'sse', 'grpc-server-stream'],
  },
  // SSE is text: binary payloads to pages or to other developers' programs belong in WebSocket frames.
  {
    id: 'binary-sse',
    from: ['sse'],
    when: { binary: [true], peer: ['browser', 'public'] },
    to: 'websocket',
    because: 'SSE carries UTF-8 text only, so binary payloads would travel base64-encoded (a third larger) and be decoded one event at a time; WebSocket carries binary frames natively, as the article itself advises for binary data in the browser.',
    source: sources.mdnUsingServerSentEvents,
    checked,
    alternatives: ['sse', 'grpc-server-stream'],
  },
  // A public API's clients are other developers' programs: no shared codegen, any proxy.
  {
    id: 'public-grpc-bidi',
    from: ['grpc-bidi'],
    when: { peer: ['public'] },
    to: 'websocket',
    because: "A public API's clients are other developers' programs in every language: WebSocket needs no code generation and crosses every proxy that passes HTTPS, so offer gRPC beside it, not instead.",
    source: sources.openAiStreaming,
    checked,
    alternatives: ['sse', 'grpc-bidi'],
  },
  {
    id: 'public-grpc-stream',
    from: ['grpc-server-stream'],
    when: { peer: ['public'], binary: [false, null], rate: notFast },
    to: 'sse',
    because: "A public API's clients are other developers' programs in every language: SSE is one HTTP response any HTTP client can read without code generation, so offer gRPC beside it, not instead.",
    source: sources.openAiStreaming,
    checked,
    alternatives: ['grpc-server-stream', 'websocket'],
  },
  {
    id: 'public-grpc-stream-binary',
    from: ['grpc-server-stream'],
    when: { peer: ['public'], binary: [true] },
    to: 'websocket',
    because: "A public API's clients are other developers' programs in every language: WebSocket needs no code generation and, unlike SSE, carries binary payloads as they are, so offer gRPC beside it, not instead.",
    source: sources.openAiStreaming,
    checked,
    alternatives: ['grpc-server-stream', 'sse'],
  },
  {
    id: 'public-grpc-stream-fast',
    from: ['grpc-server-stream'],
    when: { peer: ['public'] },
    to: 'websocket',
    because: `A public API's clients are other developers' programs in every language: WebSocket needs no code generation and batches more than ${pageTextEventLimit} messages a second into fewer frames, so offer gRPC beside it, not instead.`,
    source: sources.openAiStreaming,
    checked,
    alternatives: ['grpc-server-stream', 'sse'],
  },
];

/** The first departure rule that applies to the article's answer for these answers, if any. */
export function departureFor(article: OutcomeId, answers: Answers): Departure | undefined {
  return departures.find((rule) => rule.from.includes(article) && matches(rule.when, answers));
}
