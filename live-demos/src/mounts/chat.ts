import type { IncomingMessage } from 'node:http';
import { createServer, type ChatServer } from '../../../templates/websocket/src/server.js';
import type { DemoLimits } from '../limits.js';
import type { DemoMount } from '../mount.js';

export interface ChatMountOptions {
  limits: DemoLimits;
  /** The origins pages of this demo server have (known once it listens on a specific address). */
  ownOrigins: () => ReadonlySet<string> | undefined;
  /** Origins allowed as well (DEMO_PUBLIC_ORIGINS). */
  extraOrigins?: ReadonlySet<string>;
  /** Shares rooms with other demo servers through this Redis (the starter's REDIS_URL mode). */
  redisUrl?: string | undefined;
}

/**
 * The chat demo: the websocket starter's own server (its createServer, handleUpgrade and chat),
 * with its WebSocket endpoint at /demos/chat/ws. Nothing listens: the demo server hands it the
 * upgrades for that path. The starter's limits carry the demo server's.
 */
export function createChatMount({ limits, ownOrigins, extraOrigins = new Set(), redisUrl }: ChatMountOptions): DemoMount & { readonly starter: ChatServer } {
  const starter = createServer({
    wsPath: '/demos/chat/ws',
    maxClients: limits.totalClients,
    maxPayload: limits.maxPayloadBytes,
    messageRate: limits.messagesPerSecond,
    messageBurst: limits.messagesPerSecond * 2,
    maxRoomsPerClient: limits.roomsPerClient,
    maxTextLength: Math.min(2_000, limits.maxPayloadBytes),
    redisUrl,
    // Pages of this server only: its exact origins when it listens on a specific address (which
    // also refuses DNS rebinding), else the same-host check the starter itself falls back to.
    allowedOrigins: (origin: string, req: IncomingMessage) => {
      if (extraOrigins.has(origin)) return true;
      const own = ownOrigins();
      if (own !== undefined) return own.has(origin);
      const host = req.headers.host;
      return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    },
  });

  return {
    starter,
    demos: ['chat'],
    prefix: '/demos/chat',
    streamOf: () => undefined,
    handleRequest(req, res, path) {
      // Only the endpoint itself answers plain HTTP (426); the starter's page is not served here.
      if (path === '/ws') {
        starter.handleRequest(req, res);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    },
    handleUpgrade(req, socket, head) {
      starter.handleUpgrade(req, socket, head);
    },
    // With redisUrl: connects to Redis (rejects with the starter's BusUnavailableError if it cannot).
    async start() {
      await starter.chat.open();
    },
    healthy: () => starter.chat.healthy(),
    async stop() {
      await starter.chat.close();
    },
  };
}
