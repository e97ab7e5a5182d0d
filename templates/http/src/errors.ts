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
  NOT_FOUND: { status: 404, summary: 'No such path.' },
  METHOD_NOT_ALLOWED: { status: 405, summary: 'The path exists but not for this method; see the Allow header.' },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    summary: 'A request with this Idempotency-Key is still in flight; retry later.',
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
  INTERNAL: { status: 500, summary: 'Unexpected server error; nothing from this request was stored.' },
  BUSY: { status: 503, summary: 'Too many ingests at once; retry after the Retry-After header.' },
  NOT_READY: { status: 503, summary: 'The store is not open yet (or already closed).' },
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

  constructor(code: ErrorCode, message: string, extra: { line?: number; headers?: Record<string, string> } = {}) {
    super(message);
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
