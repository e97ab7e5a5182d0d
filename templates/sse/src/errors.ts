/**
 * Every error this server answers with, as data: the README's table is this table.
 * Codes are stable API; messages are for humans and may change.
 */
export const ERROR_CODES = {
  not_found: { status: 404, message: 'No route for this path.' },
  method_not_allowed: { status: 405, message: 'This path does not accept that method.' },
  unsupported_media_type: { status: 415, message: 'Send Content-Type: application/json.' },
  payload_too_large: { status: 413, message: 'The request body is larger than the limit.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, message: 'The request body does not have the expected shape.' },
  unauthorized: { status: 401, message: 'Missing or wrong bearer token.' },
  publish_disabled: { status: 403, message: 'Publishing is disabled: PUBLISH_TOKEN is not set.' },
  too_many_streams: { status: 503, message: 'Too many open streams; retry later.' },
  shutting_down: { status: 503, message: 'The server is shutting down.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was already used for a different request: use a new key for new events.' },
  store_unavailable: { status: 503, message: 'Redis is unavailable: the event was not published. Retry later.' },
  internal_error: { status: 500, message: 'Internal server error.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes sent inside an already-open event stream as `event: error`, since the status is already 200. */
export const STREAM_ERROR_CODES = {
  model_failed: 'The model failed while generating; the reply is incomplete.',
  shutting_down: 'The server is shutting down; the reply is incomplete.',
} as const;

export type StreamErrorCode = keyof typeof STREAM_ERROR_CODES;

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message?: string, headers: Record<string, string> = {}) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'HttpError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.headers = headers;
  }
}

/** The client went away before its request body was complete: nobody is left to answer. */
export class RequestAbortedError extends Error {
  constructor() {
    super('the client closed the connection before the request body was complete');
    this.name = 'RequestAbortedError';
  }
}

/**
 * A publish refused because the server has begun to stop: the streams are ending and an
 * in-memory hub dies with the process, so accepting it would promise an event nobody gets.
 * server.publish() throws it; POST /publish answers 503 shutting_down.
 */
export class ShuttingDownError extends Error {
  readonly code = 'shutting_down';

  constructor() {
    super('the server is shutting down; nothing more is published');
    this.name = 'ShuttingDownError';
  }
}

/**
 * Redis mode: Redis did not accept a command (down, unreachable, too slow). A publish that
 * fails with it was not stored, so POST /publish answers 503 store_unavailable, never 202.
 * `connect()` rejects with it when Redis cannot be reached at start.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
