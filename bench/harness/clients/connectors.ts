import type { Protocol } from '../subjects.js';
import type { ConnectPublisher, ConnectSubscriber } from './client-api.js';
import { connectGrpcPublisher, connectGrpcSubscriber } from './grpc.js';
import { connectSseBatchPublisher, connectSsePublisher, connectSseSubscriber } from './sse.js';
import { connectSseH2Publisher, connectSseH2Subscriber } from './sse-h2.js';
import { connectWsPublisher } from './ws.js';
import { connectWsSubscriber } from './ws-subscriber.js';

/** The same clients drive a protocol's starter and its raw baseline. */
export const subscribers: Record<Protocol, ConnectSubscriber> = { ws: connectWsSubscriber, sse: connectSseSubscriber, grpc: connectGrpcSubscriber };
export const publishers: Record<Protocol, ConnectPublisher> = { ws: connectWsPublisher, sse: connectSsePublisher, grpc: connectGrpcPublisher };
/**
 * The batch publishers: only SSE's POST /publish has a batch form; the WebSocket and gRPC
 * publishers already send every event on their own long-lived connection, so they are used as is.
 */
export const batchPublishers: Record<Protocol, ConnectPublisher> = { ...publishers, sse: connectSseBatchPublisher };

/** The clients of one subject: its protocol's, or SSE's over HTTP/2 for the --sse-h2 subjects. */
export function subscriberFor(protocol: Protocol, h2: boolean): ConnectSubscriber {
  return h2 ? connectSseH2Subscriber : subscribers[protocol];
}
export function publisherFor(protocol: Protocol, { h2 = false, batch = false }: { h2?: boolean; batch?: boolean } = {}): ConnectPublisher {
  if (h2) return connectSseH2Publisher;
  return batch ? batchPublishers[protocol] : publishers[protocol];
}
