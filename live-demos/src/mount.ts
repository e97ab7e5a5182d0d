import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * One starter mounted under a prefix of the demo server. A mount owns no socket and no port of
 * its own (except the gRPC server's internal loopback port): the demo server routes to it.
 */
export interface DemoMount {
  /** Demo names this mount serves (GET /demos/health lists them). */
  readonly demos: readonly string[];
  /** Path prefix it owns, e.g. "/demos/chat"; requests under it go to handleRequest. */
  readonly prefix: string;
  /**
   * Which demo a request opens a long-lived connection for (counted against the connection
   * limits and cuttable by its cid), or undefined for a short request.
   */
  streamOf(req: IncomingMessage, path: string): string | undefined;
  /** Handles a request under `prefix`; `path` is the part after it ("/events"). */
  handleRequest(req: IncomingMessage, res: ServerResponse, path: string): void;
  /** WebSocket upgrades under `prefix`, for mounts that take them. */
  handleUpgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** False while a backing service is down (the chat's Redis): GET /demos/health answers 503. */
  healthy?(): boolean;
}
