import { beforeAll, describe, expect, it } from 'vitest';
import { demoInChromium } from './demo-in-chromium.js';

// The ingest demo's store is shared by every reader of a public demo server, so it soon holds
// more records than one page of the records route. The page must still count and show only
// what arrived after it loaded, in Debian's Chromium.

const EARLIER = 1_100;

const fixture = demoInChromium();

beforeAll(async () => {
  const line = JSON.stringify({ type: 'reading', value: 1, ts: '2026-12-03T12:00:00.000Z' });
  for (let i = 0; i < EARLIER / 100; i += 1) {
    const response = await fetch(new URL('/demos/ingest/ingest', fixture.demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': `earlier-reader-${i}` },
      body: Array<string>(100).fill(line).join('\n'),
    });
    expect(response.status).toBe(202);
  }
});

describe('ingest with a store other readers have filled', () => {
  it(`after ${EARLIER.toLocaleString('en')} earlier records, one upload of 3 counts 3 new records and shows them first`, async () => {
    const context = await fixture.browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(new URL('/demos/try/ingest', fixture.demo.url).href);
      await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
      // The newest records are shown at load: the end of the store, not its first pages.
      await page.locator('.cp-demo-table tbody tr').first().filter({ hasText: String(EARLIER) }).waitFor();
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.locator('.cp-demo-answer').filter({ hasText: '202' }).waitFor();
      await page.locator('.cp-demo-table tbody tr').first().filter({ hasText: String(EARLIER + 3) }).waitFor({ timeout: 10_000 });
      expect(await page.locator('dd[data-counter="stored"]').textContent()).toBe('3');
      const ids = (await page.locator('.cp-demo-table tbody tr td:first-child').allTextContents()).slice(0, 3);
      expect(ids).toEqual([EARLIER + 3, EARLIER + 2, EARLIER + 1].map(String));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
