import { checkedOn, type Source } from '../catalogue/source.js';
import { sources } from '../catalogue/sources.js';
import type { Answers } from './answers.js';
import { fewMessagesLimit } from './lines.js';
import { matches, type Match } from './match.js';
import type { OutcomeId } from './outcomes.js';

/**
 * Departure rules: where the article's leaf cannot serve the answers well, we recommend
 * something else and say so, out loud, with the reason and where the facts come from. The
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
  /** Where the facts in `because` come from (ours, where a line is our judgement, says so in `because`). */
  sources: readonly Source[];
  /** When we last checked that the sources say this (YYYY-MM-DD). */
  checked: string;
  /** The alternatives, best first; the article's answer is always among them. */
  alternatives: readonly OutcomeId[];
}

/**
 * Our line, not a measured limit: above it a feed to a page is batched whatever the transport,
 * and WebSocket lets those batches move to a compact binary encoding, which SSE's UTF-8 cannot.
 */
export const pageTextEventLimit = 1000;
export { fewMessagesLimit };

const checked = checkedOn;
const notFast = { atMost: pageTextEventLimit };
const fastLine = `above ${pageTextEventLimit} messages a second (our line, where feeds get batched and binary encodings start to pay)`;

/** An agent protocol fixes the transport to POST + SSE: no rule may take an agent's SSE away. */
const notAgents = { agents: [false, null] } as const;
/** Generated Protobuf clients remove a public API's reason to avoid gRPC. */
const noGeneratedClients = { protobuf: [false, null] } as const;
/** Webhooks carry events, each worth a request: not media frames or values the next one replaces. */
const discreteEvents = { binary: [false, null], latestWins: [false, null] } as const;
/**
 * A webhook needs a consumer a server can call. Apps on people's devices sit behind carrier and
 * home NATs with no URL, so "--callbacks" beside "--devices" cannot mean the apps: the device
 * rules below answer those, rather than advice to POST events to phones.
 */
const notDevices = { devices: [false, null] } as const;
/**
 * Your own apps on people's devices, without Protobuf clients generated for them (with those,
 * gRPC's cost is paid and its leaf stands, as for Uber's RAMEN).
 */
const devicePush = { peer: ['service'], devices: [true], protobuf: [false, null], agents: [false, null] } as const;
const deviceLine = "Your clients are your own apps on people's devices, reaching you across mobile and home networks rather than from inside yours";
const deviceSources = [sources.netflixZuulPush, sources.mozillaAutopush, sources.rfc6455PingPong];
/** The device rules' sources were read a day after the others. */
const deviceChecked = '2026-12-03';
/** Rules added in the review of 2026-12-03 rest on sources read that day. */
const reviewChecked = '2026-12-03';
/** Rules added for issue 13's generalisation review rest on sources read that day. */
const generalisedChecked = '2026-12-03';
const fewMessages = { atMost: fewMessagesLimit };
/**
 * Our line, not a measured limit: a feed that changes once every ten seconds or less often can
 * be fetched again by its consumers at an interval they choose without falling behind a stream
 * by more than that interval.
 */
export const rareFeedLimit = 0.1;
/** Rules added in the second generalisation review (issue 13, all four banks) rest on sources read that day. */
const adviceChecked = '2026-12-03';
/** gRPC, and gRPC-Web through most gateways, need HTTP/2 or clean HTTP/1.1 end to end. */
const http2Passes = { strictProxy: [false, null] } as const;

export const departures: readonly Departure[] = [
  // Agent protocols fix the transport: MCP's Streamable HTTP and A2A's streaming both carry
  // JSON-RPC as POST requests answered with SSE, so a server for agents speaks that.
  {
    id: 'agent-protocol',
    from: ['websocket', 'grpc-bidi'],
    when: { agents: [true] },
    to: 'sse',
    because: "Agent clients speak their protocol's own transport, and MCP's Streamable HTTP and A2A both carry two-way JSON-RPC as POST requests answered with SSE streams, so serve that rather than a socket protocol of your own.",
    sources: [sources.mcpStreamableHttp20250326, sources.a2aStreaming],
    checked,
    alternatives: ['websocket', 'grpc-bidi'],
  },
  {
    id: 'agent-protocol-stream',
    from: ['grpc-server-stream'],
    when: { agents: [true] },
    to: 'sse',
    because: "Agent clients speak their protocol's own transport, and MCP and A2A stream a server's messages as SSE in answer to a POST whatever the rate, so batch fast updates into fewer events rather than leave the protocol.",
    sources: [sources.mcpStreamableHttp20250326, sources.a2aStreaming],
    checked,
    alternatives: ['grpc-server-stream', 'websocket'],
  },
  // Consumers that are servers with a URL take events as webhooks: nothing to hold open.
  {
    id: 'callback-events',
    from: ['sse'],
    when: { callbacks: [true], peer: ['service', 'public'], ...discreteEvents, ...notAgents, ...notDevices },
    to: 'webhook',
    because: 'Your consumers are servers that can take HTTP requests, and at 100 events a second or fewer a signed POST per event (a webhook) needs no connection held open, no client library and no reconnect logic on their side.',
    sources: [sources.standardWebhooks],
    checked,
    alternatives: ['sse', 'websocket'],
  },
  {
    id: 'callback-events-two-way',
    from: ['grpc-bidi'],
    when: { callbacks: [true], peer: ['service', 'public'], ...discreteEvents, ...notAgents, ...notDevices },
    to: 'webhook',
    because: 'Your consumers are servers that can take HTTP requests, so your events reach them as signed POSTs (webhooks) and theirs reach you as ordinary API calls, with no connection held open in either direction.',
    sources: [sources.standardWebhooks],
    checked,
    alternatives: ['websocket', 'grpc-bidi'],
  },
  // Rare changes to state clients already read: the read itself can wait for the next version.
  {
    id: 'rare-changes-long-poll',
    from: ['sse'],
    // Not for your own apps on people's devices: the device rules give them one WebSocket that
    // carries the change notices for everything the app watches (Nextcloud's notify_push).
    when: { watch: [true], peer: ['service', 'public'], rate: { atMost: 1 }, ...notAgents, ...notDevices },
    to: 'long-poll',
    because: 'Your clients watch state they already read with ordinary requests and it changes about once a second or less, so the same GET, told the version it has and held until a newer one exists, costs no more than a stream and asks them for no SSE client and you for no new endpoint.',
    sources: [sources.rfc6202],
    checked,
    alternatives: ['sse', 'websocket'],
  },
  // A public feed that changes rarely, where no consumer needs every message: a document at a
  // URL that consumers fetch again serves any number of them from a cache, as public transit
  // and earthquake feeds are published.
  {
    id: 'public-rare-feed-poll',
    from: ['sse'],
    when: { peer: ['public'], rate: { atMost: rareFeedLimit }, lossless: [false, null], ...notAgents },
    to: 'poll',
    because: "A public API's clients are other developers' programs and your feed changes once every ten seconds or less often (our line) with no consumer needing every message, so publish it as a document at a URL with ETag and Cache-Control and let each consumer fetch it again: a 304 or a CDN answers most fetches whatever the number of consumers, any HTTP client will do, and nothing is held open, which is how GTFS Realtime transit feeds and the USGS earthquake feeds are published; consumers that need each change within seconds are what SSE, the first alternative, is for.",
    sources: [sources.gtfsRealtimeFetch, sources.usgsGeoJsonFeeds, sources.rfc9110Conditional],
    checked: adviceChecked,
    alternatives: ['sse', 'websocket'],
  },
  // Your own backends waiting for rare work or news: the request they already make can wait.
  {
    id: 'service-rare-long-poll',
    from: ['sse'],
    when: { peer: ['service'], rate: { atMost: 1 }, binary: [false, null], protobuf: [false, null], ...notAgents, ...notDevices },
    to: 'long-poll',
    because: "Your own backends receive about one message a second or less, so a long poll to the API they already call (a request held until there is something for them, then asked again) costs no more than a stream and needs no streaming endpoint, and when a message is work for one of many workers the answer to one worker's request is its claim on the job, which a stream broadcast to every worker cannot give; GitHub's Actions runners and Buildkite's agents take their jobs this way.",
    sources: [sources.githubRunnerLongPoll, sources.buildkiteJobDispatch, sources.rfc6202],
    checked: generalisedChecked,
    alternatives: ['sse', 'websocket'],
  },
  // A public API whose every event matters, at low rates: the client's cursor in each request
  // makes delivery resumable by construction, with nothing but an HTTP client.
  {
    id: 'public-cursor-long-poll',
    from: ['grpc-bidi'],
    when: { peer: ['public'], lossless: [true], rate: fewMessages, ...discreteEvents, ...notAgents, ...noGeneratedClients },
    to: 'long-poll',
    because: "A public API's clients are other developers' programs and must miss nothing, and at 10 messages a second or fewer a long poll serves them with any HTTP client through any proxy: each request carries the cursor of the last event the client has and is held until something newer exists, so resuming after a drop is simply the next request, and the client's own messages go as ordinary requests, as in Matrix's /sync, PubNub, Telegram's getUpdates and Amazon SQS.",
    sources: [sources.matrixSync, sources.pubnubTransport, sources.telegramGetUpdates, sources.sqsLongPolling, sources.rfc6202],
    checked: generalisedChecked,
    alternatives: ['websocket', 'grpc-bidi'],
  },
  // Protobuf with generated clients: gRPC's cost (code generation) is already paid.
  {
    id: 'browser-protobuf-stream',
    from: ['sse', 'grpc-server-stream'],
    when: { peer: ['browser'], protobuf: [true], ...http2Passes, ...notAgents },
    to: 'grpc-web',
    because: 'Your messages are already Protobuf with generated clients, and gRPC-Web or Connect streams them from server to page in every browser (server streaming is the one stream browsers get), so pages and services share one contract.',
    sources: [sources.grpcWebReadme, sources.connectHome],
    checked,
    alternatives: ['sse', 'websocket', 'grpc-server-stream'],
  },
  {
    id: 'protobuf-sse',
    from: ['sse'],
    when: { peer: ['service', 'public'], protobuf: [true], ...http2Passes, ...notAgents },
    to: 'grpc-server-stream',
    because: 'Your messages are already Protobuf and every client has generated code, so gRPC streams them as they are, where SSE would carry them base64-encoded or re-encoded as JSON.',
    sources: [sources.grpcIntroduction, sources.mdnUsingServerSentEvents],
    checked,
    alternatives: ['sse', 'websocket'],
  },
  {
    id: 'protobuf-ingest',
    from: ['http'],
    when: { peer: ['service'], protobuf: [true], ...http2Passes },
    to: 'grpc-client-stream',
    because: 'Both ends are your own services and the records are already Protobuf messages, so gRPC sends them typed over one HTTP/2 connection (a client stream, or batched unary calls) with no JSON layer in between.',
    sources: [sources.grpcIntroduction],
    checked,
    alternatives: ['http'],
  },
  // Your own apps on people's devices: the article's "service" means backends in your network,
  // and neither its SSE (a browser API's strengths) nor its gRPC (HTTP/2 end to end, generated
  // clients) fits a fleet of mostly idle app connections crossing carrier and home networks.
  {
    id: 'device-push',
    from: ['sse'],
    when: devicePush,
    to: 'websocket',
    because: `${deviceLine}, so hold one WebSocket per device: it carries your pushes, change notices for whatever the app watches and the app's acknowledgements and heartbeats, its ping frames keep NAT and carrier idle timeouts from closing a quiet connection, and nothing in an app needs SSE's EventSource, which is how Netflix's Zuul Push, Mozilla's Autopush and Nextcloud's notify_push serve their clients.`,
    sources: [...deviceSources, sources.nextcloudNotifyPush],
    checked: deviceChecked,
    alternatives: ['sse', 'grpc-server-stream'],
  },
  {
    id: 'device-push-fast',
    from: ['grpc-server-stream'],
    when: devicePush,
    to: 'websocket',
    because: `${deviceLine}, where gRPC needs HTTP/2 end to end and a generated client in every app, so stream over one WebSocket per device, whose ping frames keep NAT and carrier idle timeouts from closing it and whose binary frames take batched or compact updates.`,
    sources: deviceSources,
    checked: deviceChecked,
    alternatives: ['grpc-server-stream', 'sse'],
  },
  {
    id: 'device-two-way',
    from: ['grpc-bidi'],
    when: devicePush,
    to: 'websocket',
    because: `${deviceLine}, where gRPC needs HTTP/2 end to end and a generated client in every app, so talk both ways over one WebSocket per device, as Mozilla's Autopush does with Firefox; with Protobuf clients generated for every app gRPC serves too, as Uber's RAMEN moved to.`,
    sources: [...deviceSources, sources.uberRamenGrpc],
    checked: deviceChecked,
    alternatives: ['grpc-bidi', 'sse'],
  },
  // Two-way traffic across strict proxies, some of which cut WebSocket connections: at low rates
  // the client's side is a few POSTs and the server's side one SSE response, which pass them all.
  {
    id: 'strict-proxy-two-way-rare',
    from: ['websocket', 'grpc-bidi'],
    when: { strictProxy: [true], rate: fewMessages, binary: [false, null], latestWins: [false, null], ...notAgents },
    to: 'sse',
    because: "Your traffic crosses strict proxies or HTTP/1.1-only hops, some of which cut WebSocket connections and none of which pass native gRPC, and at 10 messages a second or fewer the client's messages cost little as ordinary POST requests, so stream the server's side as SSE, one plain HTTP response that passes them, as LinkedIn's messaging did for members on every kind of network; at higher rates, WebSocket over wss:// with SSE as the fallback.",
    sources: [sources.linkedinSse, sources.mdnUsingServerSentEvents, sources.grpcHttp2Protocol],
    checked: generalisedChecked,
    alternatives: ['websocket', 'grpc-bidi'],
  },
  // Native gRPC needs HTTP/2 end to end, which HTTP/1.1-only hops and strict proxies do not pass.
  {
    id: 'http1-grpc-bidi',
    from: ['grpc-bidi'],
    when: { strictProxy: [true] },
    to: 'websocket',
    because: 'gRPC needs HTTP/2 end to end and your traffic crosses HTTP/1.1-only hops or strict proxies; WebSocket starts as an HTTP/1.1 request and, over wss://, gets through most of them, with SSE + POST as the fallback for the rest.',
    sources: [sources.grpcHttp2Protocol],
    checked,
    alternatives: ['grpc-bidi', 'sse'],
  },
  {
    id: 'http1-grpc-stream',
    from: ['grpc-server-stream'],
    when: { strictProxy: [true], binary: [false, null], rate: notFast },
    to: 'sse',
    because: 'gRPC needs HTTP/2 end to end and your traffic crosses HTTP/1.1-only hops or strict proxies; SSE is one ordinary HTTP response and passes them.',
    sources: [sources.grpcHttp2Protocol],
    checked,
    alternatives: ['grpc-web', 'grpc-server-stream', 'websocket'],
  },
  {
    id: 'http1-grpc-stream-binary',
    from: ['grpc-server-stream'],
    when: { strictProxy: [true] },
    to: 'websocket',
    because: `gRPC needs HTTP/2 end to end and your traffic crosses HTTP/1.1-only hops or strict proxies; WebSocket over wss:// gets through most of them and carries binary payloads, or batches ${fastLine}.`,
    sources: [sources.grpcHttp2Protocol, sources.mdnUsingServerSentEvents],
    checked,
    alternatives: ['grpc-web', 'grpc-server-stream', 'sse'],
  },
  // Browsers cannot open native gRPC streams.
  {
    id: 'browser-grpc-stream',
    from: ['grpc-server-stream'],
    when: { peer: ['browser'], binary: [false, null], rate: notFast },
    to: 'sse',
    because: 'Browsers cannot open native gRPC streams (only gRPC-Web or Connect, through a gateway or a Connect server), while SSE streams text events natively to every browser and reconnects by itself.',
    sources: [sources.grpcWebStreamingRoadmap, sources.mdnEventSource],
    checked,
    alternatives: ['grpc-web', 'websocket', 'grpc-server-stream'],
  },
  {
    id: 'browser-grpc-stream-binary',
    from: ['grpc-server-stream'],
    when: { peer: ['browser'], binary: [true] },
    to: 'websocket',
    because: 'Browsers cannot open native gRPC streams, and SSE carries UTF-8 text only, so binary payloads to a page belong in WebSocket frames.',
    sources: [sources.grpcWebStreamingRoadmap, sources.mdnUsingServerSentEvents],
    checked,
    alternatives: ['grpc-web', 'sse', 'grpc-server-stream'],
  },
  {
    id: 'browser-grpc-stream-fast',
    from: ['grpc-server-stream'],
    when: { peer: ['browser'] },
    to: 'websocket',
    because: `Browsers cannot open native gRPC streams, and ${fastLine} WebSocket lets the batches a page needs move from text to a binary encoding without changing transport.`,
    sources: [sources.grpcWebStreamingRoadmap, sources.mdnUsingServerSentEvents],
    checked,
    alternatives: ['grpc-web', 'sse', 'grpc-server-stream'],
  },
  // SSE is text: binary payloads to pages or to other developers' programs belong in WebSocket
  // frames, and between your own services in gRPC, as the article's own table says.
  {
    id: 'binary-sse',
    from: ['sse'],
    when: { binary: [true], peer: ['browser', 'public'], ...notAgents },
    to: 'websocket',
    because: 'SSE carries UTF-8 text only, so binary payloads would travel base64-encoded (a third larger); WebSocket carries binary frames natively, as the article itself advises for binary data in the browser.',
    sources: [sources.mdnUsingServerSentEvents],
    checked,
    alternatives: ['sse', 'grpc-server-stream'],
  },
  {
    id: 'binary-sse-service',
    from: ['sse'],
    when: { binary: [true], peer: ['service'], ...http2Passes, ...notAgents },
    to: 'grpc-server-stream',
    because: 'SSE carries UTF-8 text only, so binary payloads would travel base64-encoded (a third larger); between your own services gRPC carries them as Protobuf bytes, which the article recommends for service-to-service traffic.',
    sources: [sources.mdnUsingServerSentEvents, sources.grpcHttp2Protocol],
    checked,
    alternatives: ['sse', 'websocket'],
  },
  {
    // gRPC, binary-sse-service's answer, needs HTTP/2 end to end, which these answers rule out.
    id: 'binary-sse-service-http1',
    from: ['sse'],
    when: { binary: [true], peer: ['service'], strictProxy: [true], ...notAgents },
    to: 'websocket',
    because: 'SSE carries UTF-8 text only and gRPC needs HTTP/2 end to end, which your HTTP/1.1-only hops or strict proxies do not pass; WebSocket starts as an HTTP/1.1 request and, over wss://, carries binary frames through most of them.',
    sources: [sources.mdnUsingServerSentEvents, sources.grpcHttp2Protocol],
    checked: reviewChecked,
    alternatives: ['sse', 'grpc-server-stream'],
  },
  // A public API's clients are other developers' programs: no shared code generation.
  {
    id: 'public-grpc-bidi',
    from: ['grpc-bidi'],
    when: { peer: ['public'], ...noGeneratedClients },
    to: 'websocket',
    because: "A public API's clients are other developers' programs in every language, and WebSocket asks them for no code generation and no HTTP/2 end to end, which is why public streaming APIs such as Coinbase's and Deepgram's use it; offer gRPC beside it, not instead.",
    sources: [sources.coinbaseChannels, sources.deepgramStreaming],
    checked,
    alternatives: ['sse', 'grpc-bidi'],
  },
  {
    id: 'public-grpc-stream',
    from: ['grpc-server-stream'],
    when: { peer: ['public'], binary: [false, null], rate: notFast, ...noGeneratedClients },
    to: 'sse',
    because: "A public API's clients are other developers' programs in every language, and SSE is one HTTP response any HTTP client reads without code generation, as OpenAI's streaming API does; offer gRPC beside it, not instead.",
    sources: [sources.openAiStreaming],
    checked,
    alternatives: ['grpc-server-stream', 'websocket'],
  },
  {
    id: 'public-grpc-stream-binary',
    from: ['grpc-server-stream'],
    when: { peer: ['public'], binary: [true], ...noGeneratedClients },
    to: 'websocket',
    because: "A public API's clients are other developers' programs in every language: WebSocket asks them for no code generation and, unlike SSE, carries binary payloads as they are; offer gRPC beside it, not instead.",
    sources: [sources.deepgramStreaming, sources.mdnUsingServerSentEvents],
    checked,
    alternatives: ['grpc-server-stream', 'sse'],
  },
  {
    id: 'public-grpc-stream-fast',
    from: ['grpc-server-stream'],
    when: { peer: ['public'], ...noGeneratedClients },
    to: 'websocket',
    because: `A public API's clients are other developers' programs in every language: WebSocket asks them for no code generation, and ${fastLine} it lets batches move to a binary encoding, as Binance's market streams do; offer gRPC beside it, not instead.`,
    sources: [sources.binanceStreams],
    checked,
    alternatives: ['grpc-server-stream', 'sse'],
  },
];

/** The first departure rule that applies to the article's answer for these answers, if any. */
export function departureFor(article: OutcomeId, answers: Answers): Departure | undefined {
  return departures.find((rule) => rule.from.includes(article) && matches(rule.when, answers));
}
