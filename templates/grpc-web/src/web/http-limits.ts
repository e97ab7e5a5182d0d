/** HTTP limits of the gateway's node:http(s) server. Every field has a default (DEFAULT_HTTP_LIMITS). */
export interface GatewayHttpLimits {
  /**
   * How long an idle keep-alive connection stays open. Above the idle timeout of the load
   * balancers in front (AWS ALB and nginx upstreams: 60 s), or the balancer reuses a connection
   * the gateway is closing and the user gets a 502. Google Cloud's balancers keep 600 s: raise it
   * to 620 s behind them.
   */
  keepAliveTimeoutMs: number;
  /** Time a client gets to send the request headers (slowloris). */
  headersTimeoutMs: number;
  /** Time a client gets to send a whole request, body included (responses may stream for longer). */
  requestTimeoutMs: number;
  /** Most open TCP connections; more are closed at once. */
  maxConnections: number;
  /**
   * A connection that exchanges no byte for this long while a request is running is closed.
   * Streams are pull-based, so a peer that stops reading (a frozen process, a suspended tab,
   * a client that never reads) stops them writing; without this its stream would hold a
   * `maxPriceStreams` slot and its connection forever. Kept above twice the price interval.
   */
  stallTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: GatewayHttpLimits = {
  keepAliveTimeoutMs: 65_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 1_000,
  stallTimeoutMs: 60_000,
};
