import type { ServerResponse } from 'node:http';

/**
 * The typed refusal every demo route answers with, so a page can show why instead of stalling:
 * `{ "error": { "code": "demo_limit", "limit": "connectionsPerIp", "message": "…" } }`.
 */
export type DemoErrorCode = 'demo_limit' | 'not_found' | 'method_not_allowed' | 'bad_request' | 'payload_too_large' | 'shutting_down' | 'internal_error';

export interface DemoError {
  code: DemoErrorCode;
  message: string;
  /** For demo_limit: which limit (a DemoLimits key). */
  limit?: string;
}

export function sendDemoError(res: ServerResponse, status: number, error: DemoError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: error });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
