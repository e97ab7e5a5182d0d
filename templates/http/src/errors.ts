/**
 * Every error the API answers with, as data: the README's table and the tests read the same
 * list. Codes are stable; messages may change.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, summary: 'A header or query parameter is invalid.' },
  MALFORMED_JSON: { status: 400, summary: 'The body (or one NDJSON line, named in `line`) is not valid JSON.' },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    summary: 'Idempotency-Key is empty, longer than 255 characters or not printable ASCII.',
  },
  INVALID_UTF8: {
    status: 400,
    summary: 'The body (or one NDJSON line, named in `line`) is not valid UTF-8. Nothing from the upload is stored.',
  },
  NOT_FOUND: { status: 404, summary: 'No such path.' },
  METHOD_NOT_ALLOWED: { status: 405, summary: 'The path exists but not for this method; see the Allow header.' },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    summary: 'A request with this Idempotency-Key is still in flight; retry later.',
  },
  BODY_TIMEOUT: {
    status: 408,
    summary: 'The body stalled (no byte for BODY_IDLE_TIMEOUT_MS) or arrived slower than BODY_MIN_BYTES_PER_SECOND.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    summary: 'The body is over the limit (checked on Content-Length first, then while reading).',
  },
  LINE_TOO_LONG: { status: 413, summary: 'One NDJSON line is over MAX_LINE_BYTES.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary: 'Content-Type is not application/json or application/x-ndjson (UTF-8).',
  },
  UNSUPPORTED_CONTENT_ENCODING: {
    status: 415,
    summary: 'Content-Encoding other than identity (compressed bodies are not accepted).',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    summary: 'This Idempotency-Key was first used with a different body (or Content-Type); nothing is stored.',
  },
  INTERNAL: { status: 500, summary: 'Unexpected server error; nothing from this request was stored.' },
  STORAGE_FULL: {
    status: 507,
    summary: 'The disk (or a file size limit) is full: the upload was rolled back, nothing was stored. Retry later (same key).',
  },
  CLIENT_BUSY: {
    status: 429,
    summary: 'This address already runs MAX_CONCURRENT_INGESTS_PER_IP uploads; retry after the Retry-After header.',
  },
  BUSY: { status: 503, summary: 'Too many ingests at once; retry after the Retry-After header.' },
  SHUTTING_DOWN: {
    status: 503,
    summary: 'The server stopped while the upload was still arriving; nothing was stored. Retry (same key).',
  },
  NOT_READY: { status: 503, summary: 'The store is not open yet (or already closed).' },
  LOCK_LOST: {
    status: 503,
    summary: 'The DATA_DIR writer lock socket was deleted or replaced; this instance refuses commits. Nothing was stored.',
  },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; line?: number };
}

/** An error that maps to one HTTP answer. Anything else thrown becomes 500 INTERNAL. */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly line: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { line?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'HttpError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.line = extra.line;
    this.headers = extra.headers ?? {};
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { error: { code: this.code, message: this.message } };
    if (this.line !== undefined) body.error.line = this.line;
    return body;
  }
}
