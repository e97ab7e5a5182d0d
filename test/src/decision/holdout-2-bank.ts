/**
 * Second held-out bank: documented production systems and the transport each one chose.
 *
 * Why it exists: the first two banks were read while the engine's rules were tuned (the first
 * directly, the held-out one through its misses), so neither can show on its own that the rules
 * generalise. This bank was written BEFORE any rule change in the commit series that added it,
 * and its score is recorded before and after those changes (README, "Agreement with practice").
 * No rule may be tuned on it: a miss here is reported, not fixed by a rule keyed to the system.
 *
 * How chosen: systems not named in either earlier bank, taken across the same spread (chat and
 * collaboration, notifications, queues, webhooks, AI APIs, telemetry ingest, blockchains, CI,
 * devices), each documented by its own docs, spec, repository or engineering writing, found with
 * the stored-docs search. Entries whose choice looks "wrong" for a naive rule (long polls for live
 * updates, a WebSocket for one-way pushes or for uploads) were kept, not skipped.
 *
 * How the answers were chosen (same definitions as practice-bank.ts):
 * - `answers` describe the REQUIREMENTS, not the transport chosen. A client that acknowledges
 *   messages or changes its subscriptions on the live channel counts as bidirectional; a server's
 *   per-request acknowledgement of uploaded data does not (every HTTP response is one).
 * - `peer`: 'browser' = web pages; 'service' = the team ships both ends (its own backends, agents
 *   or native apps); 'public' = other developers' programs in any language.
 * - `rate` is an order-of-magnitude estimate of peak messages a second on ONE client's stream.
 * - Optional booleans only where the source supports them.
 *
 * Checked 2026-12-03.
 */
import type { PracticeCase } from './practice-bank.js';

export const holdout2Bank: readonly PracticeCase[] = [
  {
    system: 'Discourse (MessageBus)',
    useCase: 'Forum pages receive new posts, notifications and presence as they happen',
    answers: { direction: 'server-to-client', peer: 'browser', rate: 1, lossless: true },
    chose: 'http',
    detail:
      'The message_bus gem (extracted from Discourse) delivers to web clients by polling, long polling or long polling + chunked streaming, with a per-channel backlog by message id; posting goes through the ordinary JSON API.',
    source: {
      title: 'How Discourse stays online (Message Bus, Faye, Long Polling), answer by the author of message_bus',
      url: 'https://meta.discourse.org/t/how-discourse-stays-online-message-bus-faye-long-polling/3238/7',
    },
    evidence:
      'Message Bus is opinionated, it only supports the protocol it needs to drive Discourse ... Message Bus does not support web sockets. It only supports polling and long polling.',
    verified: true,
    notes: 'lossless: MessageBus.backlog(channel, last_id) replays what a client missed. Rate: a busy topic sees about one new post a second at peak. Second generalisation review (2026-12-03, issue 13, every bank read): left as a disagreement: MessageBus\'s backlog replay is what SSE\'s Last-Event-ID gives a page, and Mercure, with answers like these, chose SSE. The third review (2026-12-03) made a cursor long poll the first alternative for pages that must miss nothing at 10 messages a second or fewer (lossless-few-long-poll-runner-up), as here; the first answer stays SSE.',
  },
  {
    system: 'GitHub Actions self-hosted runner',
    useCase: 'A runner on the customer\'s machine waits for job assignments from GitHub',
    answers: { direction: 'server-to-client', peer: 'service', rate: 0.1 },
    chose: 'http',
    detail: 'HTTPS long poll held for 50 seconds and re-issued; outbound port 443 only, no inbound connection to the runner.',
    source: {
      title: 'Communicating with self-hosted runners (GitHub Docs)',
      url: 'https://docs.github.com/en/actions/concepts/runners/communicating-with-self-hosted-runners',
    },
    evidence:
      'The self-hosted runner uses an HTTPS long poll that opens a connection to GitHub for 50 seconds, and if no response is received, it then times out and creates a new long poll.',
    verified: true,
    notes: 'Peer service: GitHub ships the runner application and runs the server. Rate: job assignments are rare, well under one a second.',
  },
  {
    system: 'Amazon SQS (ReceiveMessage long polling)',
    useCase: 'Consumers in any language receive queued messages and delete (acknowledge) each one',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, lossless: true },
    chose: 'http',
    detail: 'ReceiveMessage with WaitTimeSeconds up to 20 s is held until messages arrive; DeleteMessage acknowledges; no streaming transport exists.',
    source: {
      title: 'Setting-up long polling in Amazon SQS',
      url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/best-practices-setting-up-long-polling.html',
    },
    evidence:
      'When the wait time for the ReceiveMessage API action is greater than 0, long polling is in effect. The maximum long polling wait time is 20 seconds.',
    verified: true,
    notes: 'Direction bidirectional by the bank definition: consumers acknowledge (delete) messages during the session, as for Pub/Sub StreamingPull. lossless: unacknowledged messages reappear after the visibility timeout.',
  },
  {
    system: 'AWS AppSync GraphQL subscriptions',
    useCase: 'App clients (web and mobile, through Amplify) receive GraphQL subscription events',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 10 },
    chose: 'websocket',
    detail: 'One WebSocket to the real-time endpoint; the client sends start/stop messages per subscription, AppSync sends data and keep-alives; mutations go over HTTPS.',
    source: {
      title: 'Building a real-time WebSocket client in AWS AppSync',
      url: 'https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html',
    },
    evidence:
      'The client first establishes a WebSocket connection with the AWS AppSync real-time endpoint ... the client registers subscriptions by sending start messages ... This system supports multiple subscriptions on a single WebSocket connection.',
    verified: true,
    notes: 'Bidirectional: subscriptions start and stop on the live connection. Rate: app events, ~10/s at most per client.',
  },
  {
    system: 'Hyperledger Besu / Ethereum JSON-RPC pub/sub',
    useCase: 'Dapps and indexers subscribe to new blocks, logs and pending transactions',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10 },
    chose: 'websocket',
    detail: 'eth_subscribe / eth_unsubscribe over a WebSocket; notifications as eth_subscription messages; HTTP clients must poll filters instead.',
    source: { title: 'Use RPC Pub/Sub over WebSockets (Hyperledger Besu docs)', url: 'https://besu.hyperledger.org/public-networks/how-to/use-besu-api/rpc-pubsub' },
    evidence:
      'Use RPC Pub/Sub over WebSockets to wait for events instead of polling for them ... Unlike other Besu API methods, you cannot call the RPC Pub/Sub methods over HTTP.',
    verified: true,
    notes: 'Geth implements the same methods. Rate: log subscriptions on busy contracts, ~10/s.',
  },
  {
    system: 'Replicate prediction streaming',
    useCase: 'Language-model output streamed to the developer\'s app as it is generated',
    answers: { direction: 'server-to-client', peer: 'public', rate: 50 },
    chose: 'sse',
    detail: 'Creating a prediction with stream: true returns a stream URL; the client reads it with EventSource or any SSE client. Polling and webhooks are the alternatives.',
    source: { title: 'Streaming output (Replicate docs)', url: 'https://replicate.com/docs/reference/streaming' },
    evidence:
      "Replicate's API supports server-sent event streams (SSEs) for language models ... the returned prediction will have a stream entry in its urls property with a URL that you can use to construct an EventSource.",
    verified: true,
    notes: 'Rate: one event per token chunk, tens a second.',
  },
  {
    system: 'Hugging Face Text Generation Inference',
    useCase: 'Token stream from a served model to whatever application calls it',
    answers: { direction: 'server-to-client', peer: 'public', rate: 100 },
    chose: 'sse',
    detail: 'generate_stream (and the OpenAI-compatible chat endpoint with stream) answer a POST with Server-Sent Events, one per token.',
    source: { title: 'Streaming (text-generation-inference docs)', url: 'https://huggingface.co/docs/text-generation-inference/conceptual/streaming' },
    evidence:
      'Token streaming is the mode in which the server returns the tokens one by one as the model generates them ... (PR #36: "Add token streaming using ServerSideEvents (SSE)").',
    verified: true,
    notes: 'Peer public: Inference Endpoints serve any client. Rate: the docs\' own example is 100 tokens a second.',
  },
  {
    system: 'ElevenLabs text-to-speech WebSocket',
    useCase: 'Text streamed in as an LLM writes it, synthesised audio streamed back',
    answers: { direction: 'bidirectional', peer: 'public', rate: 20, binary: true },
    chose: 'websocket',
    detail: 'wss://api.elevenlabs.io/v1/text-to-speech/{voice_id}/stream-input; text chunks up, audio chunks (with alignment) down. A streaming HTTP endpoint exists for whole texts.',
    source: { title: 'WebSocket (ElevenLabs API reference)', url: 'https://elevenlabs.io/docs/api-reference/websocket' },
    evidence:
      "The Text-to-Speech WebSockets API is designed to generate audio from partial text input ... It's well-suited for scenarios where: the input text is being streamed or generated in chunks.",
    verified: true,
    notes: 'Audio arrives base64 in JSON messages, binary in substance. Rate: audio chunks, ~20/s.',
  },
  {
    system: 'Splunk HTTP Event Collector',
    useCase: 'Applications and agents send log and metric events to Splunk',
    answers: { direction: 'client-to-server', peer: 'public', rate: 100 },
    chose: 'http',
    detail: 'Token-authenticated HTTP(S) POSTs of JSON or raw events to /services/collector, batched; optional indexer acknowledgement.',
    source: {
      title: 'Set up and use HTTP Event Collector in Splunk Web',
      url: 'https://help.splunk.com/splunk-enterprise/get-started/get-data-in/9.1/get-data-with-http-event-collector/set-up-and-use-http-event-collector-in-splunk-web',
    },
    evidence:
      'The HTTP Event Collector (HEC) lets you send data and application events to a Splunk deployment over the HTTP and Secure HTTP (HTTPS) protocols. HEC uses a token-based authentication model.',
    verified: true,
    notes: 'Rate counted in requests from a chatty sender.',
  },
  {
    system: 'Microsoft Graph change notifications',
    useCase: 'Apps learn of changes to mail, calendars, Teams chats, files and directory objects',
    answers: { direction: 'server-to-client', peer: 'public', rate: 1, callbacks: true },
    chose: 'http',
    detail: 'A subscription names a public HTTPS notificationUrl; Graph POSTs change notifications to it. Event Hubs and Event Grid are alternative deliveries.',
    source: { title: 'Receive change notifications through webhooks (Microsoft Graph)', url: 'https://learn.microsoft.com/graph/change-notifications-delivery-webhooks' },
    evidence:
      'To use webhooks, you need to define a publicly accessible HTTPS-secured endpoint that receives the notifications ... Microsoft Graph sends a notification to your endpoint whenever it detects a change in the resource.',
    verified: true,
    notes: 'callbacks: consumers are app backends with a public URL. Rate: changes to one subscribed resource, ~1/s.',
  },
  {
    system: 'Shopify webhooks',
    useCase: 'Apps are told of shop events (orders created, products updated, app uninstalled)',
    answers: { direction: 'server-to-client', peer: 'public', rate: 10, lossless: true, callbacks: true },
    chose: 'http',
    detail: 'HTTPS POST of a JSON payload per event to the subscribed endpoint, signed with X-Shopify-Hmac-Sha256; Amazon EventBridge and Google Pub/Sub deliveries for volume.',
    source: { title: 'About webhooks (Shopify dev docs)', url: 'https://shopify.dev/docs/apps/build/webhooks' },
    evidence:
      'When your app needs information about specific events that have occurred on a shop, it can subscribe to Shopify webhook topics ... They\'re also a performant alternative to continuously polling for changes to a shop\'s data.',
    verified: true,
    notes: 'lossless: retried 8 times over 4 hours (Shopify changelog, 2024-09-10). Rate: busy shops, ~10 events/s.',
  },
  {
    system: 'Cloud Firestore real-time listeners',
    useCase: 'Server and mobile SDKs listen to documents and queries for changes',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, protobuf: true, watch: true },
    chose: 'grpc',
    detail: 'The Listen RPC is a bidirectional gRPC stream (targets added and removed upstream, changes downstream); web SDKs use WebChannel; REST has no listener.',
    source: {
      title: 'FirestoreSettings.preferRest (Firebase Admin Node.js reference)',
      url: 'https://firebase.google.com/docs/reference/admin/node/firebase-admin.firestore.firestoresettings.md.txt',
    },
    evidence:
      'preferRest will force the use of HTTP/1.1 REST transport until a method that requires gRPC is called ... Currently the only operation that requires gRPC is creating a snapshot listener using onSnapshot().',
    verified: true,
    notes: 'Listen is documented as "only available via gRPC or WebChannel (not REST)" in the generated API reference. protobuf: Google generates every SDK from the Protobuf API. watch: clients listen to documents they also read.',
  },
  {
    system: 'Salesforce Streaming API (CometD)',
    useCase: 'Integrations subscribe to PushTopic, change data capture and platform event channels',
    answers: { direction: 'bidirectional', peer: 'public', rate: 10, lossless: true },
    chose: 'http',
    detail: 'Bayeux protocol over CometD long polling: handshake, connect (held until events), subscribe/unsubscribe on the same transport; replay ids recover missed events. (The newer Pub/Sub API is gRPC, in the first held-out bank.)',
    source: {
      title: 'Bayeux Protocol, CometD, and Long Polling (Streaming API Developer Guide)',
      url: 'https://developer.salesforce.com/docs/atlas.en-us.246.0.api_streaming.meta/api_streaming/BayeauxProtocolAndCometD.htm',
    },
    evidence:
      'Streaming API uses the Bayeux protocol and CometD for long polling ... instead of sending an empty response if information isn\'t available, the server holds the request and waits until information is available.',
    verified: true,
    notes: 'Bidirectional: clients subscribe and unsubscribe during the session. lossless: replay of retained events by replay id.',
  },
  {
    system: 'Gotify',
    useCase: 'Self-hosted push notifications to the Gotify Android app and web UI',
    answers: { direction: 'server-to-client', peer: 'service', rate: 1, devices: true },
    chose: 'websocket',
    detail: 'Applications send messages with REST POSTs; clients (Android app, web UI) hold a WebSocket to /stream and receive messages in real time.',
    source: { title: 'gotify/server README', url: 'https://github.com/gotify/server' },
    evidence:
      'We wanted a simple server for sending and receiving messages (in real time per WebSocket) ... send messages via REST-API; receive messages via WebSocket; Android-App -> gotify/android.',
    verified: true,
    notes: 'Peer service: the project ships the server and the Android app. Rate: notifications, about one a second at most. Reviewed on 2026-12-03, after the score before the rule change was recorded, for the devices question asked of every entry of every bank: devices: true (the Android app); no other entry here is an app on people\'s devices (the GitHub runner is an agent on build servers).',
  },
  {
    system: 'Tesla Fleet Telemetry',
    useCase: 'Vehicles stream configured telemetry fields to a fleet operator\'s server',
    answers: { direction: 'client-to-server', peer: 'public', rate: 10, binary: true, protobuf: true },
    chose: 'websocket',
    detail: 'Vehicles open a mutual-TLS WebSocket to the operator\'s registered endpoint and push FlatBuffers-enveloped Protobuf records; the server answers with ack, error or rate-limit messages.',
    source: { title: 'teslamotors/fleet-telemetry README', url: 'https://github.com/teslamotors/fleet-telemetry' },
    evidence:
      'Once configured, devices establish a WebSocket connection to push configurable telemetry records. Fleet Telemetry provides clients with ack, error, or rate limit responses.',
    verified: true,
    notes: 'Peer public: other developers run the receiving servers for Tesla\'s clients. Direction client-to-server: the acks answer uploads, as an HTTP response would. Rate: fields sent on change, at configured minimum intervals, ~10/s. Second generalisation review (2026-12-03, issue 13, every bank read): left: one system holding uploads on a WebSocket with acks; every other upload in the banks (Segment, Datadog, OpenTelemetry, GitLab Runner, Prometheus) uses requests or gRPC, and no rule is made for one system.',
  },
  {
    system: 'Liveblocks',
    useCase: 'Presence, broadcast and shared document state for collaborative web apps',
    answers: { direction: 'bidirectional', peer: 'browser', rate: 20 },
    chose: 'websocket',
    detail: 'Clients join rooms over a WebSocket to Liveblocks\' edge; a REST API and webhooks serve backends.',
    source: { title: '@liveblocks/redux README (npm, via libraries.io)', url: 'https://libraries.io/npm/@liveblocks%2Fredux/1.5.3' },
    evidence:
      'Liveblocks provides a fully-hosted platform built around a WebSocket edge infrastructure that effortlessly scales to millions of users.',
    verified: true,
    notes: 'Rate: cursor and presence updates, ~20/s per client.',
  },
];
