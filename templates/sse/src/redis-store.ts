import { StoreUnavailableError } from './errors.js';
import { RedisMirror } from './redis-mirror.js';
import { parseStreamId, STREAM_START, type StreamPosition } from './redis-stream-id.js';
import { DATA_FIELD, EVENT_FIELD, parseEntries, parseXReadEntries, type StreamEntry } from './redis-stream-reply.js';

export interface RedisStoreOptions {
  /** redis:// or rediss:// URL (REDIS_URL). */
  url: string;
  /** The stream's key. Every instance behind one load balancer must use the same one. */
  streamKey: string;
  /** XADD MAXLEN ~ this: how many events stay replayable (REPLAY_BUFFER, as in memory mode). */
  maxLen: number;
  /** How long a command may take before its caller is told Redis is unavailable. */
  commandTimeoutMs: number;
  /** Expected trouble worth one line (Redis lost, Redis back). */
  log: (line: string) => void;
}

/** What a read after a position found, in one atomic look at the stream. */
export interface StreamWindow {
  /** The oldest entry the stream still holds, if any. */
  readonly first: StreamPosition | undefined;
  /** The newest entry, if any. */
  readonly last: StreamPosition | undefined;
  /** Up to `count` entries after the position, oldest first. */
  readonly entries: readonly StreamEntry[];
  /** Whether the stream holds an entry at the position itself. */
  readonly holds: boolean;
}

/** The subset of a node-redis client this file uses (the package is imported lazily). */
interface Connection {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error' | 'ready', listener: (error?: Error) => void): unknown;
  sendCommand<T = unknown>(args: readonly string[], options?: { timeout?: number }): Promise<T>;
}

// One atomic look: first entry, last entry and the entries after ARGV[1] (exclusive), at most
// ARGV[2] of them and, past the first, no more than ARGV[3] bytes of field values. Separate
// commands could see the stream trimmed in between and miss entries without noticing. The byte
// budget bounds what a client behind the local buffer holds while its socket is full.
const READ_AFTER_SCRIPT = `local after = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
local budget = tonumber(ARGV[3])
local used = 0
local slice = {}
for i, entry in ipairs(after) do
  local size = 0
  for _, value in ipairs(entry[2]) do size = size + #value end
  if i > 1 and used + size > budget then break end
  used = used + size
  slice[i] = entry
end
return {
  redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1),
  redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1),
  slice,
  redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
}`;

// XADD for each (event, data) pair in ARGV after the MAXLEN: one script runs atomically, so a
// batch is stored whole and in order, or not at all.
const PUBLISH_SCRIPT = `local ids = {}
for i = 2, #ARGV, 2 do
  ids[#ids + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '${EVENT_FIELD}', ARGV[i], '${DATA_FIELD}', ARGV[i + 1])
end
return ids`;

// PUBLISH_SCRIPT once per Idempotency-Key, atomically: KEYS[2] holds "<fingerprint> <id> ..."
// for ARGV[3] ms after the first run. A key already there answers {0, that value} and stores
// nothing, so a retry (to this instance or another, before or after the first request's script
// has run) never appends the events twice. ARGV: MAXLEN, fingerprint, TTL, then (event, data) pairs.
const PUBLISH_ONCE_SCRIPT = `local stored = redis.call('GET', KEYS[2])
if stored then return {0, stored} end
local ids = {}
for i = 4, #ARGV, 2 do
  ids[#ids + 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '${EVENT_FIELD}', ARGV[i], '${DATA_FIELD}', ARGV[i + 1])
end
redis.call('SET', KEYS[2], ARGV[2] .. ' ' .. table.concat(ids, ' '), 'PX', ARGV[3])
return {1, ids}`;

// The reader's read while it is behind: whether the stream still holds ARGV[1] (the last entry
// read) and up to ARGV[2] entries after it, in one atomic look. XREAD alone cannot tell a
// contiguous reply from one that starts past entries MAXLEN trimmed while this instance was not
// reading (a stopped or starved process, a stalled network): it answers from the oldest left.
const READ_NEXT_SCRIPT = `return {
  #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]),
  redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
}`;

/** How long the reader's XREAD blocks before asking again (it returns at once when entries arrive). */
const BLOCK_MS = 5000;
/** Entries per XREAD: a burst is taken in slices, each one frame-encoded once. */
const READ_BATCH = 1000;

/**
 * The Redis side of Redis mode: a Redis Stream as the shared, ordered log of events.
 * - publish() is XADD with MAXLEN ~, so Redis assigns the id every instance agrees on.
 * - One reader per instance (XREAD BLOCK on its own connection: a blocked connection can do
 *   nothing else) fills the local mirror that all local subscribers read from.
 * - readAfter() serves clients that resume from older than the mirror, bounded per call.
 * node-redis reconnects both connections with backoff; while one is down healthy is false
 * (/healthz answers 503) and commands fail at once (no offline queue), so a publish that Redis
 * did not accept is refused to its publisher, never queued in memory and reported as done.
 */
export class RedisStore {
  private readonly options: RedisStoreOptions;
  private client: (Connection & { duplicate(): Connection }) | undefined;
  private reader: Connection | undefined;
  private mirrorInstance: RedisMirror | undefined;
  private connecting: Promise<void> | undefined;
  private started = false;
  private closed = false;
  private lost = false;
  /** The last PING answered in time: a Redis that hangs (paused, swapping) keeps its sockets open. */
  private answering = true;
  private pingTimer: NodeJS.Timeout | undefined;
  /** PINGs in a row that got no answer at all on the command connection. */
  private unanswered = 0;
  /**
   * The newest id Redis gave an event this instance published. After a lost connection it is
   * checked as well as the reader's last id: the reader may not have read it yet, and a Redis
   * that came back from an older snapshot holds the reader's last id but not this one.
   */
  private newestPublished: StreamPosition | undefined;
  /** node-redis's class for an error reply (OOM, READONLY, NOPERM...): Redis up, but refusing. */
  private errorReply: (abstract new (...args: never[]) => Error) | undefined;
  /** A refused write was logged and no write has been accepted since. */
  private refusing = false;

  constructor(
    options: RedisStoreOptions,
    private readonly mirrorSize: number,
    private readonly mirrorBytes = Number.POSITIVE_INFINITY,
  ) {
    this.options = options;
  }

  /** The local tail of the stream; only after connect() has resolved. */
  get mirror(): RedisMirror {
    if (this.mirrorInstance === undefined) throw new Error('Redis mode: call connect() first (start() does)');
    return this.mirrorInstance;
  }

  get connected(): boolean {
    return this.mirrorInstance !== undefined;
  }

  /** Both connections up and Redis answering: what /healthz reports. */
  get healthy(): boolean {
    return !this.closed && this.answering && this.client?.isReady === true && this.reader?.isReady === true;
  }

  /**
   * Loads the client library, connects both connections and finds the stream's head; rejects
   * with a StoreUnavailableError when Redis cannot be reached (no retries at start: a
   * misconfigured URL should fail the deploy, not hang it).
   */
  connect(): Promise<void> {
    this.connecting ??= this.open().catch(async (error: unknown) => {
      await this.close();
      throw error instanceof StoreUnavailableError
        ? error
        : new StoreUnavailableError(`cannot reach Redis at ${redactUrl(this.options.url)}: ${messageOf(error)}`, { cause: error });
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    // Imported here, not at the top: without REDIS_URL the package is never loaded.
    let createClient: typeof import('redis').createClient;
    try {
      ({ createClient, ErrorReply: this.errorReply } = await import('redis'));
    } catch (error) {
      throw new StoreUnavailableError(`REDIS_URL is set but the redis package is missing (npm install redis): ${messageOf(error)}`);
    }
    const client = createClient({
      url: this.options.url,
      disableOfflineQueue: true,
      // node-redis 5 sends CLIENT SETINFO on connect and ignores any failure of it, a lost
      // connection included: a reconnect that reached a Redis (or a proxy in front of it) as it
      // went away was then called ready on a dead socket, PINGs unanswered for ever. Without it
      // the handshake waits only for what must succeed. (The websocket starter found it first.)
      disableClientInfo: true,
      socket: {
        connectTimeout: Math.max(1000, this.options.commandTimeoutMs),
        // At start, one failure is final (connect() rejects); once running, retry forever with
        // capped exponential backoff and jitter, so a fleet does not reconnect in lockstep.
        reconnectStrategy: (retries: number, cause: Error) =>
          this.started && !this.closed ? Math.min(50 * 2 ** Math.min(retries, 10), 2000) + Math.floor(Math.random() * 200) : cause,
      },
    }) as unknown as Connection & { duplicate(): Connection };
    this.client = client;
    this.reader = this.watch(client.duplicate());
    this.watch(client);
    await client.connect();
    await this.reader.connect();
    let newest: StreamEntry | undefined;
    try {
      [newest] = parseEntries(await client.sendCommand(['XREVRANGE', this.options.streamKey, '+', '-', 'COUNT', '1']));
    } catch (error) {
      // Reached, but the key is not a stream (WRONGTYPE) or the user may not read it (NOPERM).
      throw new StoreUnavailableError(`Redis at ${redactUrl(this.options.url)} cannot serve the stream ${this.options.streamKey}: ${messageOf(error)}`);
    }
    await this.checkEvictionPolicy(client);
    const head = newest ?? STREAM_START;
    this.mirrorInstance = new RedisMirror(this.mirrorSize, head, this.mirrorBytes);
    this.started = true;
    void this.readLoop(head.id);
    this.pingTimer = setInterval(() => this.ping(), Math.min(1000, this.options.commandTimeoutMs));
    this.pingTimer.unref();
  }

  /**
   * Redis mode needs maxmemory-policy noeviction: under volatile-* the Idempotency-Keys (they
   * have a TTL) are evicted first when memory runs short, and a retry then publishes twice;
   * under allkeys-* the stream itself can go. A warning, not a refusal: the policy may be set
   * with no maxmemory at all. Managed Redis often refuses CONFIG: then the README has to do.
   */
  private async checkEvictionPolicy(client: Connection): Promise<void> {
    let policy: string | undefined;
    try {
      const reply = await this.timed(client.sendCommand(['CONFIG', 'GET', 'maxmemory-policy']));
      if (Array.isArray(reply) && reply.length === 2) policy = String(reply[1]);
    } catch {
      return;
    }
    if (policy !== undefined && policy !== 'noeviction') {
      this.options.log(
        `Redis maxmemory-policy is ${policy}: set noeviction, or at maxmemory Redis evicts Idempotency-Keys (a retry publishes twice) or the stream itself`,
      );
    }
  }

  private watch(connection: Connection): Connection {
    connection.on('error', (error) => this.noteLost(error));
    connection.on('ready', () => this.noteBack());
    return connection;
  }

  /**
   * A reader command with a deadline. node-redis notices a closed socket, not a silent one: on a
   * half-open connection (a NAT or firewall that dropped its state, a load balancer's silent idle
   * cut, or a reply lost across a reconnect) the promise would never settle, and every local
   * subscriber would wait for ever behind a /healthz that says 200.
   */
  private readerCommand(args: readonly string[], ms: number): Promise<unknown> {
    const reader = this.reader!;
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => setImmediate(() => reject(new ReaderOverdueError(ms))), ms);
    });
    const command = reader.sendCommand(args);
    command.catch(() => {});
    return Promise.race([command, overdue]).finally(() => clearTimeout(timer));
  }

  /** Drops a reader connection that stopped answering and opens a fresh one (same options). */
  private async replaceReader(): Promise<void> {
    const stale = this.reader;
    const fresh = this.watch(this.client!.duplicate());
    this.reader = fresh;
    if (stale !== undefined) safeDestroy(stale);
    try {
      // While Redis is away this waits through node-redis's reconnect backoff; close() destroys it.
      await fresh.connect();
    } catch {
      // Closed meanwhile, or not reachable: the read loop retries with backoff.
    }
  }

  private ping(): void {
    const client = this.client;
    if (client === undefined || !client.isReady) return;
    this.timed(client.sendCommand(['PING'])).then(
      () => {
        this.unanswered = 0;
        this.answering = true;
        this.noteBack();
      },
      (error: unknown) => {
        if (this.closed || !client.isReady) return;
        this.answering = false;
        this.noteLost(new Error(`no answer to PING: ${messageOf(error)}`));
        if (!(error instanceof NoAnswerError)) return;
        // A connection that stopped answering may never answer again (a half-open socket waits
        // for the minutes TCP takes to give up): after two PINGs in a row, not one that a busy
        // process merely read late, it is dropped and made afresh with the same options.
        // node-redis rejects what waited on it (those publishes get 503).
        this.unanswered += 1;
        if (this.unanswered < 2) return;
        this.unanswered = 0;
        this.options.log('Redis command connection: no answer to two PINGs; replacing it');
        safeDestroy(client);
        client.connect().catch(() => {});
      },
    );
  }

  /** XADD; resolves with the id Redis gave the event, or rejects with a StoreUnavailableError. */
  async publish(event: string, json: string): Promise<string> {
    return (await this.publishMany([{ event, json }]))[0]!;
  }

  /** XADD for each event, atomically (one script), in order; resolves with their ids. */
  async publishMany(events: readonly { event: string; json: string }[]): Promise<string[]> {
    const client = this.client;
    if (client === undefined || this.closed || !client.isReady) throw new StoreUnavailableError('Redis is not connected');
    let ids: unknown;
    try {
      ids =
        events.length === 1
          ? [
              await this.timed(
                client.sendCommand(['XADD', this.options.streamKey, 'MAXLEN', '~', String(this.options.maxLen), '*', EVENT_FIELD, events[0]!.event, DATA_FIELD, events[0]!.json]),
              ),
            ]
          : await this.timed(
              client.sendCommand(['EVAL', PUBLISH_SCRIPT, '1', this.options.streamKey, String(this.options.maxLen), ...events.flatMap(({ event, json }) => [event, json])]),
            );
    } catch (error) {
      this.noteRefused(error);
      throw new StoreUnavailableError(`Redis did not accept the event${events.length === 1 ? '' : 's'}: ${messageOf(error)}`, { cause: error });
    }
    this.refusing = false;
    if (!Array.isArray(ids) || ids.length !== events.length) throw new TypeError('unexpected reply from Redis to XADD');
    const stored = ids.map(String);
    this.notePublished(stored);
    return stored;
  }

  /**
   * publishMany() once per Idempotency-Key (see PUBLISH_ONCE_SCRIPT): resolves with the ids
   * stored now, or with the ids and fingerprint stored by an earlier request with this key (then
   * nothing is stored). Rejects with a StoreUnavailableError as publishMany() does; the script
   * may still run after that, which is what the key is for: the retry is answered from it.
   */
  async publishOnce(
    events: readonly { event: string; json: string }[],
    claim: { key: string; fingerprint: string },
    ttlMs: number,
  ): Promise<{ ids: string[]; replayedFingerprint?: string }> {
    const client = this.client;
    if (client === undefined || this.closed || !client.isReady) throw new StoreUnavailableError('Redis is not connected');
    let reply: unknown;
    try {
      reply = await this.timed(
        client.sendCommand([
          'EVAL',
          PUBLISH_ONCE_SCRIPT,
          '2',
          this.options.streamKey,
          idempotencyKeyOf(this.options.streamKey, claim.key),
          String(this.options.maxLen),
          claim.fingerprint,
          String(ttlMs),
          ...events.flatMap(({ event, json }) => [event, json]),
        ]),
      );
    } catch (error) {
      this.noteRefused(error);
      throw new StoreUnavailableError(`Redis did not accept the event${events.length === 1 ? '' : 's'}: ${messageOf(error)}`, { cause: error });
    }
    this.refusing = false;
    if (!Array.isArray(reply) || reply.length !== 2) throw new TypeError('unexpected reply from Redis to the publish script');
    if (Number(reply[0]) === 1 && Array.isArray(reply[1]) && reply[1].length === events.length) {
      const ids = reply[1].map(String);
      this.notePublished(ids);
      return { ids };
    }
    const [fingerprint, ...ids] = String(reply[1]).split(' ');
    if (Number(reply[0]) !== 0 || fingerprint === undefined || ids.length === 0) throw new TypeError('unexpected reply from Redis to the publish script');
    return { ids, replayedFingerprint: fingerprint };
  }

  /**
   * A publish that Redis answered with an error: it is up (PING works, /healthz stays 200, reads
   * go on) but refuses writes: OOM at maxmemory under noeviction, READONLY from a replica after a
   * failover, MISCONF when snapshots fail. The publisher only sees 503; this line is what tells
   * the operator why. Once per streak, or a busy publisher would flood the log.
   */
  private noteRefused(error: unknown): void {
    if (this.errorReply === undefined || !(error instanceof this.errorReply) || this.refusing) return;
    this.refusing = true;
    this.options.log(`Redis refused a publish: ${messageOf(error)} (logged once until a publish is accepted again)`);
  }

  private notePublished(ids: readonly string[]): void {
    const newest = parseStreamId(ids.at(-1) ?? '');
    if (newest !== undefined && (this.newestPublished === undefined || newest.key > this.newestPublished.key)) this.newestPublished = newest;
  }

  /**
   * Up to `count` entries after `afterId`, and no more than `maxBytes` of their fields (but at
   * least one entry), with the stream's first and last entry, atomically.
   */
  async readAfter(afterId: string, count: number, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StreamWindow> {
    const client = this.client;
    if (client === undefined || this.closed || !client.isReady) throw new StoreUnavailableError('Redis is not connected');
    let reply: unknown;
    try {
      reply = await this.timed(client.sendCommand(['EVAL', READ_AFTER_SCRIPT, '1', this.options.streamKey, afterId, String(count), String(maxBytes)]));
    } catch (error) {
      throw new StoreUnavailableError(`Redis read failed: ${messageOf(error)}`, { cause: error });
    }
    if (!Array.isArray(reply) || reply.length !== 4) throw new TypeError('unexpected reply from Redis');
    const [first] = parseEntries(reply[0]);
    const [last] = parseEntries(reply[1]);
    return { first, last, entries: parseEntries(reply[2]), holds: parseEntries(reply[3]).length > 0 };
  }

  /** Stops the reader and closes both connections; in-flight publishes get their answers first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    const reader = this.reader;
    const client = this.client;
    try {
      reader?.destroy();
    } catch {
      // Never opened, or already closed: nothing to release.
    }
    if (client === undefined) return;
    // A graceful close waits for pending replies; bounded, since Redis may be gone.
    const timer = setTimeout(() => safeDestroy(client), this.options.commandTimeoutMs);
    try {
      await client.close();
    } catch {
      safeDestroy(client);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * node-redis's own `timeout` stops waiting only for commands not yet written; a Redis that
   * hangs after receiving one would keep its caller waiting for ever. The command may still run
   * later: its caller was told it failed, which for XADD is the documented ambiguity.
   */
  private timed<T>(command: Promise<T>): Promise<T> {
    const ms = this.options.commandTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    // A process that did not run for a while (a loaded machine, a GC pause) runs overdue timers
    // before it reads its sockets: a reply that came in time may be waiting there. setImmediate
    // runs after the next read, so that reply wins (the websocket starter's watchdog does the same).
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => setImmediate(() => reject(new NoAnswerError(ms))), ms);
    });
    // A reply (or error) that comes after the timeout is dropped, not left unhandled.
    command.catch(() => {});
    return Promise.race([command, timeout]).finally(() => clearTimeout(timer));
  }

  private async readLoop(from: string): Promise<void> {
    let after = from;
    let failures = 0;
    // After a lost connection: does Redis still hold the last entry read? If not, it lost data.
    let verify = false;
    let lossMarkedAt: string | undefined;
    /** The last read was a full batch: read with READ_NEXT_SCRIPT until caught up. */
    let behind = false;
    const fullBatch = Math.min(READ_BATCH, this.options.maxLen);
    const mirror = this.mirror;
    while (!this.closed) {
      let entries: StreamEntry[];
      try {
        if (verify && after !== STREAM_START.id && after !== lossMarkedAt) {
          // Checked before reading on, so the reset reaches subscribers ahead of newer entries.
          // Gone means Redis restarted without persistence (or failed over to a replica that
          // lacked it), or trimmed past it while this instance was cut off: events Redis had
          // accepted after it may be lost, and nobody can count them. Subscribers are told.
          // Redis back from an older snapshot may still hold the last id read and lack newer
          // events the reader had not read yet: those this instance published are checked too.
          const published = this.newestPublished;
          const expected = published !== undefined && published.key > parseStreamId(after)!.key ? [after, published.id] : [after];
          let missing: string | undefined;
          for (const id of expected) {
            const held = parseEntries(await this.readerCommand(['XRANGE', this.options.streamKey, id, id], this.options.commandTimeoutMs));
            if (held.length === 0) {
              missing = id;
              break;
            }
          }
          if (missing !== undefined) {
            this.options.log(`Redis no longer holds event ${missing} (restarted without persistence, or from an older snapshot?): subscribers get a reset`);
            mirror.markLoss();
            mirror.notify();
            lossMarkedAt = after;
          }
        }
        verify = false;
        if (behind) {
          // A full batch came last: this reader may be far enough behind for MAXLEN to have
          // trimmed past it. The script reads on and checks the last entry read, atomically.
          const reply = await this.readerCommand(
            ['EVAL', READ_NEXT_SCRIPT, '1', this.options.streamKey, after, String(READ_BATCH)],
            this.options.commandTimeoutMs,
          );
          if (!Array.isArray(reply) || reply.length !== 2) throw new TypeError('unexpected reply from Redis to the read script');
          if (Number(reply[0]) === 0 && after !== STREAM_START.id && after !== lossMarkedAt) {
            // Gone while Redis stayed up: trimmed before this instance read what followed it.
            this.options.log(`Redis no longer holds event ${after} (trimmed before this instance read on: it was stopped or too slow?): subscribers get a reset`);
            mirror.markLoss();
            mirror.notify();
            lossMarkedAt = after;
          }
          entries = parseEntries(reply[1]);
          behind = entries.length >= fullBatch;
        } else {
          entries = parseXReadEntries(
            await this.readerCommand(
              ['XREAD', 'COUNT', String(READ_BATCH), 'BLOCK', String(BLOCK_MS), 'STREAMS', this.options.streamKey, after],
              BLOCK_MS + this.options.commandTimeoutMs,
            ),
          );
          // XREAD after an entry that MAXLEN trimmed answers from the oldest entry left, without a
          // word. It can only have done so with a full batch: a trimmed stream (MAXLEN ~ never
          // leaves fewer than maxLen) has at least that many after such an entry. A shorter
          // reply follows on from `after`; a full one is dropped and read again by the script.
          if (entries.length >= fullBatch) {
            behind = true;
            continue;
          }
        }
        failures = 0;
      } catch (error) {
        if (this.closed) return;
        if (error instanceof ReaderOverdueError) {
          this.options.log(`Redis reader: ${error.message}; replacing its connection`);
          await this.replaceReader();
          verify = true;
          continue;
        }
        // A lost connection is logged once by noteLost; anything else (the key holds another
        // type, a reply of the wrong shape) once per streak, or it would retry in silence.
        if (failures === 0 && this.reader?.isReady === true) this.options.log(`Redis reader: ${messageOf(error)}; retrying with backoff`);
        verify = true;
        // node-redis reconnects the socket itself; this only paces the retries meanwhile.
        await sleep(Math.min(50 * 2 ** Math.min(failures, 10), 2000));
        failures += 1;
        continue;
      }
      for (const entry of entries) {
        if (entry.event !== undefined && entry.json !== undefined) mirror.append(entry, entry.event, entry.json);
        else mirror.skip(entry);
        after = entry.id;
      }
      if (entries.length > 0) mirror.notify();
    }
  }

  private noteLost(error: Error | undefined): void {
    if (this.lost || this.closed || !this.started) return;
    this.lost = true;
    this.options.log(`Redis connection lost (${messageOf(error)}); reconnecting with backoff, /healthz answers 503 meanwhile`);
  }

  private noteBack(): void {
    if (!this.lost || !this.healthy) return;
    this.lost = false;
    this.options.log('Redis connection back');
  }
}

/** A reader command that got no answer in time: its connection is presumed dead. */
class ReaderOverdueError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'ReaderOverdueError';
  }
}

/**
 * Where an Idempotency-Key is kept: beside the stream, under its key as prefix, so one ACL key
 * pattern (`~<stream key>*`) covers both.
 */
export function idempotencyKeyOf(streamKey: string, key: string): string {
  return `${streamKey}:idempotency:${key}`;
}

/** A command that got no answer within REDIS_TIMEOUT_MS (not an error reply from Redis). */
class NoAnswerError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'NoAnswerError';
  }
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function safeDestroy(connection: Connection): void {
  try {
    connection.destroy();
  } catch {
    // Already closed.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
