import { constants as http2 } from 'node:http2';
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
  ended: boolean;
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

export function createCallTracker(): CallTracker {
  const calls = new Set<TrackedCall>();
  // The metadata object grpc-js hands to the handler is the one the interceptors passed on:
  // it links a handler's call to its tracked base call without another private field.
  const byMetadata = new WeakMap<Metadata, TrackedCall>();
  const idle = new Set<() => void>();

  const finish = (tracked: TrackedCall): void => {
    if (tracked.ended) return;
    tracked.ended = true;
    calls.delete(tracked);
    if (calls.size === 0) for (const wake of [...idle]) wake();
  };

  const interceptor: ServerInterceptor = (_method, call) => {
    const tracked: TrackedCall = { base: call, ended: false };
    calls.add(tracked);
    return new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            byMetadata.set(metadata, tracked);
            nextMetadata(metadata);
          },
          // grpc-js calls onCancel once for every call that ends: status sent, client cancel, reset.
          onCancel() {
            finish(tracked);
          },
        });
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

function resettable(call: ServerInterceptingCallInterface): ResettableStream | undefined {
  const stream = (call as unknown as { stream?: unknown }).stream;
  if (typeof stream !== 'object' || stream === null) return undefined;
  const candidate = stream as Partial<ResettableStream>;
  return typeof candidate.close === 'function' && typeof candidate.closed === 'boolean' ? (stream as ResettableStream) : undefined;
}

export { status };
