import { describe, expect, it } from 'vitest';
import { demoInChromium } from './demo-in-chromium.js';

// Over a limit the reader is told so in the page, never left with a silent stall: the race page
// of an address already racing (DEMO_MAX_RACES_PER_IP=1), in Debian's Chromium.

const fixture = demoInChromium({ DEMO_MAX_RACES_PER_IP: '1' });

describe('demo limits, as a reader sees them', () => {
  it('a second race from the same address says why it was refused (429 racesPerIp) while the first keeps racing', async () => {
    const first = await fixture.browser.newContext();
    const second = await fixture.browser.newContext();
    try {
      const racing = await first.newPage();
      await racing.goto(new URL('/demos/try/race', fixture.demo.url).href);
      await racing.waitForFunction(`Number(document.querySelector('[data-race="sse-received"]')?.textContent) >= 3`, undefined, { timeout: 15_000 });

      const refused = await second.newPage();
      await refused.goto(new URL('/demos/try/race', fixture.demo.url).href);
      const status = refused.getByRole('status').filter({ hasText: 'Refused' });
      await status.waitFor({ timeout: 15_000 });
      expect(await status.textContent()).toContain('Refused: 429 racesPerIp: at most 1 race at once per address; close a race tab and try again');

      const before = Number(await racing.locator('[data-race="sse-received"]').textContent());
      await racing.waitForFunction(`Number(document.querySelector('[data-race="sse-received"]')?.textContent) > ${before}`, undefined, { timeout: 10_000 });
    } finally {
      await first.close();
      await second.close();
    }
  });
});
