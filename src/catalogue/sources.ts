import type { Source } from './source.js';

/**
 * The documents the landscape entries and corrections cite, each defined once so two facts that
 * rest on the same page point at the same record.
 */
export const sources = {
  webFeaturesWebTransport: {
    title: 'web-features explorer: WebTransport (Baseline newly available since 2026-03-24)',
    url: 'https://web-platform-dx.github.io/web-features-explorer/features/webtransport',
  },
  mdnWebTransport: {
    title: 'MDN: WebTransport (connects to an HTTP/3 server; reliable and unreliable transport in either or both directions)',
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/WebTransport',
  },
  webFeaturesFetchUploadStreams: {
    title: 'web-features explorer: Fetch upload streams (limited availability)',
    url: 'https://web-platform-dx.github.io/web-features-explorer/features/fetch-request-streams',
  },
  webFeaturesFetchUploadStreamsData: {
    title: 'web-features explorer data: fetch-request-streams, a ReadableStream request body supported by Chrome, Chrome Android and Edge 105 only',
    url: 'https://web-platform-dx.github.io/web-features-explorer/features/fetch-request-streams.json',
  },
  nodeQuicDocs: {
    title: 'Node.js docs: QUIC (node:quic), Stability 1.0 - Early development, --experimental-quic',
    url: 'https://nodejs.org/api/quic.html',
  },
  nodeQuicBuildFlag: {
    title: 'nodejs/node#61444: quic: move quic behind compile time flag (merged 2026-01)',
    url: 'https://github.com/nodejs/node/pull/61444',
  },
  nodeHttp3Issue: {
    title: 'nodejs/node#38478: HTTP/3 support (open)',
    url: 'https://github.com/nodejs/node/issues/38478',
  },
  failsWebTransportPackage: {
    title: '@fails-components/webtransport-transport-http3-quiche package.json: install runs prebuild-install or a cmake-js build',
    url: 'https://github.com/fails-components/webtransport/blob/master/transports/http3-quiche/package.json',
  },
  webtransportGo: {
    title: 'quic-go/webtransport-go README (used by Caddy and Centrifugo)',
    url: 'https://github.com/quic-go/webtransport-go',
  },
  wtransport: {
    title: 'BiagioFesta/wtransport: WebTransport in pure Rust ("not considered completely production-ready")',
    url: 'https://github.com/BiagioFesta/wtransport',
  },
  centrifugoWebTransport: {
    title: 'Centrifugo docs: WebTransport transport (marked experimental)',
    url: 'https://centrifugal.dev/docs/transports/webtransport',
  },
  mdnEventSource: {
    title: 'MDN: EventSource (six connections per browser and domain when not over HTTP/2; "Won\'t fix" in Chrome and Firefox)',
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/EventSource',
  },
  rfc9113Settings: {
    title: 'RFC 9113 (HTTP/2) §6.5.2: SETTINGS_MAX_CONCURRENT_STREAMS, recommended no smaller than 100',
    url: 'https://www.rfc-editor.org/rfc/rfc9113#section-6.5.2',
  },
  rfc9113ConnectionHeaders: {
    title: 'RFC 9113 (HTTP/2) §8.2.2: connection-specific header fields make a message malformed',
    url: 'https://www.rfc-editor.org/rfc/rfc9113#section-8.2.2',
  },
  nodeHttp2Compat: {
    title: 'Node.js docs: http2 compatibility API and http2.createSecureServer({ allowHTTP1 })',
    url: 'https://nodejs.org/api/http2.html#compatibility-api',
  },
  safariKeepAliveH2: {
    title: 'mdn/browser-compat-data#6154: Safari will not load an HTTP/2 response carrying Connection: keep-alive',
    url: 'https://github.com/mdn/browser-compat-data/issues/6154',
  },
  grpcWebReadme: {
    title: 'grpc/grpc-web README: unary and server-side streaming only; client-side and bidi streaming not supported',
    url: 'https://github.com/grpc/grpc-web#streaming-support',
  },
  grpcWebStreamingRoadmap: {
    title: 'grpc/grpc-web doc/streaming-roadmap.md',
    url: 'https://github.com/grpc/grpc-web/blob/master/doc/streaming-roadmap.md',
  },
  connectEsBidiIssue: {
    title: 'connectrpc/connect-es#1106: bidi and client streaming are not supported by the fetch (browser) transport',
    url: 'https://github.com/connectrpc/connect-es/issues/1106',
  },
  connectHome: {
    title: 'connectrpc.com: Connect servers handle gRPC-Web requests natively, without a translating proxy',
    url: 'https://connectrpc.com',
  },
  mcpStreamableHttp20250326: {
    title: 'MCP specification 2025-03-26: Transports (Streamable HTTP replaces HTTP+SSE)',
    url: 'https://modelcontextprotocol.io/specification/2025-03-26/basic/transports',
  },
  mcpStreamableHttp20251125: {
    title: 'MCP specification 2025-11-25: Transports (session management, resumability with Last-Event-ID)',
    url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports',
  },
  mcpStreamableHttp20260728: {
    title: 'MCP specification 2026-07-28: Streamable HTTP',
    url: 'https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http',
  },
  mcpChangelog20260728: {
    title: 'MCP specification 2026-07-28: Key Changes',
    url: 'https://modelcontextprotocol.io/specification/2026-07-28/changelog',
  },
  mcpTypescriptSdk: {
    title: 'modelcontextprotocol/typescript-sdk: v2 split packages @modelcontextprotocol/server and /client',
    url: 'https://github.com/modelcontextprotocol/typescript-sdk',
  },
  mcpServerNpm: {
    title: 'npm: @modelcontextprotocol/server 2.4.0, engines node >=20',
    url: 'https://www.npmjs.com/package/@modelcontextprotocol/server',
  },
  rfc8441: {
    title: 'RFC 8441: Bootstrapping WebSockets with HTTP/2',
    url: 'https://www.rfc-editor.org/rfc/rfc8441',
  },
  rfc9220: {
    title: 'RFC 9220: Bootstrapping WebSockets with HTTP/3',
    url: 'https://www.rfc-editor.org/rfc/rfc9220',
  },
  wptWebSocketH3: {
    title: 'web-platform-tests in Firefox\'s tree: an RFC 9220 (WebSockets over HTTP/3) handshake handler for tests',
    url: 'https://searchfox.org/firefox-main/source/testing/web-platform/tests/tools/websocket/h3',
  },
  wsHttp2Issue: {
    title: 'websockets/ws#1458: WebSocket over HTTP2 (open)',
    url: 'https://github.com/websockets/ws/issues/1458',
  },
  nodeExtendedConnect: {
    title: 'Node.js docs: http2, the extended CONNECT protocol (settings.enableConnectProtocol)',
    url: 'https://nodejs.org/api/http2.html#the-extended-connect-protocol',
  },
  goExtendedConnect: {
    title: 'golang/go#53208: browsers read SETTINGS_ENABLE_CONNECT_PROTOCOL as WebSocket-over-HTTP/2 support (Go 1.24 turned it off by default)',
    url: 'https://github.com/golang/go/issues/53208',
  },
  socketIoChromeH2: {
    title: 'socketio/socket.io#5067: WebSockets fail in Chrome against a Node http2 server that does not handle CONNECT',
    url: 'https://github.com/socketio/socket.io/issues/5067',
  },
  nginxProxyBuffering: {
    title: 'nginx docs: proxy_buffering (on by default; X-Accel-Buffering: no turns it off per response)',
    url: 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering',
  },
  broadcomSwgEventStream: {
    title: 'Broadcom Cloud SWG KB 406021: the proxy holds a text/event-stream until it has the whole body for content scanning',
    url: 'https://knowledge.broadcom.com/external/article/406021/site-with-streaming-content-fails-to-loa.html',
  },
  salesforceSseBlocked: {
    title: 'Salesforce Help: why network security tools block SSE (TLS inspection and proxy buffering)',
    url: 'https://help.salesforce.com/s/articleView?id=service.miaw_sse_for_real_time_messaging.htm&language=en_US&type=5',
  },
  grpcConnectivity: {
    title: 'grpc/grpc doc/connectivity-semantics-and-api.md: channels reconnect with backoff',
    url: 'https://github.com/grpc/grpc/blob/master/doc/connectivity-semantics-and-api.md',
  },
  grpcWaitForReady: {
    title: 'grpc/grpc doc/wait-for-ready.md: RPCs fail fast while the channel is in TRANSIENT_FAILURE',
    url: 'https://github.com/grpc/grpc/blob/master/doc/wait-for-ready.md',
  },
  gaxStreamResumption: {
    title: 'googleapis/gax-java#463: after the first response, resuming a stream needs an application-level resume request',
    url: 'https://github.com/googleapis/gax-java/pull/463',
  },
  mdnUsingServerSentEvents: {
    title: 'MDN: Using server-sent events (UTF-8 text events, one message event each)',
    url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events',
  },
  grpcHttp2Protocol: {
    title: 'gRPC over HTTP/2 (PROTOCOL-HTTP2.md): gRPC is defined on HTTP/2 framing end to end',
    url: 'https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md',
  },
  openAiStreaming: {
    title: 'OpenAI API reference: Streaming (a public API streamed as server-sent events)',
    url: 'https://platform.openai.com/docs/api-reference/streaming',
  },
  binanceStreams: {
    title: 'Binance: WebSocket Streams (public market data, any language, live subscribe and unsubscribe)',
    url: 'https://developers.binance.com/legacy-docs/binance-spot-api-docs/web-socket-streams',
  },
  coinbaseChannels: {
    title: 'Coinbase Developer Platform: Advanced Trade WebSocket channels',
    url: 'https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels',
  },
  deepgramStreaming: {
    title: 'Deepgram: Live streaming audio transcription over WebSocket',
    url: 'https://developers.deepgram.com/docs/node-sdk-streaming-transcription',
  },
  standardWebhooks: {
    title: 'Standard Webhooks 1.0.0: events sent as signed HTTP POSTs to the consumer\'s URL, with an id to deduplicate retries',
    url: 'https://raw.githubusercontent.com/standard-webhooks/standard-webhooks/main/spec/standard-webhooks.md',
  },
  grpcIntroduction: {
    title: 'grpc.io: Introduction to gRPC (Protobuf as the IDL; generated clients and servers in any supported language)',
    url: 'https://grpc.io/docs/what-is-grpc/introduction/',
  },
  a2aStreaming: {
    title: 'A2A protocol: Streaming and asynchronous operations (message/stream answered with text/event-stream; webhooks for disconnected clients)',
    url: 'https://a2a-protocol.org/latest/topics/streaming-and-async',
  },
  rfc6202: {
    title: 'RFC 6202: Known Issues and Best Practices for the Use of Long Polling and Streaming in Bidirectional HTTP (§2: each long poll costs a full request and response)',
    url: 'https://www.rfc-editor.org/rfc/rfc6202',
  },
  netflixZuulPush: {
    title: 'QCon New York 2018, Scaling Push Messaging for Millions of Devices @Netflix: Zuul Push, WebSocket and SSE, more than 5.5 million connected clients at peak',
    url: 'https://qconnewyork.com/ny2018/presentation/architectures-youve-always-wondered-about-presentation',
  },
  mozillaAutopush: {
    title: 'Mozilla autopush-rs docs: the push service talks to Firefox over WebSockets, with an HTTP Web Push endpoint for senders',
    url: 'https://mozilla-services.github.io/autopush-rs',
  },
  rfc6455PingPong: {
    title: 'RFC 6455 §5.5.2-5.5.3: Ping and Pong control frames, "a keepalive or as a means to verify that the remote endpoint is still responsive"',
    url: 'https://www.rfc-editor.org/rfc/rfc6455#section-5.5.2',
  },
  uberRamenGrpc: {
    title: "Uber Engineering: Uber's Next Gen Push Platform on gRPC (RAMEN moved from SSE to gRPC bidirectional streaming over QUIC, with the apps' networking stack on gRPC)",
    url: 'https://www.uber.com/blog/ubers-next-gen-push-platform-on-grpc/',
  },
  matrixSync: {
    title: 'Matrix client-server API: GET /sync with since=<next_batch> and timeout, held until events arrive (matrix-spec sync.yaml)',
    url: 'https://github.com/matrix-org/matrix-spec/blob/main/data/api/client-server/sync.yaml',
  },
  pubnubTransport: {
    title: 'PubNub: Data transport and delivery ("PubNub uses HTTP long polling for all real-time delivery", reissued with the timetoken cursor)',
    url: 'https://www.pubnub.com/docs/architecture/data-transport-and-delivery.md',
  },
  telegramGetUpdates: {
    title: 'Telegram Bot API: getUpdates, long polling with an offset that confirms every earlier update (the alternative to a webhook)',
    url: 'https://core.telegram.org/bots/api#getupdates',
  },
  sqsLongPolling: {
    title: 'Amazon SQS Developer Guide: Setting up long polling (ReceiveMessage held up to 20 s; a received message stays hidden from other consumers until deleted)',
    url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/best-practices-setting-up-long-polling.html',
  },
  gtfsRealtimeFetch: {
    title: 'Google Transit Partners help: Create a GTFS Realtime feed ("periodically fetched by Google (typically every 30 seconds)")',
    url: 'https://support.google.com/transitpartners/answer/6368391',
  },
  usgsGeoJsonFeeds: {
    title: 'USGS Earthquake Hazards Program: GeoJSON Summary Format (feeds of the past hour, day, week and month, "intended to be used as a programatic interface for applications")',
    url: 'https://earthquake.usgs.gov/earthquakes/feed/v1.0/geojson.php',
  },
  rfc9110Conditional: {
    title: 'RFC 9110: HTTP Semantics, §13 Conditional Requests (If-None-Match and If-Modified-Since answered with 304 Not Modified)',
    url: 'https://www.rfc-editor.org/rfc/rfc9110#section-13',
  },
  githubRunnerLongPoll: {
    title: 'GitHub Docs: Communicating with self-hosted runners ("an HTTPS long poll that opens a connection to GitHub for 50 seconds")',
    url: 'https://docs.github.com/en/actions/concepts/runners/communicating-with-self-hosted-runners',
  },
  buildkiteJobDispatch: {
    title: 'Buildkite docs: Job dispatch (agents poll the Agent API for jobs by default; a streaming connection is opt-in)',
    url: 'https://buildkite.com/docs/agent/self-hosted/configure/job-dispatch',
  },
  linkedinSse: {
    title: 'LinkedIn Engineering, 2016: Instant Messaging at LinkedIn ("we chose SSE over Websockets because it works over traditional HTTP ... a variety of networks"; messages are sent as ordinary requests)',
    url: 'https://engineering.linkedin.com/blog/2016/10/instant-messaging-at-linkedin--scaling-to-hundreds-of-thousands-',
  },
  nextcloudNotifyPush: {
    title: 'nextcloud/notify_push README: a WebSocket per desktop or mobile client tells it which watched folders changed, instead of the client checking periodically',
    url: 'https://github.com/nextcloud/notify_push',
  },
} as const satisfies Record<string, Source>;
