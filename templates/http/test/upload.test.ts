import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer as createHostServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../src/generate-records.js';
import { createServer } from '../src/server.js';
import { backoffDelay, isRetryable, uploadWithRetry } from '../src/upload.js';
import { allRecords, ndjson, startServer, tempDir } from './helpers.js';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

/** The real API behind a host server that can misbehave on chosen attempts. */
async function flakyServer(handler: Handler) {
  const app = createServer({ dataDir: await tempDir() });
  await app.open();
  let attempts = 0;
  const host = createHostServer((req, res) => {
    attempts += 1;
    handler(req, res, attempts);
    if (!res.writableEnded && !res.destroyed && !req.socket.destroyed) app.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  return {
    url,
    attempts: () => attempts,
    async close() {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
      await app.stop();
    },
  };
}

const noWait = { sleep: async () => undefined };
const body = () =>
  ndjson([
    { type: 'a', value: 1 },
    { type: 'b', value: 2 },
  ]);

describe('uploadWithRetry', () => {
  it('retries a 503 and then succeeds', async () => {
    const server = await flakyServer((req, res, attempt) => {
      if (attempt === 1) res.writeHead(503, { 'Retry-After': '0' }).end();
    });
    try {
      const delays: number[] = [];
      const result = await uploadWithRetry({
        url: `${server.url}/ingest`,
        body,
        ...noWait,
        onRetry: (retry) => delays.push(retry.delayMs),
      });
      expect(result).toMatchObject({ status: 202, attempts: 2, replayed: false, body: { accepted: 2 } });
      expect(delays).toHaveLength(1);
      expect(await allRecords(server.url)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('after a connection lost once the server had committed, gets the replayed answer and nothing is stored twice', async () => {
    const server = await flakyServer((req, res, attempt) => {
      // The server stores the upload, but the 202 never reaches the client.
      if (attempt === 1) res.end = (() => req.socket.destroy()) as unknown as typeof res.end;
    });
    try {
      const result = await uploadWithRetry({ url: `${server.url}/ingest`, body, ...noWait });
      expect(result).toMatchObject({ status: 202, attempts: 2, replayed: true, body: { accepted: 2 } });
      expect(await allRecords(server.url)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('does not retry a 4xx', async () => {
    const { url } = await startServer();
    const result = await uploadWithRetry({ url: `${url}/ingest`, body, contentType: 'text/csv', ...noWait });
    expect(result).toMatchObject({ status: 415, attempts: 1, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
  });

  it('reports a 413 for an oversized stream, without retrying', async () => {
    const { url } = await startServer({ limits: { maxBodyBytes: 64 * 1024 } });
    const result = await uploadWithRetry({ url: `${url}/ingest`, body: () => generateRecords(100_000, 0), ...noWait });
    expect(result).toMatchObject({ status: 413, attempts: 1, body: { error: { code: 'BODY_TOO_LARGE' } } });
  });

  it('gives up after maxAttempts network errors', async () => {
    const { server, url } = await startServer();
    await server.stop();
    const retries: string[] = [];
    await expect(
      uploadWithRetry({
        url: `${url}/ingest`,
        body,
        maxAttempts: 3,
        ...noWait,
        onRetry: (retry) => retries.push(retry.reason),
      }),
    ).rejects.toThrow();
    expect(retries).toHaveLength(2);
  });

  it('streams a file and a generated body with fetch', async () => {
    const { url } = await startServer();
    const file = join(await tempDir(), 'upload.ndjson');
    await writeFile(file, ndjson([{ type: 'from-file', value: 1 }]));
    const fromFile = await uploadWithRetry({ url: `${url}/ingest`, body: () => createReadStream(file) });
    expect(fromFile).toMatchObject({ status: 202, body: { accepted: 1 } });
    const generated = await uploadWithRetry({
      url: `${url}/ingest`,
      body: () => generateRecords(2500, Date.UTC(2026, 0, 1)),
    });
    expect(generated).toMatchObject({ status: 202, body: { accepted: 2500, rejected: [] } });
    expect(await allRecords(url)).toHaveLength(2501);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const almostOne = () => 0.999_999;
    expect(backoffDelay(1, 100, 10_000, almostOne)).toBe(99);
    expect(backoffDelay(4, 100, 10_000, almostOne)).toBe(799);
    expect(backoffDelay(20, 100, 10_000, almostOne)).toBe(9999);
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(0);
  });

  it('retries 5xx, 429, 408 and an in-flight duplicate, never other 4xx', () => {
    expect([500, 502, 503, 429, 408].every((status) => isRetryable(status))).toBe(true);
    expect(isRetryable(409, 'IDEMPOTENCY_KEY_IN_USE')).toBe(true);
    expect([400, 404, 409, 413, 415, 422].some((status) => isRetryable(status))).toBe(false);
  });
});
