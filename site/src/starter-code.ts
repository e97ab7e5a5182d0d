/**
 * The starters' key files, imported as text at build time from templates/ (and proto/), so the
 * docs show exactly what `choose-protocol init` scaffolds and cannot drift from it. Nothing here
 * is a copy: change a starter and the pages change with the next build.
 */
import wsServer from '@templates/websocket/src/server.ts?raw';
import wsBroadcast from '@templates/websocket/src/broadcast.ts?raw';
import wsProtocol from '@templates/websocket/src/protocol.ts?raw';
import wsConnection from '@templates/websocket/public/connection.js?raw';
import wsBackoff from '@templates/websocket/public/backoff.js?raw';
import wsChat from '@templates/websocket/src/chat.ts?raw';
import sseEventsRoute from '@templates/sse/src/events-route.ts?raw';
import sseFormat from '@templates/sse/src/sse-format.ts?raw';
import sseResume from '@templates/sse/src/resume.ts?raw';
import sseApp from '@templates/sse/public/app.js?raw';
import sseChatRoute from '@templates/sse/src/chat-route.ts?raw';
import sseChatClient from '@templates/sse/public/chat-client.js?raw';
import sseParser from '@templates/sse/public/sse-parser.js?raw';
import stockProto from '@proto/stock.proto?raw';
import grpcStreamPrices from '@templates/grpc/src/service/stream-prices.ts?raw';
import grpcClientPrices from '@templates/grpc/src/client/prices.ts?raw';
import grpcWebGateway from '@templates/grpc-web/src/web/gateway.ts?raw';
import grpcWebPriceFeed from '@templates/grpc-web/src/web/browser/price-feed.ts?raw';
import httpIngest from '@templates/http/src/ingest.ts?raw';
import httpIdempotency from '@templates/http/src/idempotency.ts?raw';
import httpUpload from '@templates/http/src/upload.ts?raw';

export interface StarterFile {
  /** The file's path as `choose-protocol init` writes it into the new project. */
  path: string;
  lang: 'ts' | 'js' | 'proto';
  code: string;
  /** One line: why this file is worth reading. */
  why: string;
}

export const starterFiles = {
  websocket: [
    { path: 'src/server.ts', lang: 'ts', code: wsServer, why: 'The createServer factory: origin and token checks before the upgrade, heartbeats, limits as options.' },
    { path: 'src/broadcast.ts', lang: 'ts', code: wsBroadcast, why: 'A broadcast is framed once and the same frame is written to every socket in the room.' },
    { path: 'public/connection.js', lang: 'js', code: wsConnection, why: 'The browser side: reconnects after every close it did not ask for, and rejoins rooms on every open.' },
    { path: 'public/backoff.js', lang: 'js', code: wsBackoff, why: 'Exponential backoff with jitter, so a restart does not bring every client back at once.' },
  ],
  sse: [
    { path: 'src/events-route.ts', lang: 'ts', code: sseEventsRoute, why: 'GET /events: the headers proxies need, Last-Event-ID resume, then the live stream.' },
    { path: 'src/sse-format.ts', lang: 'ts', code: sseFormat, why: 'One event, serialised once: id:, event: and data: lines that cannot inject fields.' },
    { path: 'src/resume.ts', lang: 'ts', code: sseResume, why: 'Replay from the bounded buffer, or an explicit reset when the gap is too old.' },
    { path: 'public/app.js', lang: 'js', code: sseApp, why: 'The browser side: EventSource, which reconnects and resends Last-Event-ID by itself.' },
  ],
  grpc: [
    { path: 'proto/stock.proto', lang: 'proto', code: stockProto, why: 'The contract: StockService in all four modes, every RPC and field commented.' },
    { path: 'src/service/stream-prices.ts', lang: 'ts', code: grpcStreamPrices, why: 'Server streaming with backpressure: once write() returns false, each tick only replaces the pending price until drain.' },
    { path: 'src/client/prices.ts', lang: 'ts', code: grpcClientPrices, why: 'A Node client that reads the stream and re-issues the call after UNAVAILABLE.' },
    { path: 'src/web/gateway.ts', lang: 'ts', code: grpcWebGateway, why: 'With --web: the Connect gateway that answers gRPC-Web and Connect from browsers.' },
    { path: 'src/web/browser/price-feed.ts', lang: 'ts', code: grpcWebPriceFeed, why: 'With --web: the browser client, a server stream over gRPC-Web.' },
  ],
  http: [
    { path: 'src/ingest.ts', lang: 'ts', code: httpIngest, why: 'Streamed JSON/NDJSON ingest: validated line by line, stored before the 202.' },
    { path: 'src/idempotency.ts', lang: 'ts', code: httpIdempotency, why: 'Idempotency-Key: a retried batch is answered from the record, not stored twice.' },
    { path: 'src/upload.ts', lang: 'ts', code: httpUpload, why: 'The client: a streamed upload that retries with the same key.' },
  ],
  'llm-stream': [
    { path: 'src/chat-route.ts', lang: 'ts', code: sseChatRoute, why: 'POST /chat/stream: the request in the body, the tokens back as an event stream.' },
    { path: 'public/chat-client.js', lang: 'js', code: sseChatClient, why: 'EventSource cannot POST, so the browser reads the stream with fetch.' },
    { path: 'public/sse-parser.js', lang: 'js', code: sseParser, why: 'The event-stream parser the fetch reader feeds.' },
  ],
  'room-routing': [
    { path: 'src/protocol.ts', lang: 'ts', code: wsProtocol, why: 'The wire protocol: one JSON object per text frame, stable error codes, parsed and validated before anything else.' },
    { path: 'src/chat.ts', lang: 'ts', code: wsChat, why: 'Rooms: who is in which, routing each message to its room only.' },
    { path: 'src/broadcast.ts', lang: 'ts', code: wsBroadcast, why: 'Framed once per message; under load each socket written at most once per write window (5 ms).' },
  ],
  'grpc-backpressure': [
    { path: 'src/service/stream-prices.ts', lang: 'ts', code: grpcStreamPrices, why: 'write() returns false past 16 queued messages; until drain a stalled client costs one pending price per symbol.' },
    { path: 'proto/stock.proto', lang: 'proto', code: stockProto, why: 'StreamPrices and its request: the interval the client asks for.' },
  ],
} satisfies Record<string, StarterFile[]>;

export type StarterCodeId = keyof typeof starterFiles;
