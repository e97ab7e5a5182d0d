// Room events between instances over Redis pub/sub, with node-redis (the `redis` package).
// Loaded by the chat through a dynamic import, only when REDIS_URL is set.
//
// Two connections: a Redis connection in subscribe mode can run no other command, so PUBLISH
// needs its own. Neither queues commands while Redis is away (disableOfflineQueue on the
// publisher): a chat message is refused at once with UNAVAILABLE instead of piling up in
// memory and arriving minutes later. node-redis resubscribes its channels on reconnect; the
// set of rooms wanted is kept here as well, and subscribed again on every reconnect, so a
// SUBSCRIBE that was in flight when the connection died is not lost.
import { type BusEvents, type BusListener, BusUnavailableError, channelOf, redactRedisUrl, type RoomBus, roomOf } from './room-bus.js';

/** Reconnect delays: 100 ms doubling to 2 s, plus up to 100 ms of jitter so instances spread out. */
export function reconnectDelayMs(retries: number, random: number = Math.random()): number {
  return Math.min(100 * 2 ** Math.min(retries, 5), 2_000) + Math.floor(random * 100);
}

const CONNECT_TIMEOUT_MS = 5_000;
const PING_EVERY_MS = 1_000;
const STALL_MS = 2_000;

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}

/** Connects both connections; rejects with BusUnavailableError if Redis cannot be reached now. */
export async function connectRedisBus(url: string, listener: BusListener, events: BusEvents = {}): Promise<RoomBus> {
  const where = redactRedisUrl(url);
  // Imported here too, not at the top: a host that bundles this file (the choose-protocol demo
  // server) can leave `redis` out of its bundle and still load without it.
  let createClient: typeof import('redis').createClient;
  try {
    ({ createClient } = await import('redis'));
  } catch (error) {
    throw new BusUnavailableError(`REDIS_URL is set but the redis package cannot be loaded (${describe(error)}): npm install redis`);
  }
  let started = false;
  let closing = false;
  const wanted = new Set<string>();

  // Before the first success a refused connection is a configuration problem: give up, so
  // start() fails and the process exits 1. After it, Redis restarting is weather: retry.
  const reconnectStrategy = (retries: number, cause: Error): number | Error => {
    if (!started) return new BusUnavailableError(`cannot connect to Redis at ${where}: ${describe(cause)}`);
    return reconnectDelayMs(retries);
  };
  const publisher = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy, connectTimeout: CONNECT_TIMEOUT_MS },
  });
  const subscriber = publisher.duplicate();
  // node-redis throws ClientClosedError when destroying a client that is not open (one whose
  // reconnect strategy gave up, or already destroyed).
  const destroy = (client: typeof publisher): void => {
    if (client.isOpen) client.destroy();
  };

  const onMessage = (message: string, channel: string): void => listener(roomOf(channel), message);

  // A Redis that hangs with its sockets open (SIGSTOP, a full disk, a network partition that
  // drops packets silently) raises no error: commands just wait. A PING every second that has
  // no answer within STALL_MS marks the bus not ready, so /healthz answers 503 and chat
  // messages are refused with UNAVAILABLE instead of vanishing into the queue.
  let stalled = false;
  const ready = (): boolean => publisher.isReady && subscriber.isReady && !stalled;
  let reported = true;
  const report = (detail: string): void => {
    if (!started || closing || ready() === reported) return;
    reported = !reported;
    events.onStatus?.(reported ? 'ready' : 'lost', reported ? where : detail);
  };
  // Every retried disconnect is reported here; without a listener node-redis would throw.
  const onError = (error: unknown): void => report(describe(error));
  // node-redis returns undefined instead of a promise from subscribe/unsubscribe when there is
  // nothing to send (the channel already known): calling .catch on that would throw inside its
  // 'ready' handler and stall the connection's writes. Wrapped, so it is always a promise.
  const quietly = (run: () => Promise<unknown> | undefined): void => {
    void Promise.resolve()
      .then(run)
      .catch(() => {});
  };
  const onReady = (): void => {
    if (!started || closing) return;
    report('');
    if (wanted.size > 0) quietly(() => subscriber.subscribe([...wanted].map(channelOf), onMessage));
  };
  let pinging = false;
  const watchdog = setInterval(() => {
    if (pinging || !publisher.isReady) return;
    pinging = true;
    const timer = setTimeout(() => {
      stalled = true;
      report(`no answer to PING within ${STALL_MS} ms`);
    }, STALL_MS);
    publisher
      .ping()
      .then(
        () => {
          stalled = false;
          report('');
        },
        () => {},
      )
      .finally(() => {
        clearTimeout(timer);
        pinging = false;
      });
  }, PING_EVERY_MS);
  watchdog.unref();
  for (const client of [publisher, subscriber]) {
    client.on('error', onError);
    client.on('ready', onReady);
  }

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    // One may have connected; neither may linger (an open socket keeps the process alive).
    clearInterval(watchdog);
    destroy(publisher);
    destroy(subscriber);
    // node-redis wraps what reconnectStrategy returned in a ReconnectStrategyError.
    const original: unknown = (error as { originalError?: unknown }).originalError ?? error;
    throw original instanceof BusUnavailableError
      ? original
      : new BusUnavailableError(`cannot connect to Redis at ${where}: ${describe(original)}`);
  }
  started = true;

  return {
    async subscribe(room) {
      wanted.add(room);
      if (!ready()) throw new BusUnavailableError('Redis is unreachable');
      await subscriber.subscribe(channelOf(room), onMessage);
    },
    unsubscribe(room) {
      wanted.delete(room);
      if (subscriber.isReady) quietly(() => subscriber.unsubscribe(channelOf(room), onMessage));
    },
    async publish(room, payload) {
      await publisher.publish(channelOf(room), payload);
    },
    ready,
    async close() {
      closing = true;
      clearInterval(watchdog);
      // close() waits for replies to commands already sent; destroy() ends at once when Redis is gone.
      await Promise.all(
        [publisher, subscriber].map((client) => (client.isReady ? client.close().catch(() => destroy(client)) : destroy(client))),
      );
    },
  };
}
