import type { Protocol } from '../subjects.js';
import type { ConnectPublisher, ConnectSubscriber } from './client-api.js';
import { connectGrpcPublisher, connectGrpcSubscriber } from './grpc.js';
import { connectSsePublisher, connectSseSubscriber } from './sse.js';
import { connectWsPublisher } from './ws.js';
import { connectWsSubscriber } from './ws-subscriber.js';

/** The same clients drive a protocol's starter and its raw baseline. */
export const subscribers: Record<Protocol, ConnectSubscriber> = { ws: connectWsSubscriber, sse: connectSseSubscriber, grpc: connectGrpcSubscriber };
export const publishers: Record<Protocol, ConnectPublisher> = { ws: connectWsPublisher, sse: connectSsePublisher, grpc: connectGrpcPublisher };
