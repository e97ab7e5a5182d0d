import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticFiles } from '../../live-demos/src/static-files.js';

/** A raw request, so the path reaches the server exactly as written (fetch would normalise "/../"). */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let reply = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

describe("the demo server's static files", () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-static-'));
    await mkdir(join(dir, 'site/protocols/sse'), { recursive: true });
    await writeFile(join(dir, 'site/index.html'), '<h1>home</h1>');
    await writeFile(join(dir, 'site/protocols/sse/index.html'), '<h1>sse</h1>');
    await writeFile(join(dir, 'secret.txt'), 'do not serve');
    const files = createStaticFiles(join(dir, 'site'));
    server = createServer((req, res) => {
      void files.serve(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((served) => {
        if (!served) res.writeHead(404).end('missing');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html for / and for a folder, with its content type', async () => {
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toBe('<h1>home</h1>');
    expect(await (await fetch(`http://127.0.0.1:${port}/protocols/sse/`)).text()).toBe('<h1>sse</h1>');
    expect(await (await fetch(`http://127.0.0.1:${port}/protocols/sse`)).text()).toBe('<h1>sse</h1>');
  });

  it('never reads outside its folder, whatever the encoding of ".."', async () => {
    for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/protocols/..%2f..%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      const reply = await rawGet(port, target);
      expect(reply, target).toMatch(/^HTTP\/1\.1 404/);
      expect(reply, target).not.toContain('do not serve');
    }
  });
});
