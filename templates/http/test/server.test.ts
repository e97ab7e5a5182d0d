import { open, readFile } from 'node:fs/promises';
import { createServer as createHostServer } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LOG_FILE } from '../src/file-store.js';
import { createServer } from '../src/server.js';
import { allRecords, get, ndjson, post, startServer, tempDir } from './helpers.js';

describe('routes', () => {
  it('answers GET /healthz with 200', async () => {
    const { url } = await startServer();
    expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers 404 for unknown paths and 405 with Allow for wrong methods', async () => {
    const { url } = await startServer();
    expect(await get(`${url}/nope`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const cases: Array<[string, string, string]> = [
      ['GET', '/ingest', 'POST'],
      ['DELETE', '/records', 'GET, HEAD'],
      ['POST', '/healthz', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${url}${path}`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('serves the browser client', async () => {
    const { url } = await startServer();
    const page = await get(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('<script type="module" src="app.js">');
    const script = await get(`${url}/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.body).toContain('// @ts-check');
  });
});

describe('GET /healthz and a damaged store', () => {
  it('answers 503 "broken" once a read finds a damaged record, while pages past it still work', async () => {
    const logged: string[] = [];
    const { url, dataDir } = await startServer({ logError: (_, error) => logged.push(String(error)) });
    await post(url, ndjson(Array.from({ length: 4 }, (_, value) => ({ type: 't', value }))));
    const path = join(dataDir, LOG_FILE);
    const text = await readFile(path, 'utf8');
    const handle = await open(path, 'r+');
    await handle.write(Buffer.alloc(3), 0, 3, text.indexOf('{"id":2,') + 12);
    await handle.close();

    const damaged = await get(`${url}/records?after=0`);
    expect(damaged).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
    expect(logged).toEqual([expect.stringContaining('record 2')]);
    expect(await get(`${url}/healthz`)).toMatchObject({
      status: 503,
      body: { status: 'broken', problem: expect.stringContaining('record 2') },
    });
    expect((await get(`${url}/records?after=2`)).body.records.map((record: { id: number }) => record.id)).toEqual([3, 4]);
  });
});

describe('raw HTTP/1.1 clients', () => {
  it('answers a client that half-closes (FIN) right after its request: that is not a lost interest (RFC 9112 9.6)', async () => {
    const { url } = await startServer({ limits: { maxConcurrentIngests: 50, maxConcurrentIngestsPerIp: 50 } });
    const port = Number(new URL(url).port);
    const body = '{"type":"half-closed","value":1}\n';
    const request = `POST /ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const replies = await Promise.all(Array.from({ length: 50 }, () => rawExchange(port, request)));
    expect(replies.map((reply) => reply.split('\r\n')[0])).toEqual(Array(50).fill('HTTP/1.1 202 Accepted'));
    expect(await allRecords(url)).toHaveLength(50);
  });

  it('never serves a file outside public/: traversal paths sent as raw bytes get 404', async () => {
    const { url } = await startServer();
    const port = Number(new URL(url).port);
    // fetch() and new URL() would normalise these before sending; a raw socket does not.
    const paths = ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/app.js/../../package.json', '//etc/passwd', '/./app.js/..', '/public/../README.md', '/..\\package.json'];
    for (const path of paths) {
      const reply = await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(reply.split('\r\n')[0], path).toBe('HTTP/1.1 404 Not Found');
      expect(reply, path).toContain('"code":"NOT_FOUND"');
      expect(reply, path).not.toContain('"devDependencies"');
    }
  });
});

describe('GET /records', () => {
  it('pages with after and limit, and says where to continue', async () => {
    const { url } = await startServer();
    await post(url, ndjson(Array.from({ length: 5 }, (_, value) => ({ type: 't', value }))));
    const first = await get(`${url}/records?limit=2`);
    expect(first.body).toEqual({
      records: [
        { id: 1, type: 't', value: 0 },
        { id: 2, type: 't', value: 1 },
      ],
      next: 2,
      hasMore: true,
    });
    const last = await get(`${url}/records?after=4&limit=2`);
    expect(last.body).toEqual({ records: [{ id: 5, type: 't', value: 4 }], next: 5, hasMore: false });
    const none = await get(`${url}/records?after=5`);
    expect(none.body).toEqual({ records: [], next: 5, hasMore: false });
  });

  it('rejects a bad cursor or a page over the maximum with 400', async () => {
    const { url } = await startServer({ limits: { maxPageSize: 10 } });
    for (const query of ['after=-1', 'after=abc', 'limit=0', 'limit=11']) {
      expect(await get(`${url}/records?${query}`)).toMatchObject({
        status: 400,
        body: { error: { code: 'BAD_REQUEST' } },
      });
    }
  });
});

describe('mounting handleRequest on a host server', () => {
  it('serves the API under basePath once opened, and 503 NOT_READY before', async () => {
    const app = createServer({ dataDir: await tempDir(), basePath: '/http' });
    const host = createHostServer((req, res) => {
      if (req.url?.startsWith('/http')) return app.handleRequest(req, res);
      res.writeHead(200).end('host');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    try {
      expect((await get(`${base}/http/records`)).status).toBe(503);
      await app.open();
      expect((await post(`${base}/http`, ndjson([{ type: 'mounted', value: 1 }]))).status).toBe(202);
      expect(await allRecords(`${base}/http`)).toEqual([{ id: 1, type: 'mounted', value: 1 }]);
      expect((await get(`${base}/http/`)).headers.get('content-type')).toContain('text/html');
      expect((await get(`${base}/other`)).body).toBe('host');
    } finally {
      host.close();
      host.closeAllConnections();
      await app.stop();
    }
  });
});

/** Sends raw bytes, half-closes, and returns everything the server wrote before closing. */
function rawExchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.end(raw);
  });
}
