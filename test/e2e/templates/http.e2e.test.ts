import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTestTypecheck, makeTempDir, npmStart, portClosed, scaffold } from '../helpers.js';

const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

describe('init http: scaffold, install, test, start, ingest, restart, stop', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let dir: string;

  beforeAll(async () => {
    work = await makeTempDir('http');
    dir = await scaffold('http', work.path, 'ingest');
  });
  afterAll(() => work.remove());

  it('installs and passes its own tests', () => installTestTypecheck(dir));

  it('accepts NDJSON once per idempotency key and keeps it across a restart', async () => {
    // A short drain: the test still sees it happen (the log line) without waiting 5 s.
    const env = { PORT: '0', DATA_DIR: join(work.path, 'data'), DRAIN_DELAY_MS: '300' };
    const first = await npmStart(dir, env, port);
    const ingest = (body: string) =>
      fetch(`http://127.0.0.1:${first.port}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': 'batch-1' },
        body,
      });
    const body = '{"type":"temp","value":21.5}\n{"type":"temp","value":"hot"}\n{"type":"temp","value":22}\n';
    const answer = await ingest(body);
    expect(answer.status).toBe(202);
    const json = (await answer.json()) as { accepted: number; rejected: { line: number }[] };
    expect(json.accepted).toBe(2);
    expect(json.rejected.map((r) => r.line)).toEqual([2]);

    const retry = await ingest(body);
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(json);

    const stopped = await first.terminate();
    expect(stopped.ms).toBeLessThan(5000);
    expect(first.log()).toContain('SIGTERM: draining for 300 ms');
    expect(first.log()).toContain('ingest server stopped');
    expect(await portClosed(first.port)).toBe(true);

    const second = await npmStart(dir, env, port);
    const records = (await (await fetch(`http://127.0.0.1:${second.port}/records?after=0`)).json()) as { records: { value: number }[] };
    expect(records.records.map((r) => r.value)).toEqual([21.5, 22]);
    await second.terminate();
    expect(second.log()).toContain('ingest server stopped');
  });

  it('the demo page in Chromium: a new Idempotency-Key after a final answer, the same key after a network error', async () => {
    const server = await npmStart(dir, { PORT: '0', DATA_DIR: join(work.path, 'data-page'), DRAIN_DELAY_MS: '0' }, port);
    const browser = await Chromium.launch();
    try {
      const page = await browser.open(`http://127.0.0.1:${server.port}/`);
      const key = () => page.evaluate<string>(`document.getElementById('key').value`);
      const submit = () =>
        page.evaluate<string>(`new Promise((resolve) => {
          const answer = document.getElementById('answer');
          const before = answer.textContent;
          const timer = setInterval(() => {
            if (answer.textContent !== before) { clearInterval(timer); resolve(answer.textContent); }
          }, 20);
          document.querySelector('button[type=submit]').click();
        })`);
      await page.evaluate(`new Promise((resolve) => { const t = setInterval(() => { if (document.getElementById('key').value) { clearInterval(t); resolve(true); } }, 20); })`);

      const first = await key();
      expect(await submit()).toMatch(/^202 with key /);
      const second = await key();
      expect(second).not.toBe(first);

      // The old key with another body: 422, final, so again a new key.
      await page.evaluate(`document.getElementById('key').value = ${JSON.stringify(first)}; document.getElementById('body').value = '{"type":"other","value":1}'`);
      expect(await submit()).toMatch(/^422 with key /);
      const third = await key();
      expect([first, second]).not.toContain(third);

      // Offline: the request never got an answer, so the key stays for a safe retry.
      await page.send('Network.enable');
      await page.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      // Chromium answers that command before its network service applies it: a request sent
      // at once can still go out (1 in 11 launches here), and the upload was then stored with
      // a 202. Offline is in effect once a probe fails.
      expect(
        await page.evaluate<boolean>(`(async () => {
          for (let tries = 0; tries < 100; tries += 1) {
            const failed = await fetch('healthz', { cache: 'no-store' }).then(() => false, () => true);
            if (failed) return true;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          return false;
        })()`),
      ).toBe(true);
      expect(await submit()).toMatch(/^Network error/);
      expect(await key()).toBe(third);
    } finally {
      await browser.close();
      await server.terminate();
    }
  });
});

/**
 * Just enough of the Chrome DevTools Protocol, over --remote-debugging-pipe (no dependency):
 * open a page, evaluate JavaScript in it, send a command.
 */
class Chromium {
  #nextId = 0;
  #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    private readonly profile: string,
  ) {
    let buffered = '';
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let end: number;
      while ((end = buffered.indexOf('\0')) !== -1) {
        const message = JSON.parse(buffered.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
        buffered = buffered.slice(end + 1);
        const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
        if (waiter === undefined) continue;
        this.#pending.delete(message.id!);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result);
      }
    });
  }

  static async launch(): Promise<Chromium> {
    const profile = await mkdtemp(join(tmpdir(), 'choose-protocol-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    const child = spawn('/usr/bin/chromium', [...args, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    return new Chromium(child, profile);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.#nextId;
    const reply = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: (value) => resolve(value as T), reject });
      setTimeout(() => reject(new Error(`${method}: no reply within 20 s`)), 20_000).unref();
    });
    (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return reply;
  }

  async open(url: string) {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    await this.send('Page.enable', {}, sessionId);
    await this.send('Page.navigate', { url }, sessionId);
    const page = {
      send: (method: string, params: Record<string, unknown> = {}) => this.send(method, params, sessionId),
      evaluate: async <T>(expression: string): Promise<T> => {
        const { result, exceptionDetails } = await this.send<{ result: { value: unknown }; exceptionDetails?: unknown }>(
          'Runtime.evaluate',
          { expression, awaitPromise: true, returnByValue: true },
          sessionId,
        );
        if (exceptionDetails) throw new Error(`in the page: ${JSON.stringify(exceptionDetails)}`);
        return result.value as T;
      },
    };
    // Loaded once the new document is complete (evaluating while the old one goes away throws).
    for (let tries = 0; ; tries += 1) {
      const loaded = await page
        .evaluate<boolean>(`document.readyState === 'complete' && location.href.startsWith('http')`)
        .catch(() => false);
      if (loaded) return page;
      if (tries > 200) throw new Error(`${url} did not load within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
    // Chromium's helper processes may still write to the profile after the browser exits:
    // a single rm then fails with ENOTEMPTY (2 in 13 launches here), failing a passed test.
    await rm(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
