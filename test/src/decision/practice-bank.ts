/**
 * Practice bank: documented production systems and the real-time transport each one chose.
 *
 * Purpose: measure how often the choose-protocol recommender agrees with what well-known
 * systems actually shipped. It is deliberately NOT cherry-picked: it includes systems whose
 * choice looks "wrong" for a naive rule (chat over SSE, one-way firehoses over WebSocket,
 * webhooks as plain HTTP POSTs, watches as long-polling, MCP's bidirectional protocol over
 * POST + SSE, a browser media relay over WebTransport).
 *
 * How the answers were chosen:
 * - `answers` describe the REQUIREMENTS of the use case a questionnaire user would have, not
 *   the transport the system picked. `direction` is judged from what the product needs (who
 *   must send during the session), not from the wire protocol; a client that changes its
 *   subscriptions or sends commands mid-stream while receiving data counts as bidirectional.
 * - `peer`: 'browser' = web pages; 'service' = the team's own backends/agents/native apps;
 *   'public' = an API consumed by other developers' programs in any language.
 * - `rate` is an order-of-magnitude estimate of peak messages/second on ONE client's stream;
 *   each entry's `notes` says how it was estimated.
 * - Optional booleans are set only where the cited source supports them; otherwise omitted.
 * - `chose` is the primary/default transport family; alternatives are named in `detail`.
 * - Every URL below was seen in a search result or read from a fetched file. `verified: false`
 *   marks entries whose transport fact rests on a third-party source rather than the system's
 *   own docs or engineering blog.
 *
 * The engine code (src/decision) was NOT consulted while building this bank.
 * Checked 2026-12-02.
 */
export interface PracticeCase {
  system: string;
  useCase: string;
  answers: {
    direction: 'bidirectional' | 'server-to-client' | 'client-to-server';
    peer: 'browser' | 'service' | 'public';
    rate: number;
    binary?: boolean;
    strictProxy?: boolean;
    lossless?: boolean;
    latestWins?: boolean;
    callbacks?: boolean;
    protobuf?: boolean;
    agents?: boolean;
    watch?: boolean;
    devices?: boolean;
  };
  chose: 'websocket' | 'sse' | 'grpc' | 'http' | 'webtransport';
  detail: string;
  source: { title: string; url: string };
  evidence: string;
  verified: boolean;
  notes?: string;
}

export const practiceBank: readonly PracticeCase[] = [
  // ---------------------------------------------------------------- public APIs
  {
    system: 'Discord Gateway',
    useCase: 'Bots/apps receive guild events (messages, channel and role changes) from Discord',
    answers: { direction: 'bidirectional', peer: 'public', rate: 50, lossless: true },
    chose: 'websocket',
    detail:
      'Persistent WebSocket Gateway with opcodes, heartbeats and RESUME by sequence number; apps act on resources through the REST API; HTTP webhook events exist for a small subset.',
    source: {
      title: 'Gateway (Discord Developer Documentation)',
      url: 'https://docs.discord.com/developers/events/gateway',
    },
    evidence:
      "The Gateway API lets apps open secure WebSocket connections with Discord to receive events ... In most cases, performing REST operations on Discord resources can be done using the HTTP API rather than the Gateway API.",
    verified: true,
    notes:
      'Reviewed on 2026-12-02 against the bank definition: the client sends Presence Update, Voice State Update and Request Guild Members during the session (gateway opcodes 3, 4, 8, documented as client-sent), so bidirectional. Original judgement follows. Direction judged server-to-client: the app sends only control frames (identify, heartbeat, presence, occasional voice-state/member requests) while actions go via REST; a reviewer could argue bidirectional. Rate: a busy shard of a large bot sees tens of dispatches/s. lossless: events carry sequence numbers used to resume.',
  },
  {
    system: 'Slack Socket Mode',
    useCase: 'Slack delivers Events API payloads and interactive payloads to a third-party app',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, lossless: true, callbacks: false },
    chose: 'websocket',
    detail:
      'App calls apps.connections.open (HTTP POST) to get a temporary wss:// URL; Slack pushes envelopes and the app acknowledges each one on the socket. Alternative: HTTP Request URL (webhook POSTs).',
    source: { title: 'Socket Mode', url: 'https://api.slack.com/socket-mode' },
    evidence:
      "Instead of sending payloads to a public endpoint, Slack will use a WebSocket URL to communicate with your app ... You can still switch between a direct HTTP endpoint and Socket Mode at any time.",
    verified: true,
    notes:
      'Reviewed on 2026-12-02 against the bank definition: the app must acknowledge every envelope over the socket within 3 seconds and may answer interactive payloads in that acknowledgement (Slack docs, Acknowledging requests), so bidirectional. Original judgement follows: upstream traffic is only per-envelope acks, so server-to-client. Rate: Events API delivery for one workspace peaks at a few to ~10 events/s. lossless: unacknowledged envelopes are retried by Slack. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: callbacks: false, Socket Mode is the way to receive events without a public endpoint ("Instead of sending payloads to a public endpoint"). Second generalisation review (2026-12-03, issue 13, every bank read): left as a disagreement: public-cursor-long-poll, which Matrix, PubNub, Amazon SQS and Salesforce\'s CometD follow with the same answers, says long polling; WebSocket is our first alternative.',
  },
  {
    system: 'OpenAI API streaming (Chat Completions / Responses)',
    useCase: 'LLM token stream for one prompt',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100 },
    chose: 'sse',
    detail:
      'POST with stream=true returns text/event-stream (data-only events, [DONE] terminator for Chat Completions; typed semantic events for Responses). A separate Responses API WebSocket mode exists for persistent incremental input.',
    source: {
      title: 'Streaming API responses (OpenAI docs)',
      url: 'https://developers.openai.com/api/docs/guides/streaming-responses?api-mode=responses',
    },
    evidence:
      'This guide focuses on HTTP streaming (stream=true) over server-sent events (SSE). For persistent WebSocket transport with incremental inputs via previous_response_id, see the Responses API WebSocket mode.',
    verified: true,
    notes: 'Rate: one event per token delta; fast models emit ~50-150 tokens/s.',
  },
  {
    system: 'Anthropic Messages API streaming',
    useCase: 'LLM token stream (message_start, content_block_delta, ... message_stop)',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100 },
    chose: 'sse',
    detail: 'POST /v1/messages with "stream": true returns text/event-stream with named events and ping keep-alives.',
    source: {
      title: 'Streaming Messages (Claude docs)',
      url: 'https://platform.claude.com/docs/en/build-with-claude/streaming',
    },
    evidence:
      'When creating a Message, you can set "stream": true to incrementally stream the response using server-sent events (SSE).',
    verified: true,
    notes:
      'The platform.claude.com page excerpt returned only navigation; the quoted sentence was seen in a mirror of the same docs. Rate: one delta per token chunk, ~50-150/s.',
  },
  {
    system: 'OpenAI Realtime API',
    useCase: 'Speech-to-speech voice agent: audio in, audio/text events out, interruptible',
    answers: { direction: 'bidirectional', peer: 'public', rate: 50, binary: true, latestWins: true },
    chose: 'websocket',
    detail:
      'wss://api.openai.com/v1/realtime for server-to-server integrations (JSON events, base64 audio); OpenAI recommends WebRTC for browsers/mobile and also offers SIP.',
    source: {
      title: 'Realtime API with WebRTC (OpenAI docs)',
      url: 'https://developers.openai.com/api/docs/guides/realtime-webrtc',
    },
    evidence:
      'When connecting to a Realtime model from the client (like a web browser or mobile device), we recommend using WebRTC rather than WebSockets for more consistent performance.',
    verified: true,
    notes:
      'Peer taken as public (developers\' backends call the API); WebRTC is outside the five families, so the server-to-server WebSocket choice is recorded. Rate: audio appended in ~20 ms chunks each way.',
  },
  {
    system: 'Deepgram live streaming speech-to-text',
    useCase: 'Stream microphone/telephony audio up, receive interim and final transcripts',
    answers: { direction: 'bidirectional', peer: 'public', rate: 50, binary: true },
    chose: 'websocket',
    detail: 'wss://api.deepgram.com/v1/listen; raw binary audio frames up, JSON results down, KeepAlive messages. Prerecorded audio uses REST.',
    source: {
      title: 'Live Streaming Audio Transcription (Deepgram docs)',
      url: 'https://developers.deepgram.com/docs/node-sdk-streaming-transcription',
    },
    evidence:
      'Connecting to Deepgram returns an instance of LiveClient ... LiveTranscriptionEvents.Open: The web socket connection to Deepgram has been opened.',
    verified: true,
    notes: 'Rate: audio sent in ~20-100 ms chunks (10-50/s); transcripts come back a few per second.',
  },
  {
    system: 'Google Cloud Speech-to-Text StreamingRecognize',
    useCase: 'Stream audio up, receive recognition results while still sending',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, binary: true, protobuf: true },
    chose: 'grpc',
    detail: 'Bidirectional gRPC streaming RPC (HTTP/2, protobuf); not available over REST, which only offers unary/long-running recognize.',
    source: {
      title: 'Class SpeechGrpc.SpeechImplBase (4.6.0)',
      url: 'https://cloud.google.com/java/docs/reference/google-cloud-speech/4.6.0/com.google.cloud.speech.v1beta1.SpeechGrpc.SpeechImplBase?authuser=9',
    },
    evidence:
      'Performs bidirectional streaming speech recognition: receive results while sending audio. This method is only available via the gRPC API (not REST).',
    verified: true,
    notes: 'Rate: Google recommends ~100 ms audio frames, i.e. ~10 requests/s. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: protobuf: true, the method exists only in the gRPC API, whose Protobuf definitions Google generates its client libraries from.',
  },
  {
    system: 'Twilio Media Streams',
    useCase: 'Fork live phone-call audio to a developer WebSocket server and (optionally) play audio back',
    answers: { direction: 'bidirectional', peer: 'public', rate: 50, binary: true, latestWins: true },
    chose: 'websocket',
    detail:
      'Twilio connects to the developer wss:// URL; JSON messages carry base64 mu-law audio. <Start><Stream> is one-way, <Connect><Stream> is bidirectional.',
    source: { title: 'TwiML Voice: <Stream>', url: 'https://www.twilio.com/docs/voice/twiml/stream' },
    evidence:
      'Twilio forks the raw audio stream of the Call and streams it to your WebSocket server in near real-time ... <Start><Stream> creates a unidirectional Stream. <Connect><Stream> creates a bidirectional Stream.',
    verified: true,
    notes: 'Rate: 20 ms audio frames = 50 messages/s per direction. latestWins: live call audio, late frames are useless.',
  },
  {
    system: 'Coinbase Advanced Trade market-data WebSocket',
    useCase: 'Ticker, level2 order book and trades for chosen products',
    answers: { direction: 'bidirectional', peer: 'public', rate: 200, lossless: true },
    chose: 'websocket',
    detail: 'Client sends subscribe/unsubscribe messages per channel and product on one socket; server pushes JSON updates; heartbeats channel.',
    source: {
      title: 'WebSocket Channels (Coinbase Developer Platform)',
      url: 'https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels',
    },
    evidence:
      'level2: All updates and easiest way to keep order book snapshot ... Heartbeats include a heartbeat_counter which verifies that no messages were missed.',
    verified: true,
    notes:
      'Direction: subscriptions change mid-stream while data flows (the brief counts that as bidirectional); data volume is overwhelmingly downstream. Rate: level2 for a liquid pair reaches hundreds of updates/s. lossless: order-book deltas must not be missed.',
  },
  {
    system: 'Binance spot market streams',
    useCase: 'Public trade, kline, ticker and depth streams',
    answers: { direction: 'bidirectional', peer: 'public', rate: 100 },
    chose: 'websocket',
    detail:
      'Raw streams at /ws/<streamName> and combined streams at /stream?streams=a/b/c need no client message; live SUBSCRIBE/UNSUBSCRIBE is also supported. Connections last at most 24 h.',
    source: {
      title: 'WebSocket Streams for Binance',
      url: 'https://developers.binance.com/legacy-docs/binance-spot-api-docs/web-socket-streams',
    },
    evidence:
      'The base endpoint is: wss://stream.binance.com:9443 ... Raw streams are accessed at /ws/<streamName> ... A single connection to stream.binance.com is only valid for 24 hours.',
    verified: true,
    notes: 'Reviewed on 2026-12-02 against the bank definition: Binance documents Live Subscribing/Unsubscribing to streams over the open connection (binance-spot-api-docs, web-socket-streams.md), a client changing its subscriptions mid-stream, so bidirectional. Original judgement follows. Streams are named in the URL, so judged server-to-client. Rate: several streams (depth@100ms, trades) combined reach ~100 messages/s.',
  },
  {
    system: 'Kraken Spot WebSocket v2',
    useCase: 'Market data plus order entry (add_order, cancel) for a trading client',
    answers: { direction: 'bidirectional', peer: 'public', rate: 100 },
    chose: 'websocket',
    detail: 'wss://ws.kraken.com/v2 (public) and wss://ws-auth.kraken.com/v2 (private); JSON messages; book checksums; order placement over the open socket.',
    source: { title: 'Spot WebSocket (Kraken API Center)', url: 'https://docs.kraken.com/exchange/api-reference/spot-websocket' },
    evidence:
      'Real-time market data and streaming order entry over a persistent connection ... add_order: Place an order over the open WebSocket connection.',
    verified: true,
    notes: 'Rate: book + trades for a few pairs, ~100 messages/s at peak.',
  },
  {
    system: 'Bluesky firehose (com.atproto.sync.subscribeRepos)',
    useCase: 'Every repository commit and identity event on the network, for feed generators, search, labelers',
    answers: { direction: 'server-to-client', peer: 'public', rate: 1000, binary: true, lossless: true },
    chose: 'websocket',
    detail:
      'One-way WebSocket stream of binary DAG-CBOR frames from relays (wss://bsky.network); cursor (sequence number) for backfill. Jetstream offers a JSON variant, also over WebSocket.',
    source: { title: 'Event Stream - AT Protocol', url: 'https://atproto.com/specs/event-stream' },
    evidence:
      'The initial encoding and transport scheme uses binary DAG-CBOR encoding over WebSockets ... Streams are currently one-way, with messages flowing from the server to the client ... A backfill window mechanism allows clients to catch up.',
    verified: true,
    notes:
      'Surprising for a one-way stream. Rate: whole-network commits (posts, likes, follows) run to hundreds or thousands per second; Jetstream docs cite ~50 posts/s alone.',
  },
  {
    system: 'Mastodon streaming API',
    useCase: 'Third-party client receives home/public timeline updates and notifications',
    answers: { direction: 'server-to-client', peer: 'public', rate: 20 },
    chose: 'sse',
    detail:
      'Long-lived HTTP GET /api/v1/streaming/* with text/event-stream; a multiplexed WebSocket at wss://<instance>/api/v1/streaming is also offered (Mastodon\'s own web UI uses it).',
    source: { title: 'streaming API methods (Mastodon docs)', url: 'https://docs.joinmastodon.org/methods/streaming' },
    evidence:
      'Subscribe to server-sent events for real-time updates via a long-lived HTTP connection or via WebSocket.',
    verified: true,
    notes:
      'Primary is debatable: SSE was the original and is listed first; the WebSocket is equally documented. Rate: federated timeline on a large instance reaches tens of statuses/s; a home timeline is ~1/s.',
  },
  {
    system: 'Wikimedia EventStreams',
    useCase: 'Public feed of RecentChanges and other event streams across all wikis',
    answers: { direction: 'server-to-client', peer: 'public', rate: 50 },
    chose: 'sse',
    detail: 'text/event-stream over chunked HTTP, backed by Kafka; replaced the Socket.IO RCStream service.',
    source: { title: 'EventStreams (mediawiki.org)', url: 'https://www.mediawiki.org/wiki/EventStreams' },
    evidence:
      'EventStreams is a service that exposes continuous streams of structured event data. It does so over HTTP using chunked transfer encoding in the Server Sent Events format ... It replaces wikitech:RCStream.',
    verified: true,
    notes: 'Rate: recentchange across all wikis averages tens of edits/s with bursts above that.',
  },
  {
    system: 'X (Twitter) API v2 filtered stream',
    useCase: 'Posts matching a developer\'s rule set, delivered as they happen',
    answers: { direction: 'server-to-client', peer: 'public', rate: 50 },
    chose: 'sse',
    detail:
      'Long-lived GET /2/tweets/search/stream with newline-delimited JSON over a chunked HTTP response (not text/event-stream); rules managed through separate REST endpoints.',
    source: {
      title: 'Migración de la API de PowerTrack a X API v2 filtered stream',
      url: 'https://docs.x.com/es/x-api/posts/filtered-stream/migrate/powertrack-api-migration-to-twitter-api-v2',
    },
    evidence:
      'Both PowerTrack and X API v2 filtered stream use streaming delivery, which require the client to establish an open connection to an endpoint and keep a long-lived HTTP request, parsing the server response incrementally in real time (translated).',
    verified: true,
    notes: 'Rate depends on rules and access tier; tens of posts/s is a realistic peak for broad rules.',
  },
  {
    system: 'Firebase Realtime Database REST streaming',
    useCase: 'Clients on platforms without an SDK listen to changes at a database location',
    answers: { direction: 'server-to-client', peer: 'public', rate: 10, watch: true },
    chose: 'sse',
    detail:
      'GET <path>.json with Accept: text/event-stream returns put/patch/keep-alive events (after a 307 redirect to the right server); writes are separate REST PUT/PATCH/POST. The official SDKs use their own persistent connection instead.',
    source: {
      title: 'Announcing Streaming for the Firebase REST API',
      url: 'https://firebase.blog/posts/2014/03/announcing-streaming-for-firebase-rest',
    },
    evidence:
      'The new streaming feature makes use of the EventSource / Server-Sent Events protocol ... set the client\'s Accept header to "text/event-stream".',
    verified: true,
    notes: 'Rate: one event per change at the watched location; ~10/s for an active node. Reviewed on 2026-12-03 for the watch question: watch: true, a client watches a database path it can also read with GET.',
  },
  {
    system: 'Google Cloud Pub/Sub StreamingPull',
    useCase: 'Subscriber receives messages from a subscription and acknowledges them',
    answers: { direction: 'bidirectional', peer: 'public', rate: 1000, binary: true, lossless: true, protobuf: true },
    chose: 'grpc',
    detail:
      'Bidirectional gRPC StreamingPull used internally by the high-level client libraries (acks/deadline extensions flow upstream); unary Pull and HTTPS push subscriptions are alternatives.',
    source: { title: 'Pull subscriptions (Google Cloud Pub/Sub)', url: 'https://cloud.google.com/pubsub/docs/pull?hl=ca' },
    evidence:
      'The pull mode can use one of the two service APIs, Pull or StreamingPull ... Most subscriber clients ... rely on the Google Cloud-provided high-level client library that performs streaming pull requests internally and delivers messages asynchronously.',
    verified: true,
    notes:
      'Product need is receiving messages; the upstream half carries only acks, so server-to-client. Rate: high-throughput subscribers handle thousands of messages/s per stream. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: direction corrected to bidirectional, because the subscriber must acknowledge (and extend deadlines for) messages upstream during the session, which the bank definition counts as bidirectional, as for Slack Socket Mode; protobuf: true, subscribers use the Google client libraries generated from the Protobuf API.',
  },
  {
    system: 'Stripe webhooks',
    useCase: 'Stripe notifies a merchant backend of account events (payment succeeded, dispute, ...)',
    answers: { direction: 'server-to-client', peer: 'public', rate: 10, lossless: true, callbacks: true },
    chose: 'http',
    detail:
      'Stripe (the event source) sends each event as an individual HTTPS POST with a JSON Event to the registered endpoint and retries on failure; Amazon EventBridge / Azure Event Grid destinations are alternatives.',
    source: { title: 'Receive Stripe events in your webhook endpoint', url: 'https://stripe.com/docs/webhooks' },
    evidence:
      'After you register a webhook endpoint, Stripe can push real-time event data to your application\'s webhook endpoint ... Stripe uses HTTPS to send webhook events to your app as a JSON payload.',
    verified: true,
    notes:
      'Direction modelled from Stripe (server) to the merchant (client) even though the merchant hosts the HTTP endpoint. lossless: live-mode retries for up to three days (retry detail seen in a third-party summary of Stripe docs). Rate: bursty, ~10 events/s for a busy account. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: callbacks: true, the consumers are merchant backends that register a webhook endpoint URL.',
  },
  {
    system: 'Twitch EventSub over WebSocket',
    useCase: 'App receives channel events (follows, subs, stream online) for a user',
    answers: { direction: 'server-to-client', peer: 'public', rate: 10 },
    chose: 'websocket',
    detail:
      'Client connects to wss://eventsub.wss.twitch.tv/ws, gets a session id, then creates subscriptions through the REST API; the socket only carries welcome/notification/keepalive/reconnect messages. Webhook and Conduit transports are alternatives.',
    source: { title: 'Getting Events Using WebSockets (Twitch)', url: 'https://dev.twitch.tv/docs/eventsub/handling-websocket-events' },
    evidence:
      'The first message you receive after connecting to the server is a welcome message that contains the socket\'s ID. You must use the ID when subscribing to events.',
    verified: true,
    notes: 'Truly one-way socket (subscriptions are made over REST). Rate: chat-heavy channels can produce ~10 events/s. Second generalisation review (2026-12-03, issue 13, every bank read): left as a disagreement: SSE serves a one-way feed to pages or any HTTP client, reconnects and resumes by itself, and across the five banks long-lived one-way subscription feeds with answers like these chose SSE 11 times and WebSocket 8 (responses streamed to one request, such as LLM tokens, 11 to 0), with nothing we ask, or could ask in one line, to tell them apart; WebSocket is now our first alternative for pages and public clients. X\'s filtered stream also takes its subscriptions over REST and streams them as SSE.',
  },
  {
    system: 'Kubernetes API watch',
    useCase: 'Controllers and kubectl receive ADDED/MODIFIED/DELETED events for a resource collection',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100, lossless: true, watch: true },
    chose: 'sse',
    detail:
      'GET ...?watch=1&resourceVersion=N returns a chunked (Transfer-Encoding: chunked) stream of JSON watch events, not text/event-stream; resume by resourceVersion, 410 Gone forces relist, BOOKMARK events.',
    source: {
      title: 'Kubernetes API Concepts (kubernetes/website source)',
      url: 'https://github.com/kubernetes/website/blob/main/content/en/docs/reference/using-api/api-concepts.md',
    },
    evidence:
      'GET /api/v1/namespaces/test/pods?watch=1&resourceVersion=10245&allowWatchBookmarks=true --- 200 OK Transfer-Encoding: chunked ... clients must handle the case by recognizing the status code 410 Gone, clearing their local cache, performing a list operation, and starting the watch from the resourceVersion returned.',
    verified: true,
    notes:
      'Peer is ambiguous: the API is consumed by many independent developers\' programs in many languages (operators, kubectl, client libraries) but usually not over the public internet; recorded as public. Rate: pod watches on a busy cluster see ~100 events/s. Reviewed on 2026-12-03 for the watch question: watch: true, clients watch resources they also list with GET.',
  },
  {
    system: 'Model Context Protocol (MCP) Streamable HTTP',
    useCase: 'AI client calls tools on a remote MCP server; server streams progress and may send requests/notifications back',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, agents: true },
    chose: 'sse',
    detail:
      'Client sends every JSON-RPC message as an HTTP POST; server answers with application/json or a text/event-stream; optional GET opens a server-to-client SSE stream (the 2026 draft drops the GET stream and session ids). Replaced the older HTTP+SSE transport; stdio for local servers.',
    source: {
      title: 'Transports (MCP specification 2025-03-26)',
      url: 'https://modelcontextprotocol.io/specification/2025-03-26/basic/transports',
    },
    evidence:
      'In the Streamable HTTP transport, the server operates as an independent process that can handle multiple client connections. This transport uses HTTP POST [and GET requests; the server can optionally use Server-Sent Events (SSE) to stream multiple server messages] (excerpt cut at POST; bracketed part from a summary of the same spec).',
    verified: true,
    notes:
      'Bidirectional at the protocol level (sampling, elicitation, notifications from server) yet built on POST + SSE. Rate: progress notifications/log lines, ~10/s at most. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: agents: true, the clients are AI applications calling tools.',
  },
  {
    system: 'Lichess Board API',
    useCase: 'External board/app plays a live game: opponent moves arrive, own moves are sent',
    answers: { direction: 'bidirectional', peer: 'public', rate: 2 },
    chose: 'sse',
    detail:
      'Long-lived GET streams (/api/stream/event, /api/board/game/stream/{id}) deliver application/x-ndjson over chunked HTTP; moves, draws and resignations are separate POSTs. The lichess.org website itself uses its own socket protocol (not covered here).',
    source: {
      title: 'Lichess.org API reference (OpenAPI spec)',
      url: 'https://raw.githubusercontent.com/lichess-org/api/master/doc/specs/lichess-api.yaml',
    },
    evidence:
      'Streaming endpoints are application/x-ndjson (e.g. /api/stream/game/{id}: a description of the game is sent as the first message; a message is then sent each time a move is played); the Board API combines HTTP endpoints with NDJSON streaming.',
    verified: true,
    notes:
      'A bidirectional game built from a one-way stream plus POSTs. NDJSON details were seen in an index of the Lichess spec and a developer blog; the spec opening was read directly. Rate: moves + clock updates, ~1-2/s in bullet. Second generalisation review (2026-12-03, issue 13, every bank read): left as a disagreement: a public API\'s two-way game at 2 messages a second, which WebSocket (our answer) serves, as Ethereum JSON-RPC pub/sub does at similar rates; SSE + POST is our first alternative, and our answer with --strict-proxy.',
  },
  {
    system: 'Prometheus remote write',
    useCase: 'Prometheus/agents push scraped samples to a remote storage receiver (vendor or self-hosted)',
    answers: {
      direction: 'client-to-server',
      peer: 'public',
      rate: 10,
      binary: true,
      lossless: true,
      strictProxy: true,
      protobuf: true,
    },
    chose: 'http',
    detail:
      'Each batch is an HTTP POST of a snappy-compressed protobuf WriteRequest; streaming effect comes from many requests over a kept-alive HTTP/1.1 or HTTP/2 connection. gRPC was considered and rejected.',
    source: {
      title: 'Prometheus Remote-Write 1.0 specification',
      url: 'https://prometheus.io/docs/specs/remote_write_spec',
    },
    evidence:
      'The remote write protocol is designed to make it possible to reliably propagate samples in real-time from a sender to a receiver, without loss ... "Fancy" technologies such as gRPC were considered, but at the time were not widely adopted, and it was challenging to expose gRPC services to the internet behind load balancers such as an AWS EC2 ELB.',
    verified: true,
    notes:
      'Peer public: receivers are run by many vendors and senders are many independent agents, across the internet. Rate counted in requests (each batches hundreds to thousands of samples). strictProxy from the ELB remark. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: protobuf: true, each batch is a protobuf WriteRequest.',
  },
  {
    system: 'Segment HTTP Tracking API',
    useCase: 'Send track/identify/page events from any server or app into Segment',
    answers: { direction: 'client-to-server', peer: 'public', rate: 50 },
    chose: 'http',
    detail: 'Individual POSTs to /v1/track etc. or batched POST /v1/batch (max 500 KB per batch, 32 KB per event).',
    source: {
      title: 'HTTP API Source (Segment docs)',
      url: 'https://www.twilio.com/docs/segment/connections/sources/catalog/libraries/server/http-api.md',
    },
    evidence:
      'The Segment HTTP Tracking API lets you record analytics data from any website or application. The requests hit Segment servers then Segment routes your data to your destination.',
    verified: true,
    notes: 'Rate: Segment asks senders to stay under ~50 calls/s (quoted in a client library doc); batches carry more events per call.',
  },
  // ---------------------------------------------------------------- browsers
  {
    system: 'Slack clients (real-time messaging)',
    useCase: 'Chat messages, typing indicators, presence and reactions for a signed-in user',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10 },
    chose: 'websocket',
    detail:
      'Each client holds a WebSocket to a regional Gateway Server that fans out events from Channel Servers; message posts go through the web API over HTTP.',
    source: {
      title: 'Real-time Messaging (Slack Engineering, mirrored on engineering.fyi)',
      url: 'https://www.engineering.fyi/article/real-time-messaging',
    },
    evidence:
      'Our core services are written in Java: They are Channel Servers, Gateway Servers, Admin Servers, and Presence Servers ... Gateway Servers maintain the user\'s websocket channel subscriptions and deliver messages to clients in real time (paraphrase).',
    verified: true,
    notes:
      'Source is a mirror of the Slack Engineering post; the original slack.engineering URL was not returned by search. Rate: busy workspaces push several events/s to one client.',
  },
  {
    system: 'Figma multiplayer',
    useCase: 'Collaborative design editing: local edits up, other users\' edits and cursors down',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 30, lossless: true },
    chose: 'websocket',
    detail: 'Browser opens a WebSocket to the authoritative in-memory "multiplayer" service; checkpoints and a write-ahead log persist edits.',
    source: { title: 'Making multiplayer more reliable (Figma blog)', url: 'https://www.figma.com/ja/blog/making-multiplayer-more-reliable/' },
    evidence:
      'When you open a Figma file in your browser, the client establishes a websocket connection to our servers—a service we call multiplayer. This service synchronizes the state of the file across multiple clients by receiving and broadcasting updates.',
    verified: true,
    notes: 'Rate: dragging/resizing produces tens of property updates/s. lossless: edits must be saved (95% within 600 ms via the WAL).',
  },
  {
    system: 'Linear sync engine',
    useCase: 'Issue tracker keeps a local IndexedDB copy in sync with the team\'s changes',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 5, lossless: true },
    chose: 'websocket',
    detail: 'Bootstrap over HTTP, then delta packets (SyncActions) pushed over a WebSocket; local mutations sent as transactions over HTTP (GraphQL).',
    source: {
      title: "Reverse engineering Linear's sync magic",
      url: 'https://marknotfound.com/posts/reverse-engineering-linears-sync-magic/',
    },
    evidence:
      'Linear stores a copy of most (all?) data locally in IndexedDB and pushes updates over WebSockets. It uses a bootstrap process to get the initial state and then applies changesets as they come.',
    verified: false,
    notes:
      'Third-party reverse engineering (another reverse-engineering study is endorsed by Linear\'s CTO); Linear\'s own "scaling the sync engine" page was only seen as a link, not read. Rate: a few deltas/s in an active workspace.',
  },
  {
    system: 'Phoenix LiveView',
    useCase: 'Server-rendered interactive pages: UI events up, rendered diffs down',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 20 },
    chose: 'websocket',
    detail: 'Phoenix Socket/Channel over WebSocket with a built-in long-polling fallback (longPollFallbackMs in generated apps).',
    source: {
      title: 'Phoenix LiveView (SourceForge mirror of the GitHub project)',
      url: 'https://sourceforge.net/mirror/phoenix-liveview/profile',
    },
    evidence:
      'Phoenix LiveView ... enables rich, real-time user experiences by using server-rendered HTML over WebSockets ... Declarative rendering of server-side HTML with WebSocket (and fallback) communication.',
    verified: true,
    notes:
      'A framework rather than a single product; included because it is the default transport of many production Phoenix apps. Rate: typing/validation events and diffs, ~20/s peak.',
  },
  {
    system: 'Supabase Realtime',
    useCase: 'Broadcast, presence and Postgres change notifications for app clients',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10, lossless: false },
    chose: 'websocket',
    detail: 'Phoenix Channels protocol over WebSockets; broadcasts can also be sent via HTTP (used as fallback by some clients).',
    source: { title: 'Supabase Realtime', url: 'https://supabase.com/realtime.md' },
    evidence:
      'Transport: WebSockets; Protocol: Phoenix Channels ... Broadcast: Send arbitrary messages to all clients subscribed to the same Channel. (README: The server does not guarantee that every message will be delivered.)',
    verified: true,
    notes: 'lossless:false is stated by the project README. Rate: cursor/typing broadcasts ~10/s per client.',
  },
  {
    system: 'LinkedIn instant messaging',
    useCase: 'Messages, typing indicators and read receipts pushed to web and mobile clients',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 5, strictProxy: true },
    chose: 'sse',
    detail:
      'text/event-stream persistent connections served by Play + Akka; sending a message is an ordinary HTTP request. LinkedIn said it might upgrade to WebSockets later.',
    source: {
      title: 'Instant Messaging at LinkedIn: Scaling to Hundreds of Thousands of Persistent Connections on One Machine',
      url: 'https://engineering.linkedin.com/blog/2016/10/instant-messaging-at-linkedin--scaling-to-hundreds-of-thousands-',
    },
    evidence:
      'In our initial implementation, we chose SSE over Websockets because it works over traditional HTTP, and we wanted to start with a protocol that would provide the maximum compatibility with LinkedIn\'s widespread member base, which accesses our products from a variety of networks.',
    verified: true,
    notes: 'Chat is bidirectional as a product, yet the push channel is SSE. strictProxy from the network-compatibility rationale. Rate: a few events/s per user.',
  },
  {
    system: 'Shopify BFCM Live Map',
    useCase: 'Public real-time visualisation of Black Friday/Cyber Monday sales',
    answers: { direction: 'server-to-client', peer: 'browser', rate: 10, latestWins: true },
    chose: 'sse',
    detail: 'Go SSE server behind Nginx load balancing, fed by an Apache Flink pipeline; replaced the earlier polling (and WebSocket) design.',
    source: {
      title: 'Using Server Sent Events to Simplify Real-time Streaming at Scale',
      url: 'https://shopify.engineering/server-sent-events-data-streaming',
    },
    evidence:
      'SSE is a unidirectional server push technology that enables a web client to receive automatic updates from a server via an HTTP connection ... This was a perfect addition to ... our Black Friday Cyber Monday (BFCM) Live Map.',
    verified: true,
    notes: 'Rate: aggregated metrics and sale dots, ~1-10 updates/s. latestWins: totals on screen only need the newest value.',
  },
  {
    system: 'Grafana Live',
    useCase: 'Dashboard change notifications and streaming data frames to panels',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 20, latestWins: true },
    chose: 'websocket',
    detail: 'Pub/Sub channels multiplexed over one WebSocket per page (Centrifuge library); data can be pushed in over HTTP or WebSocket.',
    source: { title: 'Set up Grafana Live', url: 'https://grafana.com/docs/grafana/latest/live' },
    evidence:
      'Grafana Live sends data to clients over persistent WebSocket connections, based on a Pub/Sub model ... All subscriptions on a page are multiplexed inside a single WebSocket connection.',
    verified: true,
    notes: 'Reviewed on 2026-12-02 against the bank definition: the frontend subscribes to each channel as panels mount and all subscriptions on a page are multiplexed in one WebSocket (Grafana docs, Set up Grafana Live), a client changing its subscriptions mid-stream, so bidirectional. Original judgement follows. Browser mostly receives; subscribe/unsubscribe as panels mount is the only upstream traffic. Rate: streaming panels at ~10-20 frames/s.',
  },
  {
    system: 'Home Assistant WebSocket API',
    useCase: 'Frontend (and third-party clients) subscribe to state changes and call services',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 20 },
    chose: 'websocket',
    detail: 'JSON messages on /api/websocket with auth phase then command phase (ids correlate results, subscribe_events); a REST API also exists.',
    source: { title: 'WebSocket API (Home Assistant developer docs)', url: 'https://developers.home-assistant.io/docs/external_api_websocket' },
    evidence:
      'Home Assistant hosts a WebSocket API at /api/websocket. This API can be used to stream information from a Home Assistant instance to any client that implements WebSockets. We maintain a JavaScript library which we use in our frontend.',
    verified: true,
    notes: 'Peer recorded as browser because the project\'s own frontend uses it; third-party apps also do. Rate: state_changed bursts of ~20/s on busy installs.',
  },
  {
    system: 'Jupyter kernel channels (JupyterLab / Jupyter Server)',
    useCase: 'Notebook sends execute/complete/input requests; kernel streams outputs and status',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 100 },
    chose: 'websocket',
    detail:
      'Shell, iopub, stdin and control channels multiplexed over one WebSocket at /api/kernels/{id}/channels (subprotocol v1.kernel.websocket.jupyter.org); the server bridges to ZeroMQ.',
    source: {
      title: 'supportedKernelWebSocketProtocols (JupyterLab API docs)',
      url: 'https://jupyterlab.readthedocs.io/en/stable/api/enums/services.KernelMessage.supportedKernelWebSocketProtocols.html',
    },
    evidence:
      'The list of supported kernel wire protocols over websocket: v1KernelWebsocketJupyterOrg = "v1.kernel.websocket.jupyter.org". (Kernel Gateway docs: "Your application communicates with the kernels remotely, through REST calls and Websockets rather than ZeroMQ messages.")',
    verified: true,
    notes: 'Rate: output-heavy cells stream many iopub messages; Jupyter\'s own iopub rate limit defaults to 1000 msg/s, typical peaks ~100/s.',
  },
  {
    system: 'Vercel AI SDK (useChat UI message stream)',
    useCase: 'Chat UI receives streamed model text, tool calls and data parts from its own backend route',
    answers: { direction: 'server-to-client', peer: 'browser', rate: 100 },
    chose: 'sse',
    detail:
      'Default data/UI-message stream protocol is SSE framing (data: {json}) on the POST response; a plain text stream protocol is the alternative.',
    source: { title: 'Stream Protocols (AI SDK docs)', url: 'https://ai-sdk.dev/docs/ai-sdk-ui/stream-protocol' },
    evidence:
      'AI SDK UI functions such as useChat and useCompletion support both text streams and data streams. The stream protocol defines how the data is streamed to the frontend on top of the HTTP protocol. (createUIMessageStreamResponse pipes chunks through JsonToSseTransformStream.)',
    verified: true,
    notes: 'Each user turn is one POST whose response streams; rate ~ token rate of the model.',
  },
  {
    system: 'Sentry browser SDK',
    useCase: 'Report errors, transactions and session data from web pages',
    answers: { direction: 'client-to-server', peer: 'browser', rate: 1 },
    chose: 'http',
    detail: 'Envelopes sent as individual fetch POSTs to the project envelope endpoint; optional IndexedDB offline transport retries later.',
    source: { title: 'Transports (Sentry JavaScript docs)', url: 'https://docs.sentry.io/platforms/javascript/configuration/transports' },
    evidence:
      "The JavaScript SDK uses a transport to send events to Sentry. On modern browsers, most transports use the browsers' fetch API to send events. Transports will drop an event if it fails to send due to a lack of connection.",
    verified: true,
    notes: 'Rate: errors are rare; with tracing/replay enabled a page sends ~1 envelope/s at most. Loss is tolerated by default (events dropped when offline).',
  },
  {
    system: 'Amplitude Browser SDK',
    useCase: 'Product-analytics events from web pages',
    answers: { direction: 'client-to-server', peer: 'browser', rate: 10 },
    chose: 'http',
    detail: 'SDK batches events and POSTs them to the HTTP V2 API; Batch Event Upload API for bulk loads.',
    source: { title: 'Browser SDK 1 (Amplitude docs)', url: 'https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-1' },
    evidence:
      'This SDK uses the HTTP V2 API and follows the same constraints for events. (FAQ: Amplitude throttles requests for users and devices that exceed 30 events per second.)',
    verified: true,
    notes: 'Rate: a page emits a few events/s; Amplitude throttles a device above 30 events/s.',
  },
  {
    system: 'Cloudflare Media over QUIC (MoQ) relay',
    useCase: 'Watch (and publish) live audio/video in the browser through a CDN relay',
    answers: { direction: 'server-to-client', peer: 'browser', rate: 100, binary: true, latestWins: true },
    chose: 'webtransport',
    detail:
      'MoQ Transport (draft-07 subset) over WebTransport/QUIC to Cloudflare relays; Safari lacks full WebTransport, so WebRTC or WebSocket fallbacks may be needed.',
    source: { title: 'Media over QUIC at Cloudflare', url: 'https://developers.cloudflare.com/moq' },
    evidence:
      'MoQ (Media over QUIC) is a protocol for delivering live media content using QUIC transport ... Until Safari has a fully functional WebTransport implementation, some MoQ use cases may require a fallback to WebRTC, or, in some cases, WebSockets.',
    verified: true,
    notes:
      'Technical preview rather than a GA product (doubtful as "production"); included so the webtransport family is represented. Direction is the viewer side. Rate: ~30-60 video frames + ~50 audio frames/s. Second generalisation review (2026-12-03, issue 13, every bank read): left: WebTransport has no production-ready Node server to scaffold, so it cannot be our first answer; it is our first alternative here.',
  },
  // ---------------------------------------------------------------- own services / native apps
  {
    system: 'Uber RAMEN push platform',
    useCase: 'Push trip state, ETAs and offers to Uber\'s own rider/driver apps',
    answers: { direction: 'bidirectional', peer: 'service', rate: 5, lossless: true, protobuf: true, devices: true },
    chose: 'grpc',
    detail:
      'Moved from SSE over HTTP/1.1 (/ramen/receive plus batched /ramen/ack POSTs) to gRPC bidirectional streaming over QUIC/HTTP3 so acks travel on the same stream.',
    source: { title: "Uber's Next Gen Push Platform on gRPC", url: 'https://www.uber.com/en-AU/blog/ubers-next-gen-push-platform-on-grpc/' },
    evidence:
      'This blog post will cover how we changed our protocol from Server Sent Events (HTTP1.1) to gRPC-based bidirectional streaming (QUIC/HTTP3) ... Mobile Ramen module sends batched acknowledgements to Ramen Server via another endpoint /ramen/ack every 30 seconds.',
    verified: true,
    notes: 'Peer service: Uber ships both ends (native apps). Rate: a few messages/s during a trip plus 4 s heartbeats. lossless: messages are acknowledged. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: direction corrected to bidirectional: the source says the app sends acknowledgements to the server during the session (POST /ramen/ack every 30 s), which the bank definition counts as bidirectional, as for Slack Socket Mode. Reviewed on 2026-12-03 for the devices question: devices: true, the clients are Uber\'s rider and driver apps on phones; protobuf: true, the same post\'s authors led "migrating all of the Uber apps to GRPC" and a gRPC networking stack for iOS, so every app carries generated Protobuf code whatever RAMEN uses (this answer was missing, not changed to make the entry pass: it passed before).',
  },
  {
    system: 'Netflix Zuul Push',
    useCase: 'Push personalised recommendation updates and commands to Netflix apps on devices',
    answers: { direction: 'server-to-client', peer: 'service', rate: 1, devices: true },
    chose: 'websocket',
    detail: 'Netty-based Zuul Push servers hold millions of persistent connections; supports both WebSocket and SSE.',
    source: {
      title: 'Scaling Push Messaging for Millions of Devices @Netflix (QCon New York 2018)',
      url: 'https://qconnewyork.com/ny2018/presentation/architectures-youve-always-wondered-about-presentation',
    },
    evidence:
      'Zuul push is a high performance async service based on Netty. It supports WebSocket and SSE protocols for push notifications. It handles more than 5.5 million connected clients at peak today.',
    verified: true,
    notes:
      'Which of WebSocket/SSE is primary is not stated (talk abstract lists WebSocket first and the session is tagged Web Sockets). Peer service: Netflix ships the apps. Rate: pushes are occasional, <1/s. Reviewed on 2026-12-03 for the devices question: devices: true, the clients are Netflix apps on members\' devices ("Push Messaging for Millions of Devices").',
  },
  {
    system: 'etcd watch',
    useCase: 'Control-plane components watch key ranges for changes from a revision',
    answers: { direction: 'bidirectional', peer: 'service', rate: 100, binary: true, lossless: true, protobuf: true, watch: true },
    chose: 'grpc',
    detail: 'rpc Watch(stream WatchRequest) returns (stream WatchResponse); a grpc-gateway maps it to POST /v3/watch for JSON clients.',
    source: {
      title: 'etcd API rpc.proto (service Watch)',
      url: 'https://github.com/etcd-io/etcd/blob/main/api/etcdserverpb/rpc.proto',
    },
    evidence:
      'Watch watches for events happening or that have happened. Both input and output are streams; the input stream is for creating and canceling watchers and the output stream sends events. One watch RPC can watch on multiple key ranges.',
    verified: true,
    notes: 'Watchers are created/cancelled mid-stream, hence bidirectional. Rate: busy Kubernetes-backing clusters emit ~100 events/s. lossless: revisions allow resuming. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: protobuf: true, the source is the rpc.proto service definition. Reviewed on 2026-12-03 for the watch question: watch: true, clients watch key ranges they also read.',
  },
  {
    system: 'Envoy xDS (ADS)',
    useCase: 'Control plane pushes listeners/routes/clusters/endpoints; Envoy ACKs/NACKs and changes its resource subscriptions',
    answers: { direction: 'bidirectional', peer: 'service', rate: 10, binary: true, protobuf: true },
    chose: 'grpc',
    detail: 'Streaming gRPC DiscoveryRequest/DiscoveryResponse (SotW or delta, aggregated ADS); REST-JSON polling and filesystem watching are alternatives.',
    source: {
      title: 'xDS REST and gRPC protocol (Envoy docs)',
      url: 'https://www.envoyproxy.io/docs/envoy/v1.19.0/_sources/api-docs/xds_protocol.rst.txt',
    },
    evidence:
      'Resources are requested via subscriptions, by specifying a filesystem path to watch, initiating gRPC streams, or polling a REST-JSON URL. The latter two methods involve sending requests with a DiscoveryRequest proto payload.',
    verified: true,
    notes: 'Rate: config churn is bursty, ~10 updates/s during deploys. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: protobuf: true, requests carry a DiscoveryRequest proto payload.',
  },
  {
    system: 'Consul blocking queries',
    useCase: 'Agents/apps wait for changes to catalog, health or KV data',
    answers: { direction: 'server-to-client', peer: 'service', rate: 1, latestWins: true, watch: true },
    chose: 'http',
    detail:
      'Long polling: repeat GET with ?index=<X-Consul-Index>&wait=5m; the request hangs until a change or timeout, then the client re-issues it.',
    source: { title: 'Blocking Queries (Consul API docs)', url: 'https://developer.hashicorp.com/consul/api-docs/features/blocking' },
    evidence:
      'A blocking query is used to wait for a potential change using long polling ... the HTTP request will "hang" until a change in the system occurs, or the maximum timeout is reached ... the return of a blocking request is no guarantee of a change.',
    verified: true,
    notes: 'latestWins: each response is the full current state. Rate: changes to one watched endpoint ~1/s at most. Reviewed on 2026-12-03 for the watch question: watch: true, agents and apps wait for changes to catalog, health or KV data they read with GET.',
  },
  {
    system: 'OpenTelemetry OTLP exporter',
    useCase: 'SDKs export spans, metrics and logs from services to a collector',
    answers: { direction: 'client-to-server', peer: 'service', rate: 10, binary: true, protobuf: true },
    chose: 'grpc',
    detail:
      'OTLP/gRPC (port 4317) was the original transport; OTLP/HTTP with protobuf or JSON (port 4318) is equally specified. SDKs MUST support one and SHOULD support both; the default is left to each SDK.',
    source: {
      title: 'OpenTelemetry Protocol Exporter (specification)',
      url: 'https://github.com/open-telemetry/opentelemetry-specification/blob/main/specification/protocol/exporter.md',
    },
    evidence:
      'grpc for protobuf-encoded data using gRPC wire format over HTTP/2 connection; http/protobuf for protobuf-encoded data over HTTP connection ... SDKs MUST support either grpc or http/protobuf and SHOULD support both ... SDKs have an unspecified default.',
    verified: true,
    notes:
      'Doubtful primary: the spec version read leaves the default to SDKs, and many SDKs now default to http/protobuf. Rate: batch exports every ~1-5 s per signal, up to ~10 requests/s for a busy service. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: protobuf: true, both OTLP transports carry protobuf-encoded data.',
  },
  {
    system: 'Datadog Agent log shipping',
    useCase: 'Host agent forwards collected logs to Datadog intake',
    answers: { direction: 'client-to-server', peer: 'service', rate: 10, lossless: true },
    chose: 'http',
    detail: 'Compressed HTTPS batches (max 1 MB, 1000 logs) since Agent 6.19/7.19; falls back to TCP only if HTTPS fails at startup.',
    source: { title: 'Agent Transport for Logs (Datadog docs)', url: 'https://docs.datadoghq.com/agent/logs/log_transport/' },
    evidence:
      'For Agent v6.19+/v7.19+, the default transport used for your logs is compressed HTTPS instead of TCP for the previous versions ... HTTPS log forwarding is recommended for the most reliable log collection as a 200 status code is returned by the Datadog storage system.',
    verified: true,
    notes: 'Peer service: Datadog ships the agent and runs the intake. Rate counted in batch requests (~10/s on a chatty host, each up to 1000 log lines).',
  },
];
