import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { formatOpening } from './sse-format.js';

export interface SseStreamOptions {
  /** Sent first as `retry:` so EventSource knows how long to wait before reconnecting; omit for POST streams. */
  retryMs?: number;
  /** Sent with the `retry:` as `id:`: the client's position from the first byte (GET /events). */
  cursor?: number;
  /** A client that has not drained its socket buffer within this many ms is disconnected. */
  slowTimeoutMs: number;
  /**
   * HTTP/1.1 only: send the stream without chunked framing, its end marked by the connection's
   * close (RFC 9112 §6.3; Node adds `Connection: close`). For GET /events, not for POST streams.
   *
   * Why (issue 16's CPU goal): chunked framing turns each flush into four writes queued on the
   * socket (size line, CRLF, data, CRLF) and a writev that mixes a string with Buffers, per
   * subscriber per flush; without it a flush is one Buffer, written as is. Measured at 5,000
   * events/s x 100 subscribers fed in-process: 0.54 to 0.46 µs of server CPU per delivery.
   * What it costs: the connection closes when the stream ends instead of serving another
   * request, and a client cannot tell a stream the server ended from one cut off. An event
   * stream ends only when its client leaves or the server stops, and its clients resume by
   * Last-Event-ID either way; a chat answer ends after every reply, and its end matters, so
   * POST /chat/stream keeps the framing.
   */
  closeDelimited?: boolean;
}

/**
 * The response headers of every event stream.
 * - No `Connection: keep-alive` (the article sets one): it is a hop-by-hop header that HTTP/2
 *   forbids (Node's http2 compatibility layer drops it with a warning; Safari rejects h2
 *   responses that carry it), and HTTP/1.1 keeps connections
 *   alive by default, so the server adds it itself where it is legal.
 * - `no-transform` and `X-Accel-Buffering: no` ask proxies (nginx and friends) not to compress
 *   or buffer the stream; a buffered event stream arrives in lumps, or never.
 * - No Content-Encoding: compressing an event stream only helps if every event is flushed
 *   through the compressor, which most middleware does not do.
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

export type CloseListener = (stream: SseStream) => void;

const kClosesAfterStream = Symbol('ClosesAfterStream');
type MarkedSocket = NonNullable<ServerResponse['socket']> & { [kClosesAfterStream]?: true };

/**
 * True for a request Node dispatched while an earlier response on its connection is a
 * close-delimited event stream: its response would be queued behind the stream and dropped when
 * the connection closes (RFC 9112 §9.6: such a request SHOULD NOT be processed).
 */
export function isQueuedBehindEventStream(req: IncomingMessage, res: ServerResponse): boolean {
  return res.socket === null && (req.socket as MarkedSocket | null)?.[kClosesAfterStream] === true;
}

/** Where a response keeps its stream, for the one 'close' listener every stream shares. */
const kStream = Symbol('SseStream');
type StreamResponse = ServerResponse & { [kStream]?: SseStream };

/**
 * One open text/event-stream response with bounded memory.
 *
 * The article's server calls res.write() and ignores its result, so a client that reads slowly
 * (or a dead TCP peer) makes Node queue every event in memory without limit. Here a stream is
 * either `writable` or waiting for the socket's 'drain'; writers check `writable` (or await
 * `ready()`) before writing, and a client that does not drain within `slowTimeoutMs` is
 * disconnected. A live-feed subscriber then resumes by Last-Event-ID from the shared replay
 * buffer, so a slow client costs one cursor, not a private queue.
 */
export class SseStream {
  /** Called whenever the stream may accept writes again (after a flush or a drain). */
  onWritable: (() => void) | undefined;

  private readonly res: ServerResponse;
  private readonly slowTimeoutMs: number;
  // Allocated on first use, not per stream: an idle subscriber never needs an AbortSignal (an
  // EventTarget of several hundred bytes), a close promise or a waiter list, and --memory
  // counts every byte a subscriber keeps (issue 16: the starter over 1.2x the raw writer).
  private controller: AbortController | undefined;
  /** Why the stream stopped, once it has: a signal asked for later is born aborted with it. */
  private stopReason: string | undefined;
  private readyWaiters: (() => void)[] | undefined;
  /** One function, or an array once there are more (a subscriber has two: no array for one). */
  private closeListeners: CloseListener | CloseListener[] | undefined;
  private closedPromise: Promise<void> | undefined;
  private corked = false;
  /** True while flush() runs: a send() then corks without scheduling another flush. */
  private flushing = false;
  private waitingForDrain = false;
  private ending = false;
  private isClosed = false;
  private slowTimer: NodeJS.Timeout | undefined;
  private drainSocket: NodeJS.EventEmitter | undefined;
  /** Made the first time the stream waits for 'drain' (most never do). */
  private drainListener: (() => void) | undefined;

  constructor(res: ServerResponse, { retryMs, cursor, slowTimeoutMs, closeDelimited = false }: SseStreamOptions) {
    this.res = res;
    this.slowTimeoutMs = slowTimeoutMs;
    // 'close' comes once; on() spares the wrapper and bound function once() allocates. One
    // listener for every stream, finding its stream on the response, rather than a closure
    // (and its context) per subscriber: --memory counts every byte an idle subscriber keeps
    // (issue 16: the starter at 1.23x the raw writer, goal 1.2x).
    (res as StreamResponse)[kStream] = this;
    res.on('close', SseStream.onResponseClose);
    // HTTP/2 frames every write itself: only an HTTP/1.1 response is made close-delimited.
    if (closeDelimited && (res as { stream?: Writable }).stream === undefined) {
      res.useChunkedEncodingByDefault = false;
      // Nothing after this response is ever answered on this connection (it closes when the
      // stream ends): marked so that a request pipelined behind it is not executed either.
      if (res.socket !== null) (res.socket as MarkedSocket)[kClosesAfterStream] = true;
    }
    res.writeHead(200, SSE_HEADERS);
    if (retryMs === undefined) res.flushHeaders();
    else this.send(formatOpening(retryMs, cursor));
  }

  private static onResponseClose(this: ServerResponse): void {
    (this as StreamResponse)[kStream]?.cleanUp();
  }

  /**
   * Aborted when the stream ends or the connection closes, for whatever reason: pass it to work
   * done for this client, so that work stops when nobody is listening.
   */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.stopReason !== undefined) this.controller.abort(new Error(this.stopReason));
    }
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Resolves once the response has closed (ended and flushed, or destroyed). */
  whenClosed(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.closedPromise ??= new Promise((resolve) => this.onClose(() => resolve()));
    return this.closedPromise;
  }

  /**
   * Calls `listener` with this stream once the response has closed (at once if it has): what
   * whenClosed() does without a promise per stream, for the listeners every subscriber has. The
   * stream is passed so that one listener function can serve every stream (StreamSet's).
   */
  onClose(listener: CloseListener): void {
    const listeners = this.closeListeners;
    if (this.isClosed) listener(this);
    else if (listeners === undefined) this.closeListeners = listener;
    else if (typeof listeners === 'function') this.closeListeners = [listeners, listener];
    else listeners.push(listener);
  }

  /**
   * False while the socket buffer is at or over its high-water mark: stop writing until
   * `onWritable` fires or `ready()` resolves.
   */
  get writable(): boolean {
    return (
      !this.closed &&
      !this.ending &&
      !this.waitingForDrain &&
      this.res.writableLength < this.res.writableHighWaterMark
    );
  }

  /** Resolves when the stream is writable again or has closed (check `closed` afterwards). */
  ready(): Promise<void> {
    if (this.writable || this.closed || this.ending) return Promise.resolve();
    return new Promise((resolve) => (this.readyWaiters ??= []).push(resolve));
  }

  /**
   * Writes one pre-encoded frame. The response stays corked until the end of this I/O turn
   * (setImmediate, not process.nextTick), so everything written in one turn of the event loop
   * (a replay, a burst of publishes) leaves in one syscall (and, on Node versions that merge
   * corked writes, one HTTP/1.1 chunk).
   * Why not nextTick: pipelined POST /publish requests read in one socket read are handled one
   * after another with ticks in between (each body's 'end' and the handler's awaits), so a
   * nextTick flush ran after every request and each event cost one write per subscriber
   * (measured: 1.0 writes per delivery). setImmediate runs after the whole poll phase, i.e.
   * after every request that arrived in that read. The delay this adds is bounded by the turn
   * itself (no timer), and end() still flushes synchronously before ending.
   */
  send(frame: Buffer): void {
    if (this.closed || this.ending) return;
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      // Inside flush() the refill is uncorked by flush itself, in this same turn.
      if (!this.flushing) setImmediate(SseStream.flushLater, this);
    }
    this.res.write(frame);
  }

  /**
   * Lets the writer (onWritable) write now, then flushes in this same call: for the fan-out,
   * which already runs once at the end of the turn, so the stream schedules no setImmediate of
   * its own (and its writes do not wait for the next turn's).
   */
  pumpNow(): void {
    if (this.closed || this.ending || this.waitingForDrain || this.flushing) return;
    this.flushing = true;
    try {
      this.onWritable?.();
    } finally {
      this.flushing = false;
    }
    this.flush();
  }

  /**
   * Ends the response properly, after an optional last frame: the terminating chunk, or for a
   * close-delimited stream the connection's close (which a client cannot tell from a cut).
   */
  end(lastFrame?: Buffer): void {
    if (this.closed || this.ending) return;
    if (lastFrame) this.send(lastFrame);
    this.ending = true;
    this.stop('event stream ended');
    this.uncork();
    this.res.end();
    this.settleWaiters();
  }

  /** Drops the connection without a proper end: for clients that stopped reading. */
  destroy(): void {
    this.res.destroy();
  }

  /**
   * Uncorks, then keeps the writer going for as long as the kernel takes every byte at once.
   * Why a loop: writers stop at the high-water mark (16 KiB), and after a write the kernel
   * completed at once, Node emits 'drain' only on the next tick; what the writer sends then is
   * corked again and waits for the next turn's flush. So a stream moved one high-water mark per
   * event-loop turn: a subscriber behind by more than that fell further behind under load, and
   * a client that never reads filled its kernel buffers (megabytes on loopback) so slowly that
   * it was not found slow until long after it stopped reading (the slow-consumers campaign:
   * 10 never-reading clients still connected when the 20,000 events had all been published).
   * Here, once the socket has handed everything to the kernel, the writer refills at once (one
   * more write of up to a high-water mark) until it has nothing left or the kernel refuses
   * bytes; only then is 'drain' awaited. Bounded: a writer sends only what the hub still holds.
   * Scheduled by flushLater, one static function for every stream (no closure per stream).
   */
  private static flushLater(this: void, stream: SseStream): void {
    stream.flush();
  }

  private flush(): void {
    this.flushing = true;
    try {
      for (;;) {
        if (!this.uncork()) return;
        if (this.waitingForDrain || this.ending || !this.socketEmpty()) break;
        this.settleWaiters();
        this.onWritable?.();
        if (!this.corked) return; // nothing more to send: writable, nothing pending
      }
    } finally {
      this.flushing = false;
    }
    this.checkBackpressure();
  }

  /** True when everything written so far has reached the kernel (HTTP/1.1 socket only). */
  private socketEmpty(): boolean {
    if ((this.res as { stream?: Writable }).stream !== undefined) return false;
    const socket = this.res.socket;
    return socket !== null && socket.writableLength === 0;
  }

  /**
   * Why the socket is corked around res.uncork(): Node 24's OutgoingMessage.uncork() uncorks the
   * socket first and only then writes out the chunk it merged while corked (size line, every
   * frame, CRLF), so each piece became its own socket write (43 writes for 40 frames, where Node
   * 20 and 26 make one; Node 26 uncorks the socket last). One more cork level for the length of
   * this call keeps those pieces in the socket's buffer until the last uncork, which sends them
   * in one writev on every version. The socket is never left corked past this call, so its
   * writableLength, 'drain' and the refill loop see what they saw without it. HTTP/2 responses
   * are left alone: res.socket there is the session's socket, shared by every stream.
   */
  private uncork(): boolean {
    if (!this.corked) return false;
    this.corked = false;
    const socket = (this.res as { stream?: Writable }).stream === undefined ? this.res.socket : null;
    socket?.cork();
    try {
      this.res.uncork();
    } finally {
      socket?.uncork();
    }
    return !this.closed;
  }

  /**
   * Decided after uncorking, not from write()'s return value: while a response is corked, newer
   * Node versions buffer chunked writes inside the response and report only that buffer's size,
   * so write() can return true although the socket behind it is full. The socket knows.
   * On HTTP/2 (a host's http2 server in compatibility mode) the response's own stream is the
   * one to watch: `res.socket` there reads from the session's socket, shared by every stream of
   * the connection, which a client that stops reading one stream never fills (flow control
   * stops that stream alone), so a slow stream would never be seen and would buffer without end.
   */
  private checkBackpressure(): void {
    if (this.waitingForDrain) return;
    const socket = (this.res as { stream?: Writable }).stream ?? this.res.socket;
    if (socket && !this.ending && socket.writableNeedDrain) {
      this.waitingForDrain = true;
      this.drainSocket = socket;
      socket.once('drain', (this.drainListener ??= () => this.onDrain()));
      this.slowTimer = setTimeout(() => this.destroy(), this.slowTimeoutMs);
      this.slowTimer.unref();
      return;
    }
    this.settleWaiters();
    this.onWritable?.();
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    this.drainSocket = undefined;
    clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    this.settleWaiters();
    this.onWritable?.();
  }

  private settleWaiters(): void {
    const waiters = this.readyWaiters;
    if (waiters === undefined || waiters.length === 0) return;
    this.readyWaiters = undefined;
    for (const resolve of waiters) resolve();
  }

  /** Aborts the signal if anyone asked for it; the first reason wins, as AbortController's does. */
  private stop(reason: string): void {
    this.stopReason ??= reason;
    if (this.controller !== undefined && !this.controller.signal.aborted) this.controller.abort(new Error(reason));
  }

  private cleanUp(): void {
    this.isClosed = true;
    clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    if (this.drainListener !== undefined) this.drainSocket?.removeListener('drain', this.drainListener);
    this.drainSocket = undefined;
    this.corked = false;
    this.stop('event stream closed');
    this.settleWaiters();
    const listeners = this.closeListeners;
    this.closeListeners = undefined;
    if (typeof listeners === 'function') listeners(this);
    else if (listeners !== undefined) for (const listener of listeners) listener(this);
  }
}
