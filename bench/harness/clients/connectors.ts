import type { Protocol } from '../subjects.js';
import type { ConnectPublisher, ConnectSubscriber } from './client-api.js';
import { connectGrpcPublisher, connectGrpcSubscriber } from './grpc.js';
import { connectSseBatchPublisher, connectSsePublisher, connectSseSubscriber } from './sse.js';
import { connectWsPublisher, connectWsSubscriber } from './ws.js';

/** The same clients drive a protocol's starter and its raw baseline. */
export const subscribers: Record<Protocol, ConnectSubscriber> = { ws: connectWsSubscriber, sse: connectSseSubscriber, grpc: connectGrpcSubscriber };
export const publishers: Record<Protocol, ConnectPublisher> = { ws: connectWsPublisher, sse: connectSsePublisher, grpc: connectGrpcPublisher };
/**
 * The batch publishers: only SSE's POST /publish has a batch form; the WebSocket and gRPC
 * publishers already send every event on their own long-lived connection, so they are used as is.
 */
export const batchPublishers: Record<Protocol, ConnectPublisher> = { ...publishers, sse: connectSseBatchPublisher };
