import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.js';

// Below this, an unread body is cheaper to drain than a new connection.
const DRAIN_LIMIT_BYTES = 64 * 1024;
// How long a connection closed after an early answer stays half-open (see closeWithoutReading);
// nginx's lingering_timeout has the same default.
const LINGER_MS = 5000;

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.setHeader('Cache-Control', 'no-store');
  if (mustCloseAfter(req)) closeWithoutReading(req, res);
  res.end(payload);
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: HttpError): void {
  sendJson(req, res, error.status, error.toBody(), error.headers);
}

/**
 * Ends the connection after this response without reading the rest of the body. Closing a
 * socket that still has unread data sends a TCP reset, and a client still uploading then
 * often loses the answer (fetch reports "write EPIPE" instead of the 413). So: stop reading
 * (the client's unsent body waits on its side, held back by TCP flow control), send FIN after
 * the response, and destroy the socket once the client has had time to read it. Node calls
 * destroySoon() on the socket of a "Connection: close" response once it is written; this
 * replaces it for this one socket. stop() still closes such sockets at once.
 */
function closeWithoutReading(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  const socket = req.socket;
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    if (this.destroyed) return;
    this.pause();
    this.end();
    setTimeout(() => this.destroy(), LINGER_MS).unref();
  };
}

/**
 * Answering before the body is read: either Node drains the rest (fine for a small body it
 * has not started on), or the connection must close, which is how a 413 stops reading.
 */
function mustCloseAfter(req: IncomingMessage): boolean {
  if (req.complete) return false;
  if (req.readableDidRead) return true;
  // A client waiting for "100 Continue" may or may not send the body now: do not guess.
  if (/100-continue/i.test(req.headers.expect ?? '')) return true;
  // No Content-Length and no Transfer-Encoding: the request has no body at all.
  if (req.headers['transfer-encoding'] === undefined && req.headers['content-length'] === undefined) return false;
  const declared = Number(req.headers['content-length']);
  return !(Number.isSafeInteger(declared) && declared <= DRAIN_LIMIT_BYTES);
}

/** The declared Content-Length, undefined for chunked bodies; throws on a malformed value. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  if (!/^\d+$/.test(header)) throw new HttpError('BAD_REQUEST', 'Content-Length must be a non-negative integer');
  return Number(header);
}
