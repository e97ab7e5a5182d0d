import type { Readable } from 'node:stream';

/** Thrown when the peer goes away before the body ends. */
export class BodyAbortedError extends Error {
  constructor() {
    super('request body aborted by the client');
    this.name = 'BodyAbortedError';
  }
}

/** Thrown when no byte of the body arrived for idleMs. */
export class BodyIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`no body bytes arrived for ${idleMs} ms`);
    this.name = 'BodyIdleError';
  }
}

export interface ReadChunksOptions {
  /** Aborting stops the wait for the next chunk with signal.reason (e.g. on shutdown). */
  signal?: AbortSignal;
  /** Longest wait for the next chunk; 0 waits forever. */
  idleMs?: number;
}

/**
 * Yields a stream's chunks, one read at a time, so nothing is read until the consumer asks.
 * Unlike `for await (const chunk of req)`, stopping early leaves the stream alive (paused):
 * destroying an unfinished IncomingMessage destroys its socket, and the server could no
 * longer send its 413, 408 or 400. The idle limit only counts time spent waiting for the
 * peer, never time the consumer spends on a chunk (a slow disk is not the client's fault).
 */
export async function* readChunks(
  stream: Readable,
  options: ReadChunksOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  for (;;) {
    let chunk: unknown;
    while ((chunk = stream.read()) !== null) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
    if (stream.readableEnded) return;
    await nextEvent(stream, options);
  }
}

function nextEvent(stream: Readable, { signal, idleMs = 0 }: ReadChunksOptions): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  if (stream.destroyed) return Promise.reject(stream.errored ?? new BodyAbortedError());
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('readable', onReady);
      stream.off('end', onReady);
      stream.off('error', onError);
      stream.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(stream.readableEnded ? undefined : (stream.errored ?? new BodyAbortedError()));
    const onAbort = () => settle(signal?.reason as Error);
    const timer = idleMs > 0 ? setTimeout(() => settle(new BodyIdleError(idleMs)), idleMs) : undefined;
    stream.on('readable', onReady);
    stream.on('end', onReady);
    stream.on('error', onError);
    stream.on('close', onClose);
    signal?.addEventListener('abort', onAbort);
  });
}
