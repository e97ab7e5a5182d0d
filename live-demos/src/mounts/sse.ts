import { createServer, type SseServer } from '../../../templates/sse/src/server.js';
import type { DemoLimits } from '../limits.js';
import type { DemoMount } from '../mount.js';

export interface SseMountOptions {
  limits: DemoLimits;
  /** How often the temperature feed publishes. Default 500 ms: fast enough to see a gap. */
  feedIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Two demos on the sse starter's own server, mounted with its basePath at /demos/sse:
 * sse-feed (GET /demos/sse/events, its temperature feed with Last-Event-ID resume) and
 * llm-stream (POST /demos/sse/chat/stream, its token stream). Nothing listens; open() starts
 * its feed and keep-alive timers, close() ends its streams.
 */
export function createSseMount({ limits, feedIntervalMs = 500, onError }: SseMountOptions): DemoMount & { readonly starter: SseServer } {
  const starter = createServer({
    basePath: '/demos/sse',
    feedIntervalMs,
    keepAliveMs: 15_000,
    retryMs: 1_000,
    maxSubscribers: limits.totalClients,
    maxChatStreams: Math.min(100, limits.totalClients),
    maxBodyBytes: limits.maxPayloadBytes,
    // The demo page publishes nothing: publishing stays off (no token, POST /publish is 403).
    publishToken: undefined,
    ...(onError ? { onError } : {}),
  });

  return {
    starter,
    demos: ['sse-feed', 'llm-stream'],
    prefix: '/demos/sse',
    streamOf(req, path) {
      if (req.method === 'GET' && path === '/events') return 'sse-feed';
      if (req.method === 'POST' && path === '/chat/stream') return 'llm-stream';
      return undefined;
    },
    handleRequest(req, res) {
      if (!starter.handleRequest(req, res)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    },
    async start() {
      starter.open();
    },
    async stop() {
      await starter.close();
    },
  };
}
