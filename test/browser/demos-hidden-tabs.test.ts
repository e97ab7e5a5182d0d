import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoInChromium } from './demo-in-chromium.js';

// The demo server speaks HTTP/1.1, where Chromium opens at most 6 connections per host in one
// browser context (a network context: a real profile). Each Race tab holds 2 of them (SSE and
// gRPC-Web; its WebSocket is outside that pool), so three streaming Race tabs starved every other
// tab of the same origin. Hidden, a demo now closes its HTTP streams and reopens them when shown.
//
// How the tests hide a tab: headless Chromium (156) keeps every page 'visible' whatever is done
// to it. Tried here: page.bringToFront() on another tab, CDP Browser.setWindowBounds
// { windowState: 'minimized' }, Emulation.setFocusEmulationEnabled false, and
// Page.setWebLifecycleState frozen then active: document.visibilityState stays 'visible' and no
// visibilitychange fires. So the test sets what a hidden tab's page sees, exactly as Chromium
// reports it: document.visibilityState (and document.hidden) read 'hidden', then a
// visibilitychange event. Everything after that is real: the page closes real sockets, and the
// fourth page's load goes through the same real connection pool.

const fixture = demoInChromium();

// Strings run in the page (this file is type-checked without the DOM library).
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${hidden ? 'hidden' : 'visible'}' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${hidden} });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
}

const paused = (page: Page) => page.locator('.cp-demo-status').filter({ hasText: 'Paused while this tab is hidden' }).waitFor({ timeout: 10_000 });

async function raceCount(page: Page, transport: string): Promise<number> {
  return Number(await page.locator(`[data-race="${transport}-received"]`).textContent());
}

async function raceStreaming(page: Page, transport: string, above = 0): Promise<void> {
  await page.waitForFunction(`Number(document.querySelector('[data-race="${transport}-received"]')?.textContent) > ${above}`, undefined, { timeout: 20_000 });
}

describe('hidden tabs release their HTTP/1.1 connections', () => {
  it('with three hidden Race tabs streaming, a fourth page of the same origin loads; shown again, each races on', { timeout: 120_000 }, async () => {
    const context: BrowserContext = await fixture.browser.newContext();
    try {
      const races: Page[] = [];
      for (let i = 0; i < 3; i += 1) {
        const page = await context.newPage();
        await page.goto(new URL('/demos/try/race', fixture.demo.url).href);
        races.push(page);
      }
      for (const page of races) for (const transport of ['websocket', 'sse', 'grpc-web']) await raceStreaming(page, transport);

      // The control: all three visible, the pool is full and a fourth page does not load.
      const fourth = await context.newPage();
      await expect(fourth.goto(new URL('/demos/try/', fixture.demo.url).href, { timeout: 5_000 })).rejects.toThrow(/Timeout/);

      for (const page of races) await setHidden(page, true);
      for (const page of races) await paused(page);
      const response = await fourth.goto(new URL('/demos/try/', fixture.demo.url).href, { timeout: 15_000 });
      expect(response?.status()).toBe(200);
      await fourth.close();

      // Hidden, the WebSocket stays and still receives; shown, SSE and gRPC-Web stream again.
      const page = races[0]!;
      const before = { websocket: await raceCount(page, 'websocket'), sse: await raceCount(page, 'sse'), grpc: await raceCount(page, 'grpc-web') };
      await raceStreaming(page, 'websocket', before.websocket);
      await setHidden(page, false);
      await raceStreaming(page, 'sse', before.sse);
      await raceStreaming(page, 'grpc-web', before.grpc);
      // SSE resumed with Last-Event-ID: nothing lost; gRPC-Web's paused ticks are not counted as gaps.
      await page.waitForTimeout(1_000);
      expect(await page.locator('[data-race="sse-gaps"]').textContent()).toBe('0');
      expect(await page.locator('[data-race="grpc-web-gaps"]').textContent()).toBe('0');
    } finally {
      await context.close();
    }
  });

  it('the SSE feed, hidden then shown, closes its stream and resumes its ids with no gap and no duplicate', { timeout: 60_000 }, async () => {
    const context = await fixture.browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(new URL('/demos/try/sse-feed', fixture.demo.url).href);
      const counter = (name: string) => page.locator(`dd[data-counter="${name}"]`);
      await page.waitForFunction(`Number(document.querySelector('dd[data-counter="received"]')?.textContent) >= 3`, undefined, { timeout: 20_000 });

      await setHidden(page, true);
      await paused(page);
      const atPause = Number(await counter('lastId').textContent());
      // The feed publishes every 500 ms: 2 s hidden is about 4 events the closed stream does not get.
      await page.waitForTimeout(2_000);
      expect(Number(await counter('lastId').textContent())).toBe(atPause);

      await setHidden(page, false);
      await page.locator('.cp-demo-status').filter({ hasText: `Reconnected with Last-Event-ID ${atPause}` }).waitFor({ timeout: 10_000 });
      await page.waitForFunction(`Number(document.querySelector('dd[data-counter="lastId"]')?.textContent) >= ${atPause + 5}`, undefined, { timeout: 15_000 });
      expect(await counter('gaps').textContent()).toBe('0');
      expect(await counter('duplicates').textContent()).toBe('0');
      expect(Number(await counter('reconnects').textContent())).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
