// @ts-check
// A WebSocket that comes back: reconnects after every close it did not ask for, waiting as
// public/backoff.js says. Knows nothing about chat; app.js gives it callbacks.
import { createBackoff } from './backoff.js';

/** @typedef {'connecting' | 'open' | 'waiting' | 'stopped'} ConnectionStatus */

/**
 * @typedef {object} ConnectionOptions
 * @property {() => string} url called before every attempt, so a changed name or token applies
 * @property {(message: unknown) => void} onMessage one parsed JSON message from the server
 * @property {(status: ConnectionStatus, detail: string) => void} onStatus
 * @property {() => void} [onOpen] runs on every (re)connect, e.g. to rejoin rooms
 * @property {ReturnType<typeof createBackoff>} [backoff]
 */

/** @param {ConnectionOptions} options */
export function createConnection({ url, onMessage, onStatus, onOpen, backoff = createBackoff() }) {
  /** @type {WebSocket | undefined} */
  let socket;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;
  let stopped = true;

  function connect() {
    retryTimer = undefined;
    onStatus('connecting', '');
    const ws = new WebSocket(url());
    socket = ws;

    ws.onopen = () => {
      backoff.opened(Date.now());
      onStatus('open', '');
      onOpen?.();
    };

    ws.onmessage = (event) => {
      // The article parsed without try/catch: one malformed frame threw inside the handler.
      let message;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      onMessage(message);
    };

    // Every close is retried, clean ones included: a server restart closes with 1001 cleanly,
    // and that is exactly when clients should come back (the article gave up on clean closes).
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = undefined;
      if (stopped) return;
      const delay = backoff.closed(Date.now());
      onStatus('waiting', `closed (${event.code}); retrying in ${(delay / 1000).toFixed(1)} s`);
      retryTimer = setTimeout(connect, delay);
    };
  }

  function disconnect() {
    clearTimeout(retryTimer);
    retryTimer = undefined;
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
     * Sends one message if connected. Nothing is queued while offline: chat state is rebuilt
     * on reconnect (onOpen), and stale typing events are worthless.
     * @param {object} message
     * @returns {boolean} whether it was sent
     */
    send(message) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
  };
}
