import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoInChromium } from './demo-in-chromium.js';

// Debian's Chromium, driven by playwright-core: the demos' /demos/try/<name> pages as a reader
// gets them from `choose-protocol demo` (a real process), with real connections.

const fixture = demoInChromium();

/** Opens a demo page in a fresh context; records page errors so each test can check there were none. */
async function open(name: string, viewport = { width: 1024, height: 800 }): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await fixture.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(`/demos/try/${name}`, fixture.demo.url).href);
  return { page, errors, close: () => context.close() };
}

const counter = (page: Page, name: string) => page.locator(`dd[data-counter="${name}"]`);
async function counterValue(page: Page, name: string): Promise<number> {
  return Number(await counter(page, name).textContent());
}
async function waitForCounter(page: Page, name: string, atLeast: number, timeout = 10_000): Promise<void> {
  // A string, evaluated in the page: the tests' tsconfig has no DOM types.
  await page.waitForFunction(`Number(document.querySelector('dd[data-counter="${name}"]')?.textContent) >= ${atLeast}`, undefined, { timeout });
}

describe('live demos in Chromium', () => {
  it('chat: two browser contexts in the same room see each other\'s messages and typing', async () => {
    const ada = await open('chat');
    const bob = await open('chat');
    try {
      for (const { page } of [ada, bob]) await page.getByRole('status').filter({ hasText: 'In room lobby' }).waitFor();
      await ada.page.getByRole('textbox', { name: 'Message', exact: true }).pressSequentially('hello from ada', { delay: 10 });
      await bob.page.locator('.cp-demo-typing').filter({ hasText: 'is typing' }).waitFor();
      await ada.page.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
      await bob.page.locator('.cp-demo-messages li').filter({ hasText: 'hello from ada' }).waitFor();
      await ada.page.locator('.cp-demo-messages li').filter({ hasText: 'hello from ada' }).waitFor();
      // The wire panel shows the frames that crossed, decoded.
      await expect(ada.page.locator('.cp-demo-wire-list').textContent()).resolves.toContain('text frame (opcode 0x1');
      expect([...ada.errors, ...bob.errors]).toEqual([]);
    } finally {
      await ada.close();
      await bob.close();
    }
  });

  it('chat: after "Cut the connection" it reconnects and rejoins its room', async () => {
    const { page, errors, close } = await open('chat');
    try {
      await page.getByRole('status').filter({ hasText: 'In room lobby' }).waitFor();
      await page.getByRole('button', { name: 'Cut the connection' }).click();
      await waitForCounter(page, 'reconnects', 1, 15_000);
      await waitForCounter(page, 'rejoined', 1);
      await page.getByRole('status').filter({ hasText: 'In room lobby' }).waitFor();
      await page.getByRole('textbox', { name: 'Message', exact: true }).fill('still here');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('.cp-demo-messages li').filter({ hasText: 'still here' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('sse-feed: after a cut the ids continue with no gap and no duplicate', async () => {
    const { page, errors, close } = await open('sse-feed');
    try {
      await waitForCounter(page, 'received', 2);
      await page.getByRole('button', { name: 'Cut the connection' }).click();
      await waitForCounter(page, 'reconnects', 1);
      const afterCut = await counterValue(page, 'received');
      await waitForCounter(page, 'received', afterCut + 3);
      expect(await counterValue(page, 'gaps')).toBe(0);
      expect(await counterValue(page, 'duplicates')).toBe(0);
      await expect(page.locator('.cp-demo-wire-list').textContent()).resolves.toMatch(/Last-Event-ID: \d+/);
      await expect(page.locator('.cp-demo-wire-list').textContent()).resolves.toContain('event: temperature');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('llm-stream: renders tokens, then finishes', async () => {
    const { page, errors, close } = await open('llm-stream');
    try {
      await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
      await page.getByRole('textbox', { name: 'Prompt' }).fill('tell me about streams');
      await page.getByRole('button', { name: 'Ask' }).click();
      await waitForCounter(page, 'tokens', 3);
      await page.getByRole('status').filter({ hasText: 'Done' }).waitFor();
      await expect(page.locator('.cp-demo-reply').textContent()).resolves.toContain('tell me about streams');
      expect(await counterValue(page, 'replies')).toBe(1);
      await expect(page.locator('.cp-demo-wire-list').textContent()).resolves.toContain('data: [DONE]');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('grpc-prices: prices tick over requests with a gRPC-Web content type', async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    const contentTypes: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/StreamPrices')) contentTypes.push(request.headers()['content-type'] ?? '');
    });
    try {
      await page.goto(new URL('/demos/try/grpc-prices', fixture.demo.url).href);
      await waitForCounter(page, 'updates', 6);
      expect(contentTypes[0]).toBe('application/grpc-web+proto');
      const price = await page.locator('.cp-demo-table tbody td').first().textContent();
      expect(Number(price)).toBeGreaterThan(0);
      await expect(page.locator('.cp-demo-wire-list').textContent()).resolves.toMatch(/envelope flags=0x00 length=\d+/);
      await page.getByRole('button', { name: 'Cut the connection' }).click();
      await waitForCounter(page, 'reconnects', 1);
      const afterCut = await counterValue(page, 'updates');
      await waitForCounter(page, 'updates', afterCut + 3);
      expect(contentTypes.length).toBeGreaterThanOrEqual(2);
    } finally {
      await context.close();
    }
  });

  it('grpc-prices: switched to Connect, the same prices tick over Connect\'s streaming content type', async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    const contentTypes: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (request.url().endsWith('/StreamPrices')) contentTypes.push(request.headers()['content-type'] ?? '');
    });
    try {
      await page.goto(new URL('/demos/try/grpc-prices', fixture.demo.url).href);
      await waitForCounter(page, 'updates', 3);
      await page.getByRole('combobox', { name: 'Protocol' }).selectOption('connect');
      await page.getByRole('status').filter({ hasText: 'Streaming over Connect' }).waitFor();
      const afterSwitch = await counterValue(page, 'updates');
      await waitForCounter(page, 'updates', afterSwitch + 3);
      expect(contentTypes[0]).toBe('application/grpc-web+proto');
      expect(contentTypes.at(-1)).toBe('application/connect+json');
      // Connect's envelopes carry JSON, decoded in the wire panel as it is.
      await expect(page.locator('.cp-demo-wire-list').textContent()).resolves.toMatch(/envelope flags=0x00 length=\d+ \{"symbol":/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('ingest: an upload is acknowledged; a retry with the same key stores nothing twice', async () => {
    const { page, errors, close } = await open('ingest');
    try {
      await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
      const key = await page.getByRole('textbox', { name: 'Idempotency-Key' }).inputValue();
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.locator('.cp-demo-answer').filter({ hasText: '202' }).waitFor();
      await waitForCounter(page, 'stored', 3);
      // A final answer: the next upload gets a new key.
      expect(await page.getByRole('textbox', { name: 'Idempotency-Key' }).inputValue()).not.toBe(key);
      await page.getByRole('button', { name: 'Retry the last upload' }).click();
      await page.locator('.cp-demo-answer').filter({ hasText: 'replayed' }).waitFor();
      expect(await counterValue(page, 'replayed')).toBe(1);
      expect(await counterValue(page, 'stored')).toBe(3);
      const ids = await page.locator('.cp-demo-table tbody tr td:first-child').allTextContents();
      expect(new Set(ids).size).toBe(ids.length);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('race: all three transports report received ticks and latency, and follow a new payload size', async () => {
    const { page, errors, close } = await open('race');
    try {
      const received = (transport: string) => page.locator(`[data-race="${transport}-received"]`);
      await page.getByRole('status').filter({ hasText: 'Racing' }).waitFor();
      for (const transport of ['websocket', 'sse', 'grpc-web']) {
        await page.waitForFunction(`Number(document.querySelector('[data-race="${transport}-received"]')?.textContent) >= 5`, undefined, { timeout: 15_000 });
        expect(await page.locator(`[data-race="${transport}-p50"]`).textContent()).toMatch(/^\d+ ms$/);
        expect(await page.locator(`[data-race="${transport}-p99"]`).textContent()).toMatch(/^\d+ ms$/);
        expect(Number((await page.locator(`[data-race="${transport}-bytes"]`).textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
        expect(await received(transport).textContent()).not.toBe('0');
      }
      await page.getByRole('combobox', { name: 'Payload' }).selectOption('5');
      await page.getByRole('status').filter({ hasText: '5 prices per tick' }).waitFor();
      // Cut all three: each comes back; SSE resumes by Last-Event-ID, so it loses nothing.
      const before = await Promise.all(['websocket', 'sse', 'grpc-web'].map(async (t) => Number(await received(t).textContent())));
      await page.getByRole('button', { name: 'Cut all three connections' }).click();
      await page.getByRole('status').filter({ hasText: 'Cut all three' }).waitFor();
      for (const [i, transport] of ['websocket', 'sse', 'grpc-web'].entries()) {
        await page.waitForFunction(`Number(document.querySelector('[data-race="${transport}-received"]')?.textContent) >= ${before[i]! + 20}`, undefined, { timeout: 20_000 });
      }
      expect(await page.locator('[data-race="sse-gaps"]').textContent()).toBe('0');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it.each(['chat', 'sse-feed', 'llm-stream', 'grpc-prices', 'ingest', 'race'])('%s works at 375 px with no horizontal scroll', async (name) => {
    const { page, errors, close } = await open(name, { width: 375, height: 740 });
    try {
      await page.locator('.cp-demo').waitFor();
      await page.waitForTimeout(500);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
