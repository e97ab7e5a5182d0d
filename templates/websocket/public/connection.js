// @ts-check
// A WebSocket that comes back: reconnects after every close it did not ask for, waiting as
// public/backoff.js says, and after a silence that means the connection is dead. Knows nothing
// about chat; app.js gives it callbacks.
//
// Why a watchdog: when a network path dies silently (a NAT or firewall mapping expires, a laptop
// sleeps, Wi-Fi drops without a reset) the browser sees no close for many minutes, readyState
// stays OPEN and send() keeps "succeeding" into the void. The server's pings are answered by the
// browser itself and never reach the page. So the server also sends a heartbeat message every
// `heartbeatMs` (announced in its welcome), and a connection that has received nothing for two
// of them plus a margin is dropped here and replaced.
import { createBackoff } from './backoff.js';

/** @typedef {'connecting' | 'open' | 'waiting' | 'stopped'} ConnectionStatus */

/**
 * @typedef {object} ConnectionOptions
 * @property {() => string} url called before every attempt, so a changed name or token applies
 * @property {(message: unknown) => void} onMessage one parsed JSON message from the server
 * @property {(status: ConnectionStatus, detail: string) => void} onStatus
 * @property {() => void} [onOpen] runs on every (re)connect, e.g. to rejoin rooms
 * @property {() => void} [onLost] runs when a connection that was open is gone (closed, or dead by the watchdog)
 * @property {ReturnType<typeof createBackoff>} [backoff]
 * @property {number} [marginMs] added to two heartbeat intervals before a silent connection counts as dead (default 1000)
 * @property {number} [welcomeTimeoutMs] silence allowed after the handshake before the first
 *   welcome has said the heartbeat interval (default 10000); later connections use the last limit
 */

/**
 * How long a connection may stay silent before it counts as dead: two heartbeat intervals
 * (one may be in flight while the previous was lost) plus a margin for a busy page or server.
 * @param {number} heartbeatMs
 * @param {number} marginMs
 */
export function silenceLimit(heartbeatMs, marginMs) {
  return 2 * heartbeatMs + marginMs;
}

/** @param {ConnectionOptions} options */
export function createConnection({
  url,
  onMessage,
  onStatus,
  onOpen,
  onLost,
  backoff = createBackoff(),
  marginMs = 1000,
  welcomeTimeoutMs = 10_000,
}) {
  /** @type {WebSocket | undefined} */
  let socket;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let watchdog;
  /** Silence allowed before the connection counts as dead; set from the server's welcome. */
  /** @type {number | undefined} */
  let limitMs;
  /** The silence the running watchdog allows: limitMs, or welcomeTimeoutMs before any welcome. */
  let armedMs = 0;
  let stopped = true;

  // Armed from onopen, not from the first message: a path that freezes right after the 101
  // (before the welcome) would otherwise leave the page "open", send() succeeding, forever.
  function feedWatchdog() {
    clearTimeout(watchdog);
    armedMs = limitMs ?? welcomeTimeoutMs;
    watchdog = setTimeout(dead, armedMs);
  }

  /** The connection went silent: drop it without waiting for a close that may take minutes. */
  function dead() {
    const ws = socket;
    if (ws === undefined) return;
    lost(ws, `no heartbeat for ${(armedMs / 1000).toFixed(1)} s`);
    // Detached first: the close handshake cannot complete over a dead path, and its late
    // onclose must not schedule a second reconnect.
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.close(4000, 'no heartbeat');
  }

  /**
   * @param {WebSocket} ws
   * @param {string} reason
   */
  function lost(ws, reason) {
    if (socket !== ws) return;
    socket = undefined;
    clearTimeout(watchdog);
    watchdog = undefined;
    onLost?.();
    if (stopped) return;
    const delay = backoff.closed(Date.now());
    onStatus('waiting', `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
    retryTimer = setTimeout(connect, delay);
  }

  function connect() {
    retryTimer = undefined;
    onStatus('connecting', '');
    const ws = new WebSocket(url());
    socket = ws;

    ws.onopen = () => {
      feedWatchdog();
      backoff.opened(Date.now());
      onStatus('open', '');
      onOpen?.();
    };

    ws.onmessage = (event) => {
      // Anything from the server proves the path works, not only heartbeats.
      feedWatchdog();
      // The article parsed without try/catch: one malformed frame threw inside the handler.
      let message;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const { type, heartbeatMs } = /** @type {{ type?: unknown, heartbeatMs?: unknown }} */ (message ?? {});
      if (type === 'welcome' && typeof heartbeatMs === 'number' && heartbeatMs > 0) {
        limitMs = silenceLimit(heartbeatMs, marginMs);
        feedWatchdog();
      }
      if (type === 'heartbeat') return;
      onMessage(message);
    };

    // Every close is retried, clean ones included: a server restart closes with 1001 cleanly,
    // and that is exactly when clients should come back (the article gave up on clean closes).
    ws.onclose = (event) => lost(ws, `closed (${event.code})`);
  }

  function disconnect() {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    clearTimeout(watchdog);
    watchdog = undefined;
    const ws = socket;
    socket = undefined;
    ws?.close(1000, 'bye');
  }

  return {
    /** Connects now (again, if already connected: e.g. after a name change). */
    start() {
      disconnect();
      stopped = false;
      connect();
    },
    /** Closes and stays closed. */
    stop() {
      stopped = true;
      disconnect();
      onStatus('stopped', '');
    },
    /** Skips the current wait, e.g. when the browser reports it is back online. */
    retryNow() {
      if (retryTimer === undefined) return;
      clearTimeout(retryTimer);
      connect();
    },
    /**
     * Hands one message to the socket if connected. Nothing is queued while offline: chat state
     * is rebuilt on reconnect (onOpen), and stale typing events are worthless. `true` means
     * handed to the browser, not delivered: app.js waits for the server's echo of the message id.
     * @param {object} message
     * @returns {boolean} whether it was handed to an open socket
     */
    send(message) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
  };
}
