import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

export interface UploadOptions {
  /** The ingest endpoint, e.g. http://127.0.0.1:3000/ingest. */
  url: string | URL;
  /**
   * Makes the body for one attempt. A stream can be sent only once, so every retry opens a
   * new one (a file stream, a generator): it must produce the same bytes each time.
   */
  body: () => AsyncIterable<Uint8Array> | string;
  contentType?: string;
  /** The same key on every attempt is what makes retrying safe. Default: a random UUID. */
  idempotencyKey?: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (retry: { attempt: number; delayMs: number; reason: string }) => void;
  /** Injected in tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface UploadResult {
  status: number;
  body: unknown;
  attempts: number;
  /** True when the server answered from its idempotency record (an earlier attempt stored it). */
  replayed: boolean;
  idempotencyKey: string;
}

export const DEFAULT_UPLOAD = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 10_000 } as const;

/**
 * "Full jitter" exponential backoff: a random wait in [0, min(max, base * 2^(attempt-1))),
 * so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Worth retrying: the server failed (5xx), asked us to slow down (429), timed out waiting for
 * the body (408), or is still running our first attempt (409 IDEMPOTENCY_KEY_IN_USE, typical
 * after a dropped connection: the retry then gets the stored answer). Any other 4xx will fail
 * the same way again.
 */
export function isRetryable(status: number, errorCode?: string): boolean {
  // 408: the server gave up waiting for the body (a stall on the way); RFC 9110 lets the
  // client repeat the request.
  if (status >= 500 || status === 429 || status === 408) return true;
  return status === 409 && errorCode === 'IDEMPOTENCY_KEY_IN_USE';
}

/** Streams one upload with fetch and retries it safely under one Idempotency-Key. */
export async function uploadWithRetry(options: UploadOptions): Promise<UploadResult> {
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const maxAttempts = options.maxAttempts ?? DEFAULT_UPLOAD.maxAttempts;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_UPLOAD.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_UPLOAD.maxDelayMs;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  for (let attempt = 1; ; attempt += 1) {
    let reason: string;
    let retryAfterMs = 0;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': options.contentType ?? 'application/x-ndjson',
          'Idempotency-Key': idempotencyKey,
        },
        body: options.body(),
        // Required by fetch for a streamed request body.
        duplex: 'half',
      });
      const text = await response.text();
      const body = parseBody(text);
      const errorCode = errorCodeOf(body);
      if (!isRetryable(response.status, errorCode) || attempt >= maxAttempts) {
        const replayed = response.headers.get('idempotent-replayed') === 'true';
        return { status: response.status, body, attempts: attempt, replayed, idempotencyKey };
      }
      reason = `HTTP ${response.status}${errorCode ? ` ${errorCode}` : ''}`;
      retryAfterMs = retryAfterToMs(response.headers.get('retry-after'));
    } catch (error) {
      // Network errors: the server may or may not have committed; the key makes a retry safe.
      if (attempt >= maxAttempts) throw error;
      reason = describe(error);
    }
    const delayMs = Math.min(
      maxDelayMs,
      Math.max(retryAfterMs, backoffDelay(attempt, baseDelayMs, maxDelayMs, options.random)),
    );
    options.onRetry?.({ attempt, delayMs, reason });
    await sleep(delayMs);
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error?: { code?: unknown } }).error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

function retryAfterToMs(header: string | null): number {
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
