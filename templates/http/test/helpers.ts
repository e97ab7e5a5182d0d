import { mkdtemp, rm } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createServer, type IngestServer, type ServerOptions } from '../src/server.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh DATA_DIR, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'http-starter-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface Running {
  server: IngestServer;
  url: string;
  dataDir: string;
}

/** A started server on an ephemeral port, stopped after the test (stop() is idempotent). */
export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const dataDir = options.dataDir ?? (await tempDir());
  const server = createServer({ host: '127.0.0.1', port: 0, dataDir, shutdownGraceMs: 500, ...options });
  cleanups.push(() => server.stop());
  const { url } = await server.start();
  return { server, url, dataDir };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson', ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function get(url: string): Promise<Reply> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
}

/** Every stored record, following the cursor. */
export async function allRecords(
  url: string,
): Promise<Array<{ id: number; type: string; value: number; ts?: string }>> {
  const records = [];
  let after = 0;
  for (;;) {
    const { body } = await get(`${url}/records?after=${after}&limit=1000`);
    records.push(...body.records);
    after = body.next;
    if (!body.hasMore) return records;
  }
}

/** Resolves once the server has started handling the next request (headers parsed). */
export function nextRequest(server: IngestServer): Promise<void> {
  return new Promise((resolve) => server.httpServer.once('request', () => resolve()));
}

export function ndjson(records: unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/**
 * A request whose body the test writes by hand (node:http, not fetch), to hold an upload
 * open, send a lying Content-Length, or see what happens to a body the server stops reading.
 */
export function openUpload(url: string, headers: Record<string, string | number> = {}) {
  const target = new URL(`${url}/ingest`);
  const req = request({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson', ...headers },
  });
  const response = new Promise<{ status: number; headers: IncomingHttpHeaders; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text === '' ? undefined : JSON.parse(text),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  // Unhandled until a test awaits it; a test that expects a failure awaits it itself.
  response.catch(() => undefined);
  return { req, response };
}
