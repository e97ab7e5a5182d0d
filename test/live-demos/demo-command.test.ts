import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startDemo, type RunningDemo } from './demo-process.js';

describe('choose-protocol demo', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('prints the URL and answers GET /demos/health with every demo', async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(new URL('/demos/health', demo.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, demos: ['chat', 'sse-feed', 'llm-stream', 'grpc-prices', 'ingest', 'race'] });
  });

  it('serves a bare page and its bundle for every demo under /demos/try/', async () => {
    for (const name of ['chat', 'sse-feed', 'llm-stream', 'grpc-prices', 'ingest', 'race']) {
      const page = await fetch(new URL(`/demos/try/${name}`, demo.url));
      expect(page.status, name).toBe(200);
      expect(await page.text()).toContain(`/demos/assets/${name}.js`);
      const script = await fetch(new URL(`/demos/assets/${name}.js`, demo.url));
      expect(script.status, name).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    }
    expect((await fetch(new URL('/demos/assets/demo.css', demo.url))).status).toBe(200);
    const unknown = await fetch(new URL('/demos/try/nope', demo.url));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers an unknown demo route with a typed 404', async () => {
    const response = await fetch(new URL('/demos/nothing-here', demo.url));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers a cut of an unknown connection with 404 and a malformed cut with 405', async () => {
    expect((await fetch(new URL('/demos/cut/0123456789abcdef0123', demo.url), { method: 'POST' })).status).toBe(404);
    expect((await fetch(new URL('/demos/cut/0123456789abcdef0123', demo.url))).status).toBe(405);
  });
});

describe('choose-protocol demo: start and stop', () => {
  it('stops on SIGINT to its process group with exit 0', async () => {
    const demo = await startDemo();
    const { code, signal } = await demo.stop();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(demo.output()).toContain('Stopped.');
  });

  it('--open hands the URL to the desktop opener (xdg-open on Linux)', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'cp-open-'));
    try {
      // A stand-in xdg-open, first on PATH, that records what it was asked to open.
      await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${join(bin, 'opened.txt')}'\n`);
      await chmod(join(bin, 'xdg-open'), 0o755);
      const demo = await startDemo({ PATH: `${bin}:${process.env['PATH'] ?? ''}` }, 20_000, ['--open']);
      try {
        let opened = '';
        for (let i = 0; i < 50 && opened === ''; i++) {
          opened = await readFile(join(bin, 'opened.txt'), 'utf8').catch(() => '');
          if (opened === '') await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(opened).toBe(demo.url);
      } finally {
        expect((await demo.stop()).code).toBe(0);
      }
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('refuses a port in use with CP_DEMO_FAILED and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['demo', '--port', String(port)], { timeoutMs: 15_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('CP_DEMO_FAILED');
      expect(result.stderr).toContain(`port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad port and a bad limit with exit 2', async () => {
    const port = await runCli(['demo', '--port', 'eighty']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('CP_INVALID_VALUE');
    const limit = await runCli(['demo', '--port', '0'], { env: { DEMO_MAX_CLIENTS: '-3' } });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('DEMO_MAX_CLIENTS must be a positive integer');
  });
});
