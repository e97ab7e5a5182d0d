import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addressKey } from '../../../templates/sse/src/address-key.js';
import { createPriceSource, type PriceSource, type Quote } from '../../../templates/grpc/src/price-source.js';
import { createGateway, type Gateway } from '../../../templates/grpc-web/src/web/gateway.js';
import { createServer as createSseServer, type SseServer } from '../../../templates/sse/src/server.js';
import { createServer as createChatServer, type ChatServer } from '../../../templates/websocket/src/server.js';
import { readBody, refuseTooLarge } from '../body-limits.js';
import { sendDemoError, sendJson } from '../demo-error.js';
import type { DemoLimits } from '../limits.js';
import type { DemoMount } from '../mount.js';

/** The race's own limits: how fast and how big a reader may make their feed, and its largest request body. */
export const RACE_LIMITS = { maxRate: 50, maxSymbols: 20, maxBodyBytes: 1024 } as const;
/**
 * How often idle sessions are looked at: each paused one is ended once idle for raceIdleMs, or
 * woken when a WebSocket reader has joined its room since (the chat tells us only by a publish).
 */
const SWEEP_MS = 500;
/** The wake-up probe's sender: pages read only messages `from: "race"`, so they ignore it. */
const PROBE_FROM = 'race-probe';
const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'META', 'TSLA', 'ORCL', 'IBM', 'INTC', 'AMD', 'CSCO', 'ADBE', 'CRM', 'NFLX', 'PYPL', 'QCOM', 'TXN', 'AVGO', 'SAP'];
/** gRPC's PriceUpdate has no sequence number: each tick's first update is this symbol, its price the tick's number. */
export const SEQ_SYMBOL = 'SEQ';
const SESSION_PATTERN = /^[a-f0-9]{32}$/;

interface Tick {
  seq: number;
  /** Milliseconds since the epoch when it was published, the same on all three transports. */
  at: number;
  quotes: { symbol: string; price: number }[];
}

interface Session {
  id: string;
  rate: number;
  symbols: number;
  seq: number;
  timer: NodeJS.Timeout | undefined;
  sse: SseServer;
  gateway: Gateway;
  /** The gRPC-Web streams' queues: each gets every update of every tick. */
  watchers: Set<(quotes: Quote[]) => void>;
  /** The address that made it: racesPerIp counts sessions by it. */
  owner: string;
  /** Open SSE and gRPC-Web streams of this session (the chat counts its WebSocket readers). */
  open: number;
  /** WebSocket readers in the session's room at the last tick or probe. */
  wsReaders: number;
  /**
   * When the feed stopped for lack of any reader (timer undefined); a session idle for
   * raceIdleMs ends. Only readers move it: requests that are not a subscription (a 404, a
   * settings change) do not keep a session alive.
   */
  idleSince: number;
}

export interface RaceMountOptions {
  limits: DemoLimits;
  /** Unexpected errors while answering. Default console.error. */
  onError?: (error: unknown) => void;
  ownOrigins: () => ReadonlySet<string> | undefined;
  extraOrigins?: ReadonlySet<string>;
}

/**
 * The race: one price feed per reader's session, each tick published at the same moment (one
 * synchronous function, one `at`) over the three starters: the websocket starter's chat (a room
 * per session, `chat.publish`), the sse starter's hub (an instance per session, `publish`) and
 * the grpc-web starter's gateway (an instance per session, StreamPrices over a push PriceSource).
 * The reader sets the rate (ticks per second) and the payload (prices per tick).
 */
export function createRaceMount({ limits, ownOrigins, extraOrigins = new Set(), onError = console.error }: RaceMountOptions): DemoMount {
  const market = createPriceSource({ seed: 7, stepMs: 20 });
  const sessions = new Map<string, Session>();
  const room = (session: Session): string => `race-${session.id}`;
  const maxSessions = Math.max(1, Math.floor(limits.totalClients / 3));
  const chat: ChatServer = createChatServer({
    wsPath: '/demos/race/ws',
    maxClients: limits.totalClients,
    maxPayload: 1024,
    maxRoomsPerClient: 1,
    // Readers only join; their own messages are not part of the race.
    messageRate: 2,
    messageBurst: 4,
    maxBufferedBytes: 1024 * 1024,
    allowedOrigins: (origin: string, req: IncomingMessage) => {
      if (extraOrigins.has(origin)) return true;
      const own = ownOrigins();
      if (own !== undefined) return own.has(origin);
      const host = req.headers.host;
      return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    },
  });
  let sweeper: NodeJS.Timeout | undefined;

  function fail(res: ServerResponse) {
    return (error: unknown): void => {
      onError(error);
      sendDemoError(res, 500, { code: 'internal_error', message: 'internal error' });
    };
  }

  function tick(session: Session): void {
    session.seq += 1;
    const at = Date.now();
    const quotes = SYMBOLS.slice(0, session.symbols).map((symbol) => ({ symbol, price: market.quote(symbol).price }));
    const payload: Tick = { seq: session.seq, at, quotes };
    // The same moment for all three: one function, no await between the publishes.
    session.wsReaders = chat.chat.publish(room(session), JSON.stringify(payload), 'race');
    session.sse.publish('tick', payload);
    const updates: Quote[] = [{ symbol: SEQ_SYMBOL, price: session.seq, timestamp: at }, ...quotes.map((q) => ({ ...q, timestamp: at }))];
    for (const watcher of session.watchers) watcher(updates);
    // Nobody on any transport: the feed stops (no timer, no publishing, no memory growing)
    // until a reader comes back, and the session ends if none does within raceIdleMs.
    if (session.open === 0 && session.wsReaders === 0) pause(session);
  }

  function schedule(session: Session): void {
    clearInterval(session.timer);
    session.timer = setInterval(() => tick(session), Math.round(1000 / session.rate));
    session.timer.unref();
  }

  function pause(session: Session): void {
    clearInterval(session.timer);
    session.timer = undefined;
    session.idleSince = Date.now();
  }

  /** Whether anyone reads the session now: an open SSE or gRPC-Web stream, or a WebSocket in its room (counted by a probe pages ignore). */
  function hasReaders(session: Session): boolean {
    if (session.open > 0) return true;
    session.wsReaders = chat.chat.publish(room(session), '', PROBE_FROM);
    return session.wsReaders > 0;
  }

  function resume(session: Session): void {
    if (session.timer === undefined && sessions.has(session.id)) schedule(session);
  }

  /** A push PriceSource for one session: each StreamPrices call gets its own bounded queue. */
  function sessionSource(session: Session): PriceSource {
    return {
      quote: (symbol) => market.quote(symbol),
      watch(_symbols, signal) {
        return {
          async *[Symbol.asyncIterator]() {
            const queue: Quote[] = [];
            let wake: (() => void) | undefined;
            const watcher = (quotes: Quote[]): void => {
              queue.push(...quotes);
              // A client that stops reading loses the oldest updates (its gaps counter shows it), not our memory.
              if (queue.length > 2_000) queue.splice(0, queue.length - 2_000);
              wake?.();
            };
            const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
            session.watchers.add(watcher);
            try {
              while (!signal.aborted) {
                const next = queue.shift();
                if (next !== undefined) {
                  yield next;
                  continue;
                }
                await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
                wake = undefined;
              }
            } finally {
              session.watchers.delete(watcher);
            }
          },
        };
      },
    };
  }

  function createSession(owner: string): Session {
    const id = randomBytes(16).toString('hex');
    const session: Session = {
      id,
      owner,
      rate: 10,
      symbols: 1,
      seq: 0,
      timer: undefined,
      sse: createSseServer({
        basePath: `/demos/race/${id}/sse`,
        feedIntervalMs: 0,
        keepAliveMs: 15_000,
        retryMs: 500,
        replayBuffer: 500,
        maxSubscribers: 4,
        maxChatStreams: 1,
        maxBodyBytes: 1024,
      }),
      gateway: undefined as unknown as Gateway,
      watchers: new Set(),
      open: 0,
      wsReaders: 0,
      idleSince: Date.now(),
    };
    session.gateway = createGateway({ prices: sessionSource(session), staticDirs: [], limits: { maxSymbols: 1 + RACE_LIMITS.maxSymbols }, shutdownGraceMs: 500 });
    session.sse.open();
    sessions.set(id, session);
    // Paused until its first reader: a session nobody reads never ticks.
    return session;
  }

  async function endSession(session: Session): Promise<void> {
    sessions.delete(session.id);
    clearInterval(session.timer);
    await Promise.allSettled([session.sse.close(), session.gateway.stop()]);
  }

  async function readSettings(req: IncomingMessage, res: ServerResponse, session: Session): Promise<void> {
    const read = await readBody(req, RACE_LIMITS.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too_large') refuseTooLarge(req, res, RACE_LIMITS.maxBodyBytes, 'raceBodyBytes');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(read.body.toString('utf8'));
    } catch {
      return sendDemoError(res, 400, { code: 'bad_request', message: 'the body must be JSON: {"rate": n, "symbols": n}' });
    }
    const { rate, symbols } = (value ?? {}) as { rate?: unknown; symbols?: unknown };
    if (!Number.isInteger(rate) || (rate as number) < 1 || (rate as number) > RACE_LIMITS.maxRate) {
      return sendDemoError(res, 400, { code: 'demo_limit', limit: 'raceRate', message: `rate must be 1 to ${RACE_LIMITS.maxRate} ticks per second` });
    }
    if (!Number.isInteger(symbols) || (symbols as number) < 1 || (symbols as number) > RACE_LIMITS.maxSymbols) {
      return sendDemoError(res, 400, { code: 'demo_limit', limit: 'raceSymbols', message: `symbols must be 1 to ${RACE_LIMITS.maxSymbols} prices per tick` });
    }
    session.rate = rate as number;
    session.symbols = symbols as number;
    if (session.timer !== undefined) schedule(session);
    sendJson(res, 200, { session: session.id, rate: session.rate, symbols: session.symbols });
  }

  /** POST /sessions: at most racesPerIp per address (its longest-idle one makes way), maxSessions in all. */
  async function newSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // It takes no body; one is read (capped) so that a large one is refused, not drained.
    const read = await readBody(req, RACE_LIMITS.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too_large') refuseTooLarge(req, res, RACE_LIMITS.maxBodyBytes, 'raceBodyBytes');
      return;
    }
    const owner = addressKey(req.socket.remoteAddress);
    const mine = [...sessions.values()].filter((session) => session.owner === owner);
    if (mine.length >= limits.racesPerIp) {
      // A reader that left (a reload) is only noticed at its session's next tick, up to a second
      // at rate 1: until then the session looks read, and the reload got a 429. Look now.
      for (const session of mine) if (session.timer !== undefined && !hasReaders(session)) pause(session);
      // A reload leaves its old session idle: the new one replaces it. Only races still read are kept.
      const idle = mine.filter((session) => session.timer === undefined).sort((a, b) => a.idleSince - b.idleSince)[0];
      if (idle === undefined) {
        return sendDemoError(
          res,
          429,
          { code: 'demo_limit', limit: 'racesPerIp', message: `at most ${limits.racesPerIp} race${limits.racesPerIp === 1 ? '' : 's'} at once per address; close a race tab and try again` },
          { 'Retry-After': '10' },
        );
      }
      await endSession(idle);
    }
    if (sessions.size >= maxSessions) {
      return sendDemoError(res, 503, { code: 'demo_limit', limit: 'raceSessions', message: `at most ${maxSessions} races at once; try again in a minute` }, { 'Retry-After': '30' });
    }
    const session = createSession(owner);
    sendJson(res, 201, {
      session: session.id,
      rate: session.rate,
      symbols: session.symbols,
      limits: { maxRate: RACE_LIMITS.maxRate, maxSymbols: RACE_LIMITS.maxSymbols, idleSessionMs: limits.raceIdleMs },
      room: room(session),
      seqSymbol: SEQ_SYMBOL,
    });
  }

  function sessionOf(path: string): { session: Session | undefined; rest: string } {
    const match = /^\/([^/]+)(\/.*)?$/.exec(path);
    const id = match?.[1] ?? '';
    return { session: SESSION_PATTERN.test(id) ? sessions.get(id) : undefined, rest: match?.[2] ?? '/' };
  }

  /** An SSE or gRPC-Web reader: the feed runs while it is open (the next tick after the last one closes pauses it). */
  function track(session: Session, res: ServerResponse): void {
    session.open += 1;
    resume(session);
    res.once('close', () => {
      session.open -= 1;
    });
  }

  return {
    demos: ['race'],
    prefix: '/demos/race',
    streamOf(req, path) {
      const { rest } = sessionOf(path);
      if (req.method === 'GET' && rest === '/sse/events') return 'race';
      if (req.method === 'POST' && rest === '/grpc/stock.v1.StockService/StreamPrices') return 'race';
      return undefined;
    },
    handleRequest(req, res, path) {
      if (path === '/sessions') {
        if (req.method !== 'POST') return sendDemoError(res, 405, { code: 'method_not_allowed', message: 'POST only' }, { Allow: 'POST' });
        void newSession(req, res).catch(fail(res));
        return;
      }
      const { session, rest } = sessionOf(path);
      if (session === undefined) {
        const idle = Math.round(limits.raceIdleMs / 1000);
        return sendDemoError(res, 404, { code: 'not_found', message: `no such race session (one ends ${idle} s after its last reader); start a new one` });
      }
      if (rest === '/settings' && req.method === 'POST') {
        void readSettings(req, res, session).catch(fail(res));
        return;
      }
      if (rest.startsWith('/sse/')) {
        track(session, res);
        if (!session.sse.handleRequest(req, res)) sendDemoError(res, 404, { code: 'not_found', message: 'not found' });
        return;
      }
      if (rest.startsWith('/grpc/')) {
        track(session, res);
        const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        req.url = `${rest.slice('/grpc'.length)}${query}`;
        session.gateway.handler(req, res);
        return;
      }
      if (rest === '/ws') {
        chat.handleRequest(req, res);
        return;
      }
      sendDemoError(res, 404, { code: 'not_found', message: 'not found' });
    },
    handleUpgrade(req, socket, head) {
      chat.handleUpgrade(req, socket, head);
    },
    async start() {
      sweeper = setInterval(() => {
        const now = Date.now();
        for (const session of sessions.values()) {
          if (session.timer !== undefined) continue;
          if (now - session.idleSince > limits.raceIdleMs) {
            void endSession(session);
            continue;
          }
          // The chat has no "someone joined" hook: a probe (ignored by pages) counts the room.
          const readers = chat.chat.publish(room(session), '', PROBE_FROM);
          if (readers > 0) {
            session.wsReaders = readers;
            resume(session);
          }
        }
      }, SWEEP_MS);
      sweeper.unref();
    },
    async stop() {
      clearInterval(sweeper);
      await Promise.allSettled([...sessions.values()].map(endSession));
      await chat.chat.close();
    },
  };
}
