import { type Browser, chromium } from 'playwright-core';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createServer } from '../../src/server.js';
import { startBlackholeProxy } from '../blackhole-proxy.js';
import { connect } from '../helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HEARTBEAT_MS = 500;

async function launch(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  onTestFinished(() => browser.close());
  return browser;
}

describe('the browser client in Chromium', () => {
  it('detects a silent network, reconnects, resumes its rooms, and marks what it could not send', async () => {
    let pageOrigin = '';
    const server = createServer({ host: '127.0.0.1', port: 0, heartbeatMs: HEARTBEAT_MS, allowedOrigins: (origin) => origin === pageOrigin });
    const { port } = await server.start();
    onTestFinished(() => server.stop());
    // The page reaches the server through a proxy that can go silent, like a dead NAT mapping.
    const proxy = await startBlackholeProxy(port);
    pageOrigin = `http://127.0.0.1:${proxy.port}`;

    const bob = await connect(`ws://127.0.0.1:${port}/ws?name=bob`);
    await bob.join('lobby');

    const browser = await launch();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${pageOrigin}/`);
    await page.waitForSelector('#status[data-status="open"]');
    await vi.waitFor(() => expect(server.chat.stats()).toMatchObject({ clients: 2, rooms: 1 }));

    bob.send({ type: 'chat', room: 'lobby', text: 'before the silence' });
    await page.waitForSelector('#messages li:has-text("before the silence")');

    // Every status the page shows, as it shows it (a wait can be shorter than a poll).
    await page.evaluate(() => {
      const status = document.getElementById('status')!;
      const seen: string[] = [];
      (window as unknown as { statuses: string[] }).statuses = seen;
      new MutationObserver(() => seen.push(`${status.dataset['status']}|${status.textContent}|${Date.now()}`)).observe(status, {
        attributes: true,
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const statuses = (): Promise<string[]> => page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);

    proxy.silence();
    const silencedAt = Date.now();
    // Sent into the silence: the browser's send() "succeeds", but no echo can come back.
    await page.fill('#text', 'lost in the void');
    await page.click('#chat-form button');
    await page.waitForSelector('#messages li[data-state="sending"]:has-text("lost in the void")');

    // The watchdog: two heartbeat intervals plus the 1 s margin without a message.
    await vi.waitFor(async () => expect((await statuses()).some((s) => s.startsWith('waiting|no heartbeat'))).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
    const waiting = (await statuses()).find((s) => s.startsWith('waiting|no heartbeat'))!;
    const detectedMs = Number(waiting.split('|')[2]) - silencedAt;
    await page.waitForSelector('#status[data-status="open"]', { timeout: 10_000 });
    // (The proxy's count is no measure: Chromium also opens spare HTTP connections through it.)
    // Rooms resumed on the new connection; the silent one was freed by the server's heartbeat.
    await vi.waitFor(() => expect(server.chat.stats()).toMatchObject({ clients: 2, rooms: 1 }), { timeout: 5_000 });
    expect(server.chat.stats().heartbeatTerminated).toBe(1);
    bob.send({ type: 'chat', room: 'lobby', text: 'after the silence' });
    await page.waitForSelector('#messages li:has-text("after the silence")');
    const nextChat = async (): Promise<string> => {
      for (;;) {
        const message = await bob.next(5_000);
        if (message.type === 'chat') return message.text;
      }
    };
    expect(await nextChat()).toBe('before the silence');
    expect(await nextChat()).toBe('after the silence');

    // Never acknowledged: shown as not sent, and sent again only when the user says so.
    await page.waitForSelector('#messages li[data-state="unsent"]:has-text("lost in the void")');
    await page.click('#messages li[data-state="unsent"] button:has-text("Retry")');
    expect(await nextChat()).toBe('lost in the void');
    await page.waitForSelector('#messages li[data-state]', { state: 'detached' });
    expect(await page.locator('#messages li:has-text("lost in the void")').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    console.log(
      `[websocket browser] Chromium: silence detected after ${detectedMs} ms (heartbeat ${HEARTBEAT_MS} ms, limit ${2 * HEARTBEAT_MS + 1000} ms), ` +
        'reconnected through a new connection, lobby resumed, the message sent into the silence marked not sent and delivered on Retry',
    );
  });
});
