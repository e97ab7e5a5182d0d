import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData, type ServerOptions as WsServerOptions } from 'ws';
import { readToken, tokenMatches } from './auth.js';
import { createBroadcaster } from './broadcast.js';
import { identify } from './identity.js';
import { type ChatOptions, resolveChatOptions } from './options.js';
import { createOriginCheck, type OriginPolicy } from './origin.js';
import { type ErrorCode, isRoomName, parseClientMessage, type ServerMessage } from './protocol.js';
import { takeToken, type TokenBucket, type TokenRate } from './rate-limit.js';
import { type BusEvents, decodeEnvelope, encodeEnvelope, type RoomBus } from './room-bus.js';
import { rejectUpgrade } from './upgrade-response.js';

/**
 * How long close() waits, with Redis, for this instance's last events to come back (a round
 * trip to Redis; the bound is for one that hangs before the watchdog says so).
 */
export const SETTLE_MS = 1_000;

/** Close codes this server sends (RFC 6455 §7.4.1). 1009 is sent by ws itself for maxPayload. */
export const CLOSE_CODES = { GOING_AWAY: 1001, MESSAGE_TOO_BIG: 1009, TRY_AGAIN_LATER: 1013 } as const;

export interface ChatStats {
  /** Connections that completed the handshake and have not closed yet. */
  clients: number;
  /** Rooms with at least one member. */
  rooms: number;
  /** Messages queued to clients (fan-out deliveries, replies and errors). */
  deliveries: number;
  /** Connections closed with 1013 for going over maxBufferedBytes. */
  slowClosed: number;
  /** Connections terminated for not answering a heartbeat ping. */
  heartbeatTerminated: number;
  /** Room events that reached this instance through Redis (0 without redisUrl). */
  busReceived: number;
}

export interface Chat {
  /**
   * Checks an upgrade request (capacity, Origin, token, name) and completes the WebSocket
   * handshake or answers 400/401/403/503. The caller decides the path; mount it with
   * `httpServer.on('upgrade', ...)` for the requests that belong to the chat.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * With redisUrl: connects to Redis, rejecting with BusUnavailableError (code
   * REDIS_UNAVAILABLE) if it cannot. Without: resolves at once. createServer().start() calls it;
   * a host that mounts handleUpgrade itself calls it before accepting connections.
   */
  open(): Promise<void>;
  /** False while Redis is unreachable (GET /healthz answers 503); always true without redisUrl. */
  healthy(): boolean;
  /** Refuses new upgrades, closes every client with 1001 and resolves when all are closed. */
  close(): Promise<void>;
  stats(): ChatStats;
  /**
   * Sends a chat message from the server itself (`from`, default "server") to everyone in
   * `room`, serialised and framed once like any broadcast: for feeds and notices that start on
   * the server. Returns how many connections it was queued for. With redisUrl it goes through
   * Redis to every instance like any chat message and returns 0: delivery happens on receipt.
   * Once close() has begun it publishes nothing and returns 0 (with redisUrl, close() waits only
   * for what was published before it). Throws a RangeError for a name a client could not join
   * (see isRoomName).
   */
  publish(room: string, text: string, from?: string): number;
}

export type CreateChatOptions = Partial<Omit<ChatOptions, 'allowedOrigins'>> & {
  allowedOrigins?: OriginPolicy | undefined;
  /** Told when the Redis connection is lost and when it is back (main.ts logs it). */
  onRedisStatus?: BusEvents['onStatus'];
};

/** See the maxFragments option below. */
export const MAX_FRAGMENTS = 1024;

/** The 'error' listener of every connection (see onConnection): one function, not one per connection. */
function ignoreError(): void {}

/** The rooms of a connection in none: shared, never changed (a connection's list is replaced, not edited). */
const NO_ROOMS: readonly string[] = Object.freeze([]);

const HEARTBEAT_TEXT = JSON.stringify({ type: 'heartbeat' } satisfies ServerMessage);

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

export function createChat(options: CreateChatOptions = {}): Chat {
  const { allowedOrigins, onRedisStatus, ...rest } = options;
  const config = resolveChatOptions(rest);
  const originAllowed = createOriginCheck(allowedOrigins);

  // The article tracked clients in a Map keyed by user id: a second tab of the same user
  // overwrote the first, and the first tab's 'close' then deleted the second one. A set of
  // sockets keeps one entry per connection. Rooms hold sockets so fan-out needs no lookup.
  const clients = new Set<ChatSocket>();
  const rooms = new Map<string, Set<ChatSocket>>();
  const rate: TokenRate = { ratePerSecond: config.messageRate, burst: config.messageBurst };
  const counters = { deliveries: 0, slowClosed: 0, heartbeatTerminated: 0, busReceived: 0 };
  let nextClientId = 1;
  // Scale-out (REDIS_URL). Room events are published to Redis and delivered to local members
  // only when Redis hands them back, the sender's own instance included. So every instance
  // delivers a room's events in the one order Redis gave them, the sender's copy (its
  // acknowledgement) means Redis accepted the message, and nothing is delivered twice: there
  // is no local shortcut to deduplicate against. The price is one round trip to Redis.
  const instance = randomUUID();
  const byId = new Map<number, ChatSocket>();
  let bus: RoomBus | undefined;
  let opening: Promise<void> | undefined;
  /** SUBSCRIBE in flight or done, per room with local members: joins wait on it before 'joined'. */
  const subscriptions = new Map<string, Promise<void>>();
  let closing = false;
  let heartbeat: NodeJS.Timeout | undefined;

  // A connection and what the chat keeps about it, in one object: ws creates it (the
  // WebSocket option below), and its fields replace a record of its own, that record's entry
  // in a Map, a token bucket object, a Set of rooms and per-connection listener closures
  // (--memory counts each connection's bytes, issue 16).
  class ChatSocket extends WebSocket implements TokenBucket {
    /** Names the connection in bus envelopes, so its own instance can leave it out of a typing event. */
    id = 0;
    user = '';
    /** Replaced, never edited: joins and leaves are rare, and an exact-size array is the smallest set. */
    rooms: readonly string[] = NO_ROOMS;
    /** Its token bucket (rate-limit.ts), full until it first sends. */
    tokens = config.messageBurst;
    updatedAt = 0;
    /** Answered the last ping. */
    alive = true;
    /** Already told RATE_LIMITED for the current burst. */
    limited = false;
    /** Being closed by the server (1013); gets no more messages. */
    closing = false;

    // ws closes a connection itself, in the same tick in which it parsed the frames before:
    // on the peer's close frame (and on a protocol error). This tick's broadcasts are written at
    // its end (broadcast.ts), to members still open then, so a message the client sent just
    // before its close frame would reach the room but not the client (its acknowledgement)
    // unless they are written before ws's close frame. Every close, ws's own included, calls
    // close() on the connection, so the flush goes here.
    override close(code?: number, data?: string | Buffer): void {
      broadcaster.flush();
      super.close(code, data);
    }

    // A pong is recorded here, where ws emits it, rather than by a 'pong' listener: each event
    // name a socket listens to is an entry in its listener table, and a fourth name next to
    // 'error', 'message' and 'close' doubles the table (96 more bytes per connection). Any
    // 'pong' listener still gets the event.
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'pong') this.alive = true;
      return super.emit(event, ...args);
    }
  }

  const wsOptions: WsServerOptions<typeof ChatSocket> & { closeTimeout: number; maxFragments: number } = {
    WebSocket: ChatSocket,
    noServer: true,
    clientTracking: false,
    maxPayload: config.maxPayload,
    // Off by default: compression costs CPU and memory per connection, forces per-client
    // framing (see broadcast.ts) and has a history of compression-oracle attacks.
    perMessageDeflate: false,
    // How long ws waits for the peer's close frame before destroying the socket (its default: 30 s).
    closeTimeout: config.closeTimeoutMs,
    // Fragments one message may have; more close the connection with 1008. A flood of tiny
    // fragments costs memory per fragment far beyond its payload (CVE-2026-48779; ws >= 8.21.1
    // caps it at 16384 by default). Browsers never fragment what they send; 1024 leaves room
    // for clients that split a 64 KiB message into small pieces.
    maxFragments: MAX_FRAGMENTS,
  };
  const wss = new WebSocketServer<typeof ChatSocket>(wsOptions);

  const broadcaster = createBroadcaster({
    maxBufferedBytes: config.maxBufferedBytes,
    writeBatchMs: config.writeBatchMs,
    writeBatchAbove: config.writeBatchAbove,
    onOverflow(ws) {
      if (!(ws instanceof ChatSocket) || ws.closing) return;
      // Close instead of growing memory. The close frame queues behind what is already
      // buffered; if the peer never reads it, ws destroys the socket after closeTimeoutMs.
      ws.closing = true;
      counters.slowClosed += 1;
      leaveAll(ws);
      ws.close(CLOSE_CODES.TRY_AGAIN_LATER, 'too slow: send buffer full');
    },
  });

  function send(client: ChatSocket, message: ServerMessage): void {
    if (client.closing) return;
    if (broadcaster.sendTo(client, JSON.stringify(message))) counters.deliveries += 1;
  }

  function sendError(client: ChatSocket, code: ErrorCode, message: string): void {
    send(client, { type: 'error', code, message });
  }

  function toLocalMembers(room: string, json: string, except?: WebSocket): void {
    const members = rooms.get(room);
    if (members === undefined) return;
    counters.deliveries += broadcaster.broadcast(members, json, except);
  }

  /**
   * A room event, serialised once here. Without Redis it goes straight to the local members
   * (framed once in the broadcaster); with Redis that same text is the payload, and every
   * instance frames it once for its members on receipt. `sender` is left out (typing) and is
   * told UNAVAILABLE if Redis refuses the event.
   */
  function toRoom(room: string, message: ServerMessage, sender?: ChatSocket, excludeSender = false): void {
    const json = JSON.stringify(message);
    if (bus === undefined) return toLocalMembers(room, json, excludeSender ? sender : undefined);
    const unavailable = (why = 'the message bus (Redis) is unreachable'): void => {
      if (sender !== undefined && message.type === 'chat') sendError(sender, 'UNAVAILABLE', `${why}; message not sent, retry`);
    };
    // Refused at once while Redis is away: typing is dropped silently, a chat message is answered.
    if (!bus.ready()) return unavailable();
    // And once close() has begun: it waits only for the events published before it (settle).
    if (closing) return unavailable('the server is shutting down');
    const connection = excludeSender && sender !== undefined ? sender.id : 0;
    bus.publish(room, encodeEnvelope(instance, connection, json)).catch(() => unavailable());
  }

  function onBusEvent(room: string, payload: string): void {
    const envelope = decodeEnvelope(payload);
    if (envelope === undefined) return;
    counters.busReceived += 1;
    const except = envelope.instance === instance ? byId.get(envelope.connection) : undefined;
    toLocalMembers(room, envelope.json, except);
  }

  function leave(client: ChatSocket, room: string): void {
    const left = client.rooms.filter((name) => name !== room);
    client.rooms = left.length === 0 ? NO_ROOMS : left;
    const members = rooms.get(room);
    if (members === undefined) return;
    // This tick's broadcasts to the room are written when the tick ends, to its members then:
    // written now, they still reach the member who leaves, as they were sent before it left.
    broadcaster.flush();
    members.delete(client);
    // Empty rooms are dropped so the map is bounded by clients x maxRoomsPerClient.
    if (members.size > 0) return;
    rooms.delete(room);
    // The last local member gone: this instance stops receiving the room's events, once the
    // room's SUBSCRIBE has been answered. An UNSUBSCRIBE overtaking a SUBSCRIBE still in flight
    // (a member that joins and disconnects at once) could leave the room unsubscribed for a
    // member joining right after; by then the room may have members again, and stays.
    const subscribed = subscriptions.get(room);
    if (subscribed === undefined) return;
    subscriptions.delete(room);
    subscribed.then(
      () => {
        // Not while closing: close()'s settle marker may be on its way back on this room, and
        // the bus's close() drops every subscription anyway.
        if (!closing && !rooms.has(room) && !subscriptions.has(room)) bus?.unsubscribe(room);
      },
      () => {},
    );
  }

  /** Makes the client a member; with Redis, answers 'joined' once the room's SUBSCRIBE is confirmed. */
  function join(client: ChatSocket, room: string): void {
    client.rooms = [...client.rooms, room];
    let members = rooms.get(room);
    if (members === undefined) rooms.set(room, (members = new Set()));
    // A member who joins mid-tick must not get the room's events from before it joined.
    broadcaster.flush();
    members.add(client);
    if (bus === undefined) return send(client, { type: 'joined', room });

    let subscribed = subscriptions.get(room);
    if (subscribed === undefined) {
      subscribed = bus.subscribe(room);
      subscriptions.set(room, subscribed);
    }
    const current = subscribed;
    current.then(
      () => {
        if (client.rooms.includes(room)) send(client, { type: 'joined', room });
      },
      () => {
        // Only the attempt that failed is forgotten: a later join tries again.
        if (subscriptions.get(room) === current) subscriptions.delete(room);
        if (!client.rooms.includes(room)) return;
        leave(client, room);
        sendError(client, 'UNAVAILABLE', 'the message bus (Redis) is unreachable; join again later');
      },
    );
  }

  function leaveAll(client: ChatSocket): void {
    // leave() replaces client.rooms: this goes through the list as it was.
    for (const room of client.rooms) leave(client, room);
  }

  function onMessage(client: ChatSocket, data: RawData, isBinary: boolean): void {
    if (client.closing) return;
    if (!takeToken(client, rate, Date.now())) {
      if (!client.limited) {
        client.limited = true;
        sendError(client, 'RATE_LIMITED', `at most ${config.messageRate} messages per second`);
      }
      return;
    }
    client.limited = false;

    const parsed = parseClientMessage(toBuffer(data), isBinary, config);
    if (!parsed.ok) {
      sendError(client, parsed.code, parsed.message);
      return;
    }
    const message = parsed.message;
    const { room } = message;
    const member = client.rooms.includes(room);

    if (message.type === 'join') {
      if (!member) {
        if (client.rooms.length >= config.maxRoomsPerClient) {
          sendError(client, 'ROOM_LIMIT', `at most ${config.maxRoomsPerClient} rooms per connection`);
          return;
        }
        join(client, room);
        return;
      }
      send(client, { type: 'joined', room });
      return;
    }

    if (!member) {
      sendError(client, 'NOT_IN_ROOM', `not in room ${room}; join it first`);
      return;
    }

    switch (message.type) {
      case 'leave':
        leave(client, room);
        send(client, { type: 'left', room });
        return;
      case 'chat': {
        // The sender is included: its copy, carrying its own message id, is the acknowledgement
        // that the message was accepted and ordered. One serialisation for the whole room.
        const chat: ServerMessage = { type: 'chat', room, from: client.user, text: message.text, timestamp: Date.now() };
        if (message.id !== undefined) chat.id = message.id;
        toRoom(room, chat, client);
        return;
      }
      case 'typing':
        toRoom(room, { type: 'typing', room, user: client.user }, client, true);
        return;
    }
  }

  // The listeners of every connection: one function each for all of them (`this` is the
  // connection), not closures made per connection. ws types `this` as a WebSocket; every
  // connection of this server is a ChatSocket (the WebSocket option above).
  function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    onMessage(this as ChatSocket, data, isBinary);
  }

  function onSocketClose(this: WebSocket): void {
    const client = this as ChatSocket;
    // The article never removed closed sockets from its rooms: they leaked, and every
    // broadcast kept iterating over them.
    leaveAll(client);
    clients.delete(client);
    byId.delete(client.id);
    if (clients.size === 0) stopHeartbeat();
  }

  function onConnection(client: ChatSocket, user: string): void {
    client.id = nextClientId++;
    client.user = user;
    clients.add(client);
    if (bus !== undefined) byId.set(client.id, client);
    startHeartbeat();

    // ws reports protocol errors (oversized message, invalid UTF-8, bad frame) here after it
    // has already closed the connection with the right code (1009, 1007, 1002); the 'close'
    // handler does the cleanup. Without a listener the error would crash the process.
    // Pongs are recorded by ChatSocket.emit.
    client.on('error', ignoreError);
    client.on('message', onSocketMessage);
    client.on('close', onSocketClose);

    send(client, { type: 'welcome', user, heartbeatMs: config.heartbeatMs });
  }

  // The article's heartbeat, with its flaws fixed: liveness is a declared field of our own
  // socket class (ChatSocket.alive) instead of an untyped `ws.isAlive` patched onto the socket, and the interval runs only while there are
  // clients and is cleared on close (the article's setInterval kept the process alive forever
  // and made graceful shutdown impossible).
  //
  // Browsers answer pings but never show them to the page, so a page cannot tell a dead
  // connection (a NAT mapping that expired, a laptop that slept) from a quiet room: its
  // send() goes on "succeeding" into the void. Each tick therefore also sends every live
  // client a heartbeat message (serialised and framed once for all); the page's watchdog
  // (public/connection.js) treats two missed intervals as a dead connection and reconnects.
  function startHeartbeat(): void {
    if (heartbeat !== undefined) return;
    heartbeat = setInterval(() => {
      const alive: WebSocket[] = [];
      for (const client of clients) {
        if (!client.alive) {
          counters.heartbeatTerminated += 1;
          client.terminate();
          continue;
        }
        client.alive = false;
        client.ping();
        if (!client.closing) alive.push(client);
      }
      broadcaster.broadcast(alive, HEARTBEAT_TEXT);
    }, config.heartbeatMs);
    heartbeat.unref();
  }

  function stopHeartbeat(): void {
    clearInterval(heartbeat);
    heartbeat = undefined;
  }

  function healthy(): boolean {
    return config.redisUrl === undefined || (bus !== undefined && bus.ready());
  }

  function destroyOnError(this: Duplex): void {
    this.destroy();
  }

  return {
    handleUpgrade(req, socket, head) {
      // Node removes its own error listener from upgraded sockets; until ws adds one, a reset
      // connection would otherwise throw an unhandled 'error'.
      socket.on('error', destroyOnError);
      if (closing) return rejectUpgrade(socket, 503, 'server is shutting down');
      if (clients.size >= config.maxClients) return rejectUpgrade(socket, 503, 'too many connections');
      // Lost Redis: a client here could not reach the other instances' members. A 503 lets the
      // balancer try another instance (nginx: proxy_next_upstream http_503) or the page retry.
      if (!healthy()) return rejectUpgrade(socket, 503, 'redis unavailable');
      if (!originAllowed(req.headers.origin, req)) return rejectUpgrade(socket, 403, 'origin not allowed');
      if (config.authToken !== undefined && !tokenMatches(readToken(req), config.authToken)) {
        return rejectUpgrade(socket, 401, 'missing or invalid token', { 'WWW-Authenticate': 'Bearer' });
      }
      const identity = identify(req);
      if (!identity.ok) return rejectUpgrade(socket, 400, identity.message);

      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.removeListener('error', destroyOnError);
        // A peer that half-closes (FIN, no close frame) can still read, but ws marks it CLOSING
        // on 'end' without calling close(): broadcasts held for the write window (broadcast.ts)
        // would skip it. Prepended, this flush runs before ws's own 'end' listener.
        socket.prependListener('end', broadcaster.flush);
        onConnection(ws, identity.user);
      });
    },

    open() {
      if (config.redisUrl === undefined) return Promise.resolve();
      const url = config.redisUrl;
      opening ??= (async () => {
        // Loaded here, not at the top: without REDIS_URL the Redis client is never loaded.
        const { connectRedisBus } = await import('./redis-bus.js');
        bus = await connectRedisBus(url, onBusEvent, { onStatus: onRedisStatus });
      })();
      return opening;
    },

    healthy,

    async close() {
      closing = true;
      stopHeartbeat();
      // With Redis, an event reaches this instance's members only when Redis hands it back, and
      // what this instance published in the last moments was still on its way (review: its own
      // members got 1001 in place of the last 50 events, and a sender its close where its
      // acknowledgement should have been, so a retry sent the message twice to everyone else).
      // Wait (bounded) until those events are back; what arrives after close() began is refused.
      if (bus !== undefined) await bus.settle(SETTLE_MS);
      // What was published in this tick goes out before the close frames.
      broadcaster.flush();
      const open = [...clients];
      const closed = open.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
      for (const ws of open) ws.close(CLOSE_CODES.GOING_AWAY, 'server shutting down');
      // ws destroys sockets that miss the close handshake after closeTimeoutMs; terminate()
      // slightly later is a second line of defence so close() always settles.
      const timer = setTimeout(() => open.forEach((ws) => ws.terminate()), config.closeTimeoutMs + 100);
      await Promise.all(closed);
      clearTimeout(timer);
      wss.close();
      await opening?.catch(() => {});
      await bus?.close();
    },

    stats() {
      return { clients: clients.size, rooms: rooms.size, ...counters };
    },

    publish(room, text, from = 'server') {
      // The same names clients may join, and no other: with Redis a name is part of a channel.
      if (!isRoomName(room)) throw new RangeError(`not a room name (letters, digits, "_", "-", "."): ${JSON.stringify(room)}`);
      const before = counters.deliveries;
      toRoom(room, { type: 'chat', room, from, text, timestamp: Date.now() });
      return counters.deliveries - before;
    },
  };
}
