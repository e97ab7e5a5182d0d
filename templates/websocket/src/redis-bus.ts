// Room events between instances over Redis pub/sub, with node-redis (the `redis` package).
// Loaded by the chat through a dynamic import, only when REDIS_URL is set.
//
// Two connections: a Redis connection in subscribe mode can run no other command, so PUBLISH
// needs its own. Neither queues commands while Redis is away (disableOfflineQueue on the
// publisher): a chat message is refused at once with UNAVAILABLE instead of piling up in
// memory and arriving minutes later.
//
// "Ready" (health 200, status 'ready') means: both connections up, the last PING answered, and
// the subscriber's channels on Redis are exactly the rooms wanted, each SUBSCRIBE confirmed.
// node-redis 5.9 resubscribes, before it emits 'ready', only the channels whose SUBSCRIBE had
// been confirmed before the connection died (its listener map); a room whose SUBSCRIBE was in
// flight, or joined or left during the outage, is not in that map or is in it wrongly. So on
// every reconnect the subscriber is reconciled with the set of rooms wanted, and the bus stays
// not ready until Redis has answered that: an event published before then could miss a room.
import { type BusEvents, type BusListener, BusUnavailableError, channelOf, redactRedisUrl, type RoomBus, roomOf } from './room-bus.js';

/** Reconnect delays: 100 ms doubling to 2 s, plus up to 100 ms of jitter so instances spread out. */
export function reconnectDelayMs(retries: number, random: number = Math.random()): number {
  return Math.min(100 * 2 ** Math.min(retries, 5), 2_000) + Math.floor(random * 100);
}

const CONNECT_TIMEOUT_MS = 5_000;
const PING_EVERY_MS = 1_000;
const STALL_MS = 2_000;
/** How long close() waits for replies to commands already sent before it drops the connections. */
const CLOSE_MS = 2_000;

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
    // node-redis 5.9 sends CLIENT SETINFO when it connects and ignores any failure of it, a
    // lost connection included: a reconnect that reached a Redis as it died was then called
    // ready on a dead socket that no error would ever report again (PINGs unanswered, messages
    // gone). Without it the handshake has nothing to wait for but what must succeed (AUTH).
    disableClientInfo: true,
    socket: { reconnectStrategy, connectTimeout: CONNECT_TIMEOUT_MS },
  });
  const subscriber = publisher.duplicate();
  // node-redis throws ClientClosedError when destroying a client that is not open (one whose
  // reconnect strategy gave up, or already destroyed).
  const destroy = (client: typeof publisher): void => {
    if (client.isOpen) client.destroy();
  };

  // settle()'s markers: "~settle <this bus> <n>", published on one of its rooms after the events
  // it waits for. Not an envelope (no newline), so every other instance ignores one; this one
  // knows its own. Redis writes what it publishes to a subscriber connection in the order it
  // ran the PUBLISHes, and ours run in the order sent, so when the marker is back, so is every
  // event this instance published before it, on whichever of its rooms.
  const markerPrefix = `~settle ${Math.random().toString(36).slice(2)} `;
  let markers = 0;
  const awaiting = new Map<string, () => void>();
  const onMessage = (message: string, channel: string): void => {
    if (message.startsWith('~settle ')) {
      awaiting.get(message)?.();
      return;
    }
    listener(roomOf(channel), message);
  };

  // A Redis that hangs with its sockets open (SIGSTOP, a full disk, a network partition that
  // drops packets silently) raises no error: commands just wait. A PING every second on each
  // connection that has no answer within STALL_MS marks the bus not ready, so /healthz answers
  // 503 and chat messages are refused with UNAVAILABLE instead of vanishing into the queue.
  // The subscriber's channels on Redis match `wanted`: false from a subscriber error until the
  // reconciliation after its next 'ready' has been answered (see the top of this file).
  let synced = true;
  const ready = (): boolean => publisher.isReady && subscriber.isReady && !stalled() && synced;
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
  const settle = (run: () => Promise<unknown> | undefined): Promise<unknown> => Promise.resolve().then(run);
  const quietly = (run: () => Promise<unknown> | undefined): void => {
    settle(run).catch(() => {});
  };

  /**
   * Makes Redis's subscriptions on this connection exactly `wanted`: node-redis resubscribed
   * the channels it had confirmed, which may include rooms left during the outage (UNSUBSCRIBE
   * is not sent while disconnected) and miss rooms whose SUBSCRIBE was in flight. Each
   * reconnect starts a new round; only the latest one may mark the bus synced.
   */
  let round = 0;
  const reconcile = (): void => {
    const mine = (round += 1);
    const known = [...subscriber.getPubSubListeners('CHANNELS').keys()];
    const unwanted = known.filter((channel) => !wanted.has(roomOf(channel)));
    const channels = [...wanted].map(channelOf);
    Promise.all([
      unwanted.length > 0 ? settle(() => subscriber.unsubscribe(unwanted, onMessage)) : undefined,
      channels.length > 0 ? settle(() => subscriber.subscribe(channels, onMessage)) : undefined,
    ]).then(
      () => {
        if (mine !== round || closing) return;
        synced = true;
        report('');
      },
      // The connection died again: its error starts the next round on the next 'ready'.
      () => {},
    );
  };
  const onSubscriberError = (): void => {
    synced = false;
  };
  const onSubscriberReady = (): void => {
    if (!started || closing) return;
    synced = false;
    reconcile();
  };
  const onPublisherReady = (): void => report('');

  // When the stall timer fires, the PONG may already be waiting in the socket: a loaded
  // machine that did not run this process for a while runs overdue timers before it reads
  // sockets. setImmediate runs after the next I/O poll, so a late-read PONG counts as an answer.
  // An unanswered PING also means this connection may never answer again: a silent partition
  // holds a socket open for the many minutes TCP takes to give up, and after a Redis restart a
  // PING was seen to stay unanswered on a connection node-redis called ready (the watchdog
  // then never pinged again and the instance stayed at 503). So the connection is dropped and
  // made afresh: node-redis rejects what waited on it, and the reconnect strategy takes over.
  // Its stall flag stays set until a PING on the new connection is answered.
  //
  // Both connections are watched. The subscriber's socket can go silent alone (a proxy or NAT
  // that dropped just that flow): the publisher's PINGs still come back, and without its own
  // watchdog the instance would stay "ready" and deaf, its members hearing nothing from other
  // instances. PING is allowed on a connection in subscribe mode (RESP2 answers it with a
  // ["pong", ""] push, which node-redis 5 matches to the PING: commands-queue.js). A subscriber
  // made afresh comes back through its 'ready', which reconciles its rooms as after an outage.
  const stalls = { publisher: false, subscriber: false };
  const stalled = (): boolean => stalls.publisher || stalls.subscriber;
  const recycle = (client: typeof publisher): void => {
    if (closing || !client.isOpen) return;
    // destroy() emits no 'error': the subscriber's rooms are marked unsynced here instead.
    if (client === subscriber) synced = false;
    client.destroy();
    client.connect().catch(() => {});
  };
  const watch = (client: typeof publisher, name: keyof typeof stalls): NodeJS.Timeout => {
    let pinging = false;
    const timer = setInterval(() => {
      if (pinging || !client.isReady) return;
      pinging = true;
      let answered = false;
      const deadline = setTimeout(
        () =>
          setImmediate(() => {
            if (answered || !pinging || closing) return;
            stalls[name] = true;
            report(`no answer to PING on the ${name} connection within ${STALL_MS} ms`);
            recycle(client);
          }),
        STALL_MS,
      );
      client
        .ping()
        .then(
          () => {
            answered = true;
            stalls[name] = false;
            report('');
          },
          (error: unknown) => {
            answered = true;
            // Refused by a Redis that is up (NOAUTH after a password change, LOADING while it
            // reads its data back): not usable either. A lost connection is seen by isReady.
            if (!client.isReady) return;
            stalls[name] = true;
            report(describe(error));
          },
        )
        .finally(() => {
          clearTimeout(deadline);
          pinging = false;
        });
    }, PING_EVERY_MS);
    timer.unref();
    return timer;
  };
  const watchdogs = [watch(publisher, 'publisher'), watch(subscriber, 'subscriber')];
  for (const client of [publisher, subscriber]) client.on('error', onError);
  // Registered before the error reporter runs for the subscriber, so `ready()` already says no.
  subscriber.prependListener('error', onSubscriberError);
  subscriber.on('ready', onSubscriberReady);
  publisher.on('ready', onPublisherReady);

  // A start that fails leaves nothing behind: one connection may be open, and an open socket
  // (or the watchdog) keeps the process alive.
  const abandon = (): void => {
    watchdogs.forEach(clearInterval);
    destroy(publisher);
    destroy(subscriber);
  };
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    abandon();
    // node-redis wraps what reconnectStrategy returned in a ReconnectStrategyError.
    const original: unknown = (error as { originalError?: unknown }).originalError ?? error;
    throw original instanceof BusUnavailableError
      ? original
      : new BusUnavailableError(`cannot connect to Redis at ${where}: ${describe(original)}`);
  }
  // Connected is not usable: without the password node-redis 5.9 still connects (RESP2 sends
  // no AUTH and CLIENT SETINFO's NOAUTH error is ignored), and every command then fails. One
  // PING on each connection turns that into a clear error at start instead of an instance
  // that looks healthy and refuses every join.
  try {
    await Promise.all([publisher.ping(), subscriber.ping()]);
  } catch (error) {
    abandon();
    throw new BusUnavailableError(`Redis at ${where} refused the connection: ${describe(error)}`);
  }
  started = true;

  return {
    async subscribe(room) {
      if (!ready()) throw new BusUnavailableError('Redis is unreachable');
      wanted.add(room);
      try {
        await settle(() => subscriber.subscribe(channelOf(room), onMessage));
      } catch (error) {
        // The connection died with the SUBSCRIBE in flight. The chat answers UNAVAILABLE and
        // forgets the room, so must the reconnect (or the room stays subscribed with no member).
        wanted.delete(room);
        throw new BusUnavailableError(`Redis is unreachable: ${describe(error)}`);
      }
    },
    unsubscribe(room) {
      wanted.delete(room);
      // While disconnected nothing is sent: the reconcile after the reconnect drops the room.
      if (subscriber.isReady) quietly(() => subscriber.unsubscribe(channelOf(room), onMessage));
    },
    async publish(room, payload) {
      await publisher.publish(channelOf(room), payload);
    },
    ready,
    settle(timeoutMs) {
      // A channel whose SUBSCRIBE Redis confirmed and that is still wanted: the marker comes back on it.
      const channel = [...subscriber.getPubSubListeners('CHANNELS').keys()].find((name) => wanted.has(roomOf(name)));
      if (channel === undefined || !ready()) return Promise.resolve();
      const marker = `${markerPrefix}${(markers += 1)}`;
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          awaiting.delete(marker);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        awaiting.set(marker, done);
        publisher.publish(channel, marker).catch(done);
      });
    },
    async close() {
      closing = true;
      watchdogs.forEach(clearInterval);
      // close() waits for replies to commands already sent, which a hung Redis never sends: it
      // is given CLOSE_MS, then destroy() rejects what still waits (node-redis 5.9 throws
      // ClientClosedError from it once close() has begun, after rejecting). When Redis is
      // already known gone or hung, destroy() at once.
      await Promise.all(
        [publisher, subscriber].map(async (client) => {
          if (!client.isReady || stalled()) return destroy(client);
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, CLOSE_MS, true)));
          const timedOut = await Promise.race([client.close().then(() => false, () => false), late]);
          clearTimeout(timer);
          if (!timedOut) return;
          try {
            client.destroy();
          } catch {
            // Expected: see above.
          }
        }),
      );
    },
  };
}
