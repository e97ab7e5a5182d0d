import type { ChannelOptions } from '@grpc/grpc-js';

/**
 * HTTP/2 connection management for the server. The numbers are a starting point for a
 * service behind a cloud load balancer; tune them together with your proxies.
 */
export interface ConnectionOptions {
  /**
   * Ping each client connection this often (grpc-js servers ping on a fixed period, busy
   * or not; a ping is a few bytes). Detects peers that
   * vanished without closing (laptop lid, dead NAT entry) and keeps idle-timeout middleboxes
   * from silently dropping long-lived streams: keep it below the shortest idle timeout on
   * the path (AWS ALB defaults to 60 s, many NATs to a few minutes).
   */
  keepaliveTimeMs: number;
  /** Close the connection if a ping is not answered within this time. */
  keepaliveTimeoutMs: number;
  /**
   * Send GOAWAY to connections that carried no call for this long. Frees memory for idle
   * clients; well-behaved clients reconnect transparently on their next call.
   */
  maxConnectionIdleMs: number;
  /**
   * Send GOAWAY to every connection after this age (+/- 10 % jitter). HTTP/2 multiplexes all
   * calls over one long-lived connection, so an L4 balancer pins a client to one backend
   * forever; a maximum age makes clients reconnect and spread over new backends.
   */
  maxConnectionAgeMs: number;
  /**
   * After a max-age GOAWAY, calls still running get this long before the connection is
   * closed. Streams longer than this (StreamPrices, TradeChat) then end with UNAVAILABLE
   * and the client reconnects, which is exactly what rebalancing needs.
   */
  maxConnectionAgeGraceMs: number;
  /**
   * Most calls open at once on one connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
   * Without it Node allows 4 billion, so one client could open thousands of streams. Calls
   * beyond it wait in the client until one ends; 100 is the floor RFC 9113 recommends.
   */
  maxConcurrentStreams: number;
}

export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = {
  keepaliveTimeMs: 30_000,
  keepaliveTimeoutMs: 10_000,
  maxConnectionIdleMs: 5 * 60_000,
  maxConnectionAgeMs: 30 * 60_000,
  maxConnectionAgeGraceMs: 60_000,
  maxConcurrentStreams: 100,
};

export function serverChannelOptions(connection: ConnectionOptions, maxMessageBytes: number): ChannelOptions {
  return {
    'grpc.keepalive_time_ms': connection.keepaliveTimeMs,
    'grpc.keepalive_timeout_ms': connection.keepaliveTimeoutMs,
    'grpc.max_connection_idle_ms': connection.maxConnectionIdleMs,
    'grpc.max_connection_age_ms': connection.maxConnectionAgeMs,
    'grpc.max_connection_age_grace_ms': connection.maxConnectionAgeGraceMs,
    'grpc.max_concurrent_streams': connection.maxConcurrentStreams,
    // Every message in this contract is small; refuse big ones before decoding them.
    'grpc.max_receive_message_length': maxMessageBytes,
  };
}

/**
 * Channel options for the Node clients in src/client/.
 *
 * Clients ping too, so a stream that sees no price for a while (or a chat nobody talks in)
 * still notices a dead connection. `permit_without_calls` keeps pinging while no call is
 * open, so the next call does not land on a dead connection. Servers may limit how often
 * clients ping (C-core and grpc-go answer pings more often than every 5 minutes without
 * calls with GOAWAY "too_many_pings"); grpc-js servers such as this one do not, but keep
 * the client interval at or above what the server side allows when you talk to others.
 */
export const CLIENT_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  // The scripts retry UNAVAILABLE with their own backoff and jitter (client/backoff.ts).
  // A short channel-level reconnect backoff keeps grpc-js from stacking a second, longer
  // one on top (its default grows to 120 s), during which every retry would fail at once.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1_000,
};
