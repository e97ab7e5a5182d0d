import type { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { sendDemoError } from './demo-error.js';

/**
 * Oversized request bodies get an answer, not a reset. Answering 413 before a body is read is
 * right, but node:http then closes the socket as soon as the answer is written, with the rest of
 * the body unread: the kernel answers that with a TCP reset, and the client, still sending,
 * sees EPIPE or ECONNRESET and often never reads the 413. So before closing, the server
 * lingers (as nginx's lingering_close and Apache do): it half-closes, reads and discards what
 * is still coming for at most LINGER_MS and LINGER_BYTES, then closes. Nothing is kept.
 */
export const LINGER_MS = 2_000;
export const LINGER_BYTES = 16 * 1024 * 1024;
/** How often a lingering socket's byte count is checked against LINGER_BYTES. */
const LINGER_CHECK_MS = 20;

type ClosingSocket = Socket & { destroySoon(): void };
const nodeDestroySoon = (Socket.prototype as ClosingSocket).destroySoon;

/** True when the request says it has a body (a length above 0, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** The declared Content-Length when it is above `maxBytes`, else undefined. */
export function declaredOver(req: IncomingMessage, maxBytes: number): number | undefined {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes ? declared : undefined;
}

/**
 * Makes the close that node:http does after a `Connection: close` answer (socket.destroySoon)
 * linger while `req`'s body is still arriving. Applies to whoever answers: our 413s and the
 * starters' own (the sse starter's chat 413, the http starter's), which close the same way.
 */
export function lingerBeforeClose(req: IncomingMessage): void {
  // destroySoon is what node:http calls (Node 20 to 24) but not documented: should a future Node
  // drop it, nothing is patched and an oversized body is closed as before (a reset, not a crash).
  if (typeof nodeDestroySoon !== 'function') return;
  const socket = req.socket as ClosingSocket;
  socket.destroySoon = function lingeringDestroySoon(this: ClosingSocket): void {
    if (req.complete || req.destroyed) return nodeDestroySoon.call(this);
    if (this.writable) this.end();
    // Counted on the socket, not from req's 'data': once the answer is sent node:http dumps the
    // request (its parser then drops body bytes without emitting them), so a count of 'data'
    // never moved and a client could push for the whole LINGER_MS (measured: 622 MiB on loopback).
    const readAtStart = this.bytesRead;
    let done = false;
    const close = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(meter);
      if (this.writableFinished) this.destroy();
      else this.once('finish', () => this.destroy());
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    // The parser takes bytes from the socket's handle directly (no 'data' event to count), so
    // bytesRead is sampled; between samples a client adds at most LINGER_CHECK_MS of its speed.
    const meter = setInterval(() => {
      if (this.bytesRead - readAtStart > LINGER_BYTES) close();
    }, LINGER_CHECK_MS);
    meter.unref();
    this.once('close', () => {
      clearTimeout(timer);
      clearInterval(meter);
    });
    req.once('end', close);
    req.once('error', close);
    req.resume();
  };
}

/** 413 with the demo error shape and `Connection: close`; the body's rest is read and dropped. */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number, limit: string): void {
  lingerBeforeClose(req);
  sendDemoError(res, 413, { code: 'payload_too_large', limit, message: `the request body is larger than ${maxBytes} bytes` }, { Connection: 'close' });
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/** Reads a body of at most `maxBytes` (a declared larger length is refused before reading a byte). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  if (declaredOver(req, maxBytes) !== undefined) return Promise.resolve({ ok: false, reason: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: BodyResult): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        return settle({ ok: false, reason: 'too_large' });
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle({ ok: true, body: Buffer.concat(chunks, size) });
    const onAbort = (): void => settle({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAbort);
    req.once('close', onAbort);
  });
}
