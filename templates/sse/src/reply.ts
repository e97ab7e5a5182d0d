import type { ServerResponse } from 'node:http';
import type { HttpError } from './errors.js';

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Answers with `{"error":{"code","message"}}`; a no-op once headers are out (the stream owns the reply). */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  const payload = JSON.stringify(body);
  res.writeHead(error.status, {
    ...error.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
  });
  res.end(payload);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const payload = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
  });
  res.end(payload);
}
