import { afterAll, describe, expect, it } from 'vitest';
import { demoInChromium } from './demo-in-chromium.js';

// A chat message handed to a socket that is being cut (or to a server that has stopped
// answering) is not delivered, yet send() succeeded: the page must not count it as sent. The
// demo server is paused with SIGSTOP (a real process, its socket open, nothing answered), in
// Debian's Chromium.

const fixture = demoInChromium();

afterAll(async () => {
  if (fixture.demo?.child.pid !== undefined) process.kill(fixture.demo.child.pid, 'SIGCONT');
});

describe('chat: a message the server never acknowledged', () => {
  it('is shown as not confirmed with a Retry, not counted as sent; its late echo then confirms it', async () => {
    const context = await fixture.browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(new URL('/demos/try/chat', fixture.demo.url).href);
      await page.getByRole('status').filter({ hasText: 'In room lobby' }).waitFor();

      process.kill(fixture.demo.child.pid!, 'SIGSTOP');
      try {
        await page.getByRole('textbox', { name: 'Message', exact: true }).fill('into the silence');
        await page.getByRole('button', { name: 'Send' }).click();
        const pending = page.locator('.cp-demo-messages li[data-state="unconfirmed"]').filter({ hasText: 'into the silence' });
        await pending.waitFor({ timeout: 20_000 });
        await pending.getByRole('button', { name: 'Retry' }).waitFor();
        expect(await page.locator('dd[data-counter="sent"]').textContent()).toBe('0');
        expect(await page.locator('dd[data-counter="unconfirmed"]').textContent()).toBe('1');
      } finally {
        process.kill(fixture.demo.child.pid!, 'SIGCONT');
      }

      // The server wakes up, reads the message and echoes it: it was delivered after all.
      await page.locator('.cp-demo-messages li:not([data-state])').filter({ hasText: 'into the silence' }).waitFor({ timeout: 15_000 });
      await page.waitForFunction(`document.querySelector('dd[data-counter="sent"]')?.textContent === '1'`);
      expect(await page.locator('dd[data-counter="unconfirmed"]').textContent()).toBe('0');
      expect(await page.locator('.cp-demo-messages li[data-state]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
