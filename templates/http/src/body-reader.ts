import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';
import { BodyIdleError, readChunks } from './read-chunks.js';

export interface BodyReaderOptions {
  maxBytes: number;
  /** The error once more than maxBytes arrive (413 by default; a replay check answers 422). */
  tooLarge?: (maxBytes: number) => HttpError;
  /** No byte for this long ends the upload with 408; 0 turns it off. Also the rate window. */
  idleTimeoutMs: number;
  /** Each idleTimeoutMs of waiting must bring at least this rate; 0 turns it off. */
  minBytesPerSecond: number;
  /** Aborted by stop() at the end of the grace period. */
  signal?: AbortSignal;
  /** Hashed ahead of the body, so the same bytes sent as JSON and as NDJSON differ. */
  fingerprintPrefix: string;
}

/**
 * Reads a request body chunk by chunk and enforces what a slow or hostile client could abuse:
 * the byte limit, an idle timeout and a minimum rate (so 16 stalled uploads cannot hold every
 * ingest slot, or their Idempotency-Keys, for the whole request timeout). It also hashes the
 * body: the fingerprint that binds an Idempotency-Key to the request it was first used with.
 */
export class BodyReader {
  readonly #req: IncomingMessage;
  readonly #options: BodyReaderOptions;
  readonly #hash: Hash;
  bytes = 0;

  constructor(req: IncomingMessage, options: BodyReaderOptions) {
    this.#req = req;
    this.#options = options;
    this.#hash = createHash('sha256').update(`${options.fingerprintPrefix}\n`);
  }

  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    const { maxBytes, idleTimeoutMs, minBytesPerSecond, signal } = this.#options;
    const source = readChunks(this.#req, { signal, idleMs: idleTimeoutMs });
    let waitedMs = 0;
    let windowBytes = 0;
    try {
      for (;;) {
        const started = performance.now();
        const next = await source.next().catch((error: unknown) => {
          if (error instanceof BodyIdleError) {
            throw new HttpError('BODY_TIMEOUT', `no body bytes arrived for ${error.idleMs} ms`);
          }
          throw error;
        });
        waitedMs += performance.now() - started;
        if (next.done === true) return;
        const chunk = next.value;
        this.bytes += chunk.length;
        windowBytes += chunk.length;
        if (this.bytes > maxBytes) throw (this.#options.tooLarge ?? tooLarge)(maxBytes);
        this.#hash.update(chunk);
        // Windows of waiting time: a client that sends fast, then drips, is caught too.
        if (minBytesPerSecond > 0 && idleTimeoutMs > 0 && waitedMs >= idleTimeoutMs) {
          if (windowBytes * 1000 < minBytesPerSecond * waitedMs) {
            throw new HttpError('BODY_TIMEOUT', `the body arrived slower than ${minBytesPerSecond} bytes/s`);
          }
          waitedMs = 0;
          windowBytes = 0;
        }
        yield chunk;
      }
    } finally {
      await source.return(undefined);
    }
  }

  /** sha256 of prefix and body, base64url; call once the body has been read to its end. */
  fingerprint(): string {
    return this.#hash.digest('base64url');
  }
}

export function tooLarge(maxBytes: number): HttpError {
  return new HttpError('BODY_TOO_LARGE', `request body is larger than ${maxBytes} bytes`);
}
