import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, cleanEnv, runCli } from '../helpers/cli.js';
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

/**
 * A preload for the demo process that reports on fd 3 each time a SIGINT listener is added (one
 * "I" per listener): bin.ts's, then the demo command's. The test sends Ctrl-C at those moments,
 * the earliest the CLI can answer one, instead of guessing with sleeps.
 */
const REPORT_SIGINT_LISTENERS = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs';" +
    // once() adds through on(): hooking on, addListener and prependListener counts each listener once.
    "for (const name of ['on', 'addListener', 'prependListener']) {" +
    '  const original = process[name];' +
    "  process[name] = function (event, listener) { const result = original.call(this, event, listener); if (event === 'SIGINT') writeSync(3, 'I'); return result; };" +
    '}',
)}`;

/** Starts `demo --port 0`, sends Ctrl-C (SIGINT to its group) `delayMs` after its `listeners`-th SIGINT listener; reports how it ended. */
async function interruptStartUp(listeners: number, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; urlBeforeSignal: boolean }> {
  const child = spawn(process.execPath, ['--import', REPORT_SIGINT_LISTENERS, binPath, 'demo', '--port', '0'], {
    env: cleanEnv({ NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
  let seen = 0;
  let urlBeforeSignal = false;
  const reports = child.stdio[3] as NodeJS.ReadableStream;
  reports.setEncoding('utf8');
  reports.on('data', (chunk: string) => {
    seen += chunk.length;
    if (seen - chunk.length < listeners && seen >= listeners) {
      setTimeout(() => {
        urlBeforeSignal = output.includes('Live demos:');
        process.kill(-child.pid!, 'SIGINT');
      }, delayMs);
    }
  });
  const result = await exited;
  clearTimeout(killer);
  return { ...result, output, urlBeforeSignal };
}

describe('choose-protocol demo: Ctrl-C at any moment of start-up', () => {
  // 1: bin.ts has its handler, the command has not started; 2: the demo command has taken the
  // signals over, before loading its bundle; then a little later, while the bundle loads and the
  // mounts start.
  for (const [listeners, delayMs] of [
    [1, 0],
    [2, 0],
    [2, 40],
  ] as const) {
    it(`stops with exit 0 and no stack when SIGINT comes ${delayMs} ms after SIGINT listener ${listeners}, before the URL line`, async () => {
      const { code, signal, output, urlBeforeSignal } = await interruptStartUp(listeners, delayMs);
      expect({ code, signal, urlBeforeSignal, output }).toEqual({ code: 0, signal: null, urlBeforeSignal: false, output: expect.any(String) });
      expect(output).not.toMatch(/Cancelled|Error|\n\s+at /);
    });
  }
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
