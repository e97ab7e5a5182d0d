import { constants as http2 } from 'node:http2';
import { AddressCounts } from './address-counts.js';
import { peerAddressKey } from './address-key.js';
import {
  ServerInterceptingCall,
  status,
  type Metadata,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from '@grpc/grpc-js';

/** One call the server is running, as the first interceptor saw it. */
interface TrackedCall {
  /** The call closest to the transport: ends it with a status (trailers after queued messages). */
  readonly base: ServerInterceptingCallInterface;
  /** Its client's address (an IPv4 address or an IPv6 /64), for maxCallsPerIp. */
  readonly address: string;
  ended: boolean;
}

export interface CallTrackerOptions {
  /** See "requestIdleMs" below; 0: off. */
  requestIdleMs?: number;
  /** Methods (paths) requestIdleMs leaves alone. */
  untimed?: ReadonlySet<string>;
  /** Calls open at once from one client address; one over it ends with RESOURCE_EXHAUSTED. 0: off. */
  maxCallsPerIp?: number;
}

/** The HTTP/2 stream under grpc-js's base call, when this grpc-js version still exposes it. */
interface ResettableStream {
  close(code: number, callback?: () => void): void;
  readonly closed: boolean;
  readonly destroyed: boolean;
}

/**
 * Knows every call the server is running, so shutdown and the chat can end calls that
 * grpc-js offers no public way to end:
 *
 * - `endAll()` gives every running call a gRPC status (UNAVAILABLE at the end of the shutdown
 *   grace, which clients retry) instead of letting `forceShutdown()` reset them, which grpc-js
 *   clients report as CANCELLED and never retry.
 * - `reset()` frees a call whose client stopped reading. A status is sent after the messages
 *   already queued, so behind a full HTTP/2 window it never leaves and the call would stay
 *   open (alive, answering pings) until the connection's maximum age. Only RST_STREAM ends it.
 *
 * - With `requestIdleMs`, a call that does not send its request in time is ended with
 *   DEADLINE_EXCEEDED and its stream reset: a unary or server-streaming call must have sent its
 *   whole request (the message and the end of it), an upload its next message, any other
 *   bidirectional call (reflection) its first message, within that long. Why (review): a call
 *   that sends HEADERS and nothing else, with no deadline, stayed open until the connection's
 *   maximum age, 30 minutes, and nothing counted such calls (health and reflection need no
 *   token): 50,000 of them from one address held 486 MiB. grpc-js runs a unary handler only
 *   once the request is complete, so no handler can see them. The methods in `untimed` (the
 *   chat, whose participants may rightly listen in silence for hours) are left to keepalive.
 *
 * - With `maxCallsPerIp`, a call from an address that already has that many open ends with
 *   RESOURCE_EXHAUSTED before any handler runs. Why (second review): calls that do send, but
 *   slowly (an upload trickling one message every 19 s, a reflection stream kept open), were
 *   bounded only by connections per address x streams per connection, 100,000 calls.
 *
 * It must be the first interceptor: grpc-js hands the first one its base call, the object that
 * owns the HTTP/2 stream. grpc-js keeps that stream in a private field; `resettable()` checks
 * its shape before use and the tests fail if a grpc-js upgrade takes it away.
 */
export interface CallTracker {
  readonly interceptor: ServerInterceptor;
  /** Calls running now. */
  size(): number;
  /**
   * Ends every running call with `code`; resolves once all are gone or `flushMs` passed, then resets the rest
   * and resolves once their RST_STREAM frames are out (or `flushMs` more passed).
   */
  endAll(code: status, details: string, flushMs: number): Promise<void>;
  /**
   * Resets the call that received `metadata` (the handler's `call.metadata`) with RST_STREAM
   * `code`, if it is still open. Returns false when the call is unknown or already closed.
   */
  reset(metadata: Metadata, code: number): boolean;
}

export function createCallTracker({ requestIdleMs = 0, untimed = new Set(), maxCallsPerIp = 0 }: CallTrackerOptions = {}): CallTracker {
  const calls = new Set<TrackedCall>();
  const byAddress = new AddressCounts();
  // The metadata object grpc-js hands to the handler is the one the interceptors passed on:
  // it links a handler's call to its tracked base call without another private field.
  const byMetadata = new WeakMap<Metadata, TrackedCall>();
  const idle = new Set<() => void>();

  const finish = (tracked: TrackedCall): void => {
    if (tracked.ended) return;
    tracked.ended = true;
    calls.delete(tracked);
    byAddress.remove(tracked.address);
    if (calls.size === 0) for (const wake of [...idle]) wake();
  };

  const interceptor: ServerInterceptor = (method, call) => {
    const tracked: TrackedCall = { base: call, address: peerAddressKey(call.getPeer()), ended: false };
    calls.add(tracked);
    const open = byAddress.add(tracked.address);
    // Refused once its metadata is in (as auth.ts refuses), before any handler runs; counted
    // until then, like any call, so a flood of refusals cannot exceed the cap either.
    const refused = maxCallsPerIp > 0 && open > maxCallsPerIp;
    const watched = requestIdleMs > 0 && !untimed.has(method.path);
    // A bidirectional call is timed until its first message only; an upload between messages.
    const bidi = method.requestStream && method.responseStream;
    let timer: NodeJS.Timeout | undefined;
    const expire = (): void => {
      timer = undefined;
      if (tracked.ended) return;
      const waitingFor = bidi ? 'the first message' : method.requestStream ? 'the next message of the upload' : 'the whole request';
      call.sendStatus({ code: status.DEADLINE_EXCEEDED, details: `${waitingFor} did not arrive within ${requestIdleMs} ms` });
      // The client has not ended its side: RST_STREAM (NO_ERROR, after the trailers, RFC 9113
      // 8.1) frees the stream instead of leaving it half-open until the client sends more.
      resetAfterStatus(call);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(expire, requestIdleMs);
    };
    const disarm = (): void => {
      clearTimeout(timer);
      timer = undefined;
    };
    if (watched) arm();
    // A refusal is a status with nothing before it (trailers-only), sent while the client may
    // still be sending: its stream stays half-open, counted nowhere and timed by nothing, until
    // the client ends its side (review of the call cap: 1,985 of 2,000 refused uploads were still
    // open after 3 s, and refused streams filled the connection's MAX_CONCURRENT_STREAMS). So a
    // refusal, ours or a later interceptor's (auth) or a handler's (chat full), also resets the
    // stream with NO_ERROR after its trailers. A call that answered first (response headers or a
    // message: a chat participant, a price stream) is left to end as it does, after its messages.
    let answered = false;
    let halfClosed = false;
    const closeRefused = (): void => {
      if (!answered && !halfClosed) resetAfterStatus(call);
    };
    return new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            if (refused) {
              disarm();
              call.sendStatus({ code: status.RESOURCE_EXHAUSTED, details: `too many calls from this address (${maxCallsPerIp} open); retry later` });
              closeRefused();
              return;
            }
            byMetadata.set(metadata, tracked);
            nextMetadata(metadata);
          },
          onReceiveMessage(message, nextMessage) {
            // An upload waits for its next message; a single request for its end.
            if (watched && bidi) disarm();
            else if (watched && method.requestStream) arm();
            nextMessage(message);
          },
          onReceiveHalfClose(nextHalfClose) {
            halfClosed = true;
            disarm();
            nextHalfClose();
          },
          // grpc-js calls onCancel once for every call that ends: status sent, client cancel, reset.
          onCancel() {
            disarm();
            finish(tracked);
          },
        });
      },
      sendMetadata(metadata, next) {
        answered = true;
        next(metadata);
      },
      sendMessage(message, next) {
        answered = true;
        next(message);
      },
      sendStatus(statusObject, next) {
        next(statusObject);
        closeRefused();
      },
    });
  };

  return {
    interceptor,
    size: () => calls.size,

    async endAll(code, details, flushMs) {
      const running = [...calls];
      for (const tracked of running) tracked.base.sendStatus({ code, details });
      if (calls.size > 0) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            idle.delete(done);
            resolve();
          };
          const timer = setTimeout(done, flushMs);
          idle.add(done);
        });
      }
      // Still open: the client does not read, so the status is stuck behind its messages.
      // REFUSED_STREAM is what grpc-js clients report as UNAVAILABLE.
      const resets: Promise<void>[] = [];
      for (const tracked of [...calls]) {
        const stream = resettable(tracked.base);
        if (stream === undefined || stream.closed || stream.destroyed) continue;
        resets.push(new Promise((resolve) => stream.close(http2.NGHTTP2_REFUSED_STREAM, () => resolve())));
      }
      // Node sends the RST_STREAM later when a write is in progress on the session (it queues it
      // behind the pending data); the caller's forceShutdown() right after would destroy the
      // session first and the client would read CANCEL (CANCELLED, never retried). The stream's
      // 'close' comes once the frame has gone out.
      if (resets.length > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.all(resets), new Promise((resolve) => (timer = setTimeout(resolve, flushMs)))]);
        clearTimeout(timer);
      }
    },

    reset(metadata, code) {
      const tracked = byMetadata.get(metadata);
      if (tracked === undefined || tracked.ended) return false;
      const stream = resettable(tracked.base);
      if (stream === undefined || stream.closed || stream.destroyed) return false;
      stream.close(code);
      return true;
    },
  };
}

/**
 * How long after a status its stream is reset when the client has not ended its side. Not at
 * once: under Node 26 (not 20) an RST_STREAM right after a trailers-only answer left first, and
 * grpc-js clients read INTERNAL "Received RST_STREAM with code 0" in place of the status.
 */
const RESET_AFTER_STATUS_MS = 250;

/** RST_STREAM NO_ERROR a moment after a status, unless the stream has closed by then. */
function resetAfterStatus(call: ServerInterceptingCallInterface): void {
  const stream = resettable(call);
  if (stream === undefined || stream.closed || stream.destroyed) return;
  setTimeout(() => {
    if (!stream.closed && !stream.destroyed) stream.close(http2.NGHTTP2_NO_ERROR);
  }, RESET_AFTER_STATUS_MS).unref();
}

function resettable(call: ServerInterceptingCallInterface): ResettableStream | undefined {
  const stream = (call as unknown as { stream?: unknown }).stream;
  if (typeof stream !== 'object' || stream === null) return undefined;
  const candidate = stream as Partial<ResettableStream>;
  return typeof candidate.close === 'function' && typeof candidate.closed === 'boolean' ? (stream as ResettableStream) : undefined;
}

export { status };
