import type { Readable } from 'node:stream';

/** Thrown when the peer goes away before the body ends. */
export class BodyAbortedError extends Error {
  constructor() {
    super('request body aborted by the client');
    this.name = 'BodyAbortedError';
  }
}

/**
 * Yields a stream's chunks, one read at a time, so nothing is read until the consumer asks.
 * Unlike `for await (const chunk of req)`, stopping early leaves the stream alive (paused):
 * destroying an unfinished IncomingMessage destroys its socket, and the server could no
 * longer send its 413 or 400.
 */
export async function* readChunks(stream: Readable): AsyncGenerator<Buffer, void, undefined> {
  for (;;) {
    let chunk: unknown;
    while ((chunk = stream.read()) !== null) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    }
    if (stream.readableEnded) return;
    await nextEvent(stream);
  }
}

function nextEvent(stream: Readable): Promise<void> {
  if (stream.destroyed) return Promise.reject(stream.errored ?? new BodyAbortedError());
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('readable', onReady);
      stream.off('end', onReady);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(stream.readableEnded ? undefined : (stream.errored ?? new BodyAbortedError()));
    stream.on('readable', onReady);
    stream.on('end', onReady);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
