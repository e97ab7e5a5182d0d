import type { IncomingMessage, ServerResponse } from 'node:http';
import { cors } from '@connectrpc/connect';

/** How long browsers may cache a preflight answer. */
const PREFLIGHT_MAX_AGE_S = 7_200;

/**
 * CORS for the Connect and gRPC-Web protocols, from @connectrpc/connect's `cors` constants
 * (the methods and headers those protocols use). Only origins in `allowedOrigins` get
 * CORS headers; others are not blocked here (a server cannot block them) but their
 * browsers refuse to hand the response to the page.
 *
 * Returns true when it answered the request (a preflight), false to continue.
 */
export function handleCors(allowedOrigins: readonly string[], req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && allowedOrigins.includes(origin);
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', cors.exposedHeaders.join(', '));
  }
  res.setHeader('Vary', 'Origin');
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) return false;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', cors.allowedMethods.join(', '));
    // Authorization carries the AUTH_TOKEN; add your own headers here if the browser sends them.
    res.setHeader('Access-Control-Allow-Headers', [...cors.allowedHeaders, 'Authorization'].join(', '));
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
  }
  res.writeHead(204).end();
  return true;
}
