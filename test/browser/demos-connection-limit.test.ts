import { request, type ClientRequest } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCid } from '../live-demos/demo-process.js';
import { demoInChromium } from './demo-in-chromium.js';

// Over DEMO_MAX_CONNECTIONS_PER_IP every streaming demo says which limit refused it, in the page,
// on every transport it opens: the address's one slot is held by this test's own event stream
// (Chromium connects from the same 127.0.0.1), so each of the page's connections is refused.

let held: ClientRequest;

const fixture = demoInChromium({ DEMO_MAX_CONNECTIONS_PER_IP: '1' });

beforeAll(async () => {
  const { port } = new URL(fixture.demo.url);
  await new Promise<void>((resolve, reject) => {
    held = request({ host: '127.0.0.1', port, path: '/demos/sse/events', headers: { 'x-demo-cid': newCid() } }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`the held stream got ${res.statusCode}`));
    });
    held.on('error', () => {});
    held.end();
  });
});

afterAll(async () => {
  held?.destroy();
});

async function statusOf(name: string, act?: (page: Page) => Promise<void>, wanted = 'connectionsPerIp'): Promise<string> {
  const context = await fixture.browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL(`/demos/try/${name}`, fixture.demo.url).href);
    await act?.(page);
    const status = page.locator('.cp-demo-status').filter({ hasText: wanted });
    await status.waitFor({ timeout: 15_000 }).catch(() => undefined);
    expect(errors).toEqual([]);
    return (await page.locator('.cp-demo-status').textContent()) ?? '';
  } finally {
    await context.close();
  }
}

describe('a demo over the per-address connection limit says so in the page', () => {
  it('chat: the WebSocket refusal names the limit (the close reason alone never reaches the page)', async () => {
    expect(await statusOf('chat')).toMatch(/connectionsPerIp: at most 1 open demo connections per address/);
  });

  it('sse-feed', async () => {
    expect(await statusOf('sse-feed')).toMatch(/429 connectionsPerIp: at most 1 open demo connections per address/);
  });

  it('grpc-prices: the 429 of a gRPC-Web call is shown as the server wrote it, not as "HTTP 429"', async () => {
    expect(await statusOf('grpc-prices')).toMatch(/429 connectionsPerIp: at most 1 open demo connections per address/);
  });

  it('llm-stream', async () => {
    const status = await statusOf('llm-stream', async (page) => {
      await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
      await page.getByRole('button', { name: 'Ask' }).click();
    }, 'at most 1 open demo connections');
    expect(status).toMatch(/Refused: at most 1 open demo connections per address/);
  });

  it('race: each of the three transports says it was refused and why', async () => {
    const status = await statusOf('race', undefined, 'gRPC-Web');
    for (const transport of ['WebSocket', 'SSE', 'gRPC-Web']) expect(status).toMatch(new RegExp(`${transport}: [^;]*connectionsPerIp`));
  });
});
