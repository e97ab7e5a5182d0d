import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startDemo, type RunningDemo } from '../live-demos/demo-process.js';

/**
 * The site's pages with a live demo (one per demo), served by `choose-protocol demo` (the built CLI, serving the
 * site globalSetup built), so the demos run inside the pages: zero serious or critical axe-core
 * violations with the demo running, in the light and the dark theme; no layout shift when the
 * demo starts (CLS of the content, <main>, and of the whole page, from Chromium's layout-shift entries, from load until the demo streams); no
 * horizontal scroll at 375 px; every control of the demo reached by Tab in order, each with a
 * visible focus indicator. Screenshots of each running demo go to test-results/site-screenshots/live/.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/site-screenshots/live/', import.meta.url));

/**
 * One page per demo (the patterns and landscape pages embed the same components), and the counter
 * that shows it streaming ('' for demos that wait for the reader: running once past "Starting…").
 */
const demoPages: Record<string, { demo: string; running: string }> = {
  '/protocols/websocket/': { demo: 'chat', running: '' },
  '/protocols/sse/': { demo: 'sse-feed', running: 'dd[data-counter="received"]' },
  '/protocols/grpc/': { demo: 'grpc-prices', running: 'dd[data-counter="updates"]' },
  '/protocols/http/': { demo: 'ingest', running: '' },
  '/patterns/llm-stream/': { demo: 'llm-stream', running: '' },
  '/race/': { demo: 'race', running: '[data-race="sse-received"]' },
};

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  demo = await startDemo();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** A page in the given theme whose layout shifts are recorded from its first paint on. */
async function openPage(path: string, theme: 'light' | 'dark', width: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
  await context.addInitScript(`
    localStorage.setItem('starlight-theme', '${theme}');
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        const inMain = entry.sources.some((source) => {
          const element = source.node && (source.node.nodeType === 1 ? source.node : source.node.parentElement);
          return Boolean(element && element.closest('main'));
        });
        window.__shifts.push({ value: entry.value, inMain });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  `);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(path, demo.url).href, { waitUntil: 'load' });
  return { page, errors };
}

/** Waits until the page's demo is mounted and, where it streams by itself, has counted something. */
async function waitForRunningDemo(page: Page, path: string): Promise<void> {
  const { running } = demoPages[path]!;
  await page.locator('[data-live-demo] .cp-demo').first().waitFor({ timeout: 20_000 });
  if (running !== '') {
    await page.waitForFunction(`Number(document.querySelector('[data-live-demo] ${running}')?.textContent?.replace(/,/g, '')) >= 2`, undefined, { timeout: 20_000 });
  } else {
    // Demos that wait for the reader (chat, ingest, the LLM stream) are running once their status leaves "Starting…".
    await page.waitForFunction(`(document.querySelector('[data-live-demo] .cp-demo-status')?.textContent ?? 'Starting…') !== 'Starting…'`, undefined, { timeout: 20_000 });
  }
  // Whatever a demo's first messages do to the page has happened by now.
  await page.waitForTimeout(500);
}

/** The demo's section only: pages.test.ts checks each whole page (with the demo's static fallback). */
async function seriousViolations(page: Page, path: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-live-demo]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path} ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const shotName = (path: string, suffix: string) => `${screenshotDir}${path.replace(/^\/|\/$/g, '').replace(/\//g, '-')}-${suffix}.png`;

for (const path of Object.keys(demoPages)) {
  describe(`${path} with its ${demoPages[path]!.demo} demo running`, () => {
    it('has no serious or critical axe-core violations in the light theme, and no layout shift when the demo starts', async () => {
      const { page, errors } = await openPage(path, 'light', 1280);
      try {
        await waitForRunningDemo(page, path);
        // Shifts of the page's content (<main>, where the demo and everything after it sit): the
        // demo's box has a fixed size, so its start moves nothing. And the whole page's CLS, from
        // load until the demo streams, stays "good" (below 0.1): Starlight's right sidebar used to
        // jump 0.42 when Chromium painted the page before its content had arrived (site.css).
        const shifts = (await page.evaluate('window.__shifts')) as { value: number; inMain: boolean }[];
        expect(shifts.filter((shift) => shift.inMain).reduce((sum, shift) => sum + shift.value, 0)).toBeLessThan(0.01);
        expect(shifts.reduce((sum, shift) => sum + shift.value, 0)).toBeLessThan(0.1);
        expect(await seriousViolations(page, path)).toEqual([]);
        await page.locator('[data-live-demo]').first().screenshot({ path: shotName(path, 'demo-light') });
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    it('has no serious or critical axe-core violations in the dark theme', async () => {
      const { page, errors } = await openPage(path, 'dark', 1280);
      try {
        await waitForRunningDemo(page, path);
        expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
        expect(await seriousViolations(page, path)).toEqual([]);
        await page.locator('[data-live-demo]').first().screenshot({ path: shotName(path, 'demo-dark') });
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    it('does not scroll sideways at 375 px, and Tab reaches every control of the demo with a visible focus', async () => {
      const { page, errors } = await openPage(path, 'light', 375);
      try {
        await waitForRunningDemo(page, path);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
        await page.locator('[data-live-demo]').first().screenshot({ path: shotName(path, 'demo-375') });

        // The demo's controls in document order, then Tab from the demo's heading through them.
        const controls = page.locator('[data-live-demo] .cp-demo').first().locator('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])');
        const expected = await controls.evaluateAll((nodes) => nodes.map((n) => (n as unknown as { outerHTML: string }).outerHTML.slice(0, 80)));
        expect(expected.length).toBeGreaterThan(0);
        await page.locator('[data-live-demo] h3').first().evaluate((heading) => {
          const h = heading as unknown as { setAttribute(name: string, value: string): void; focus(): void };
          h.setAttribute('tabindex', '-1');
          h.focus();
        });
        const reached: string[] = [];
        for (let i = 0; i < expected.length; i++) {
          await page.keyboard.press('Tab');
          const focus = (await page.evaluate(`(() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
            return { html: el.outerHTML.slice(0, 80), visible, focusVisible: el.matches(':focus-visible') };
          })()`)) as { html: string; visible: boolean; focusVisible: boolean };
          reached.push(focus.html);
          expect(focus.focusVisible, focus.html).toBe(true);
          expect(focus.visible, `no visible focus on ${focus.html}`).toBe(true);
        }
        expect(reached).toEqual(expected);
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  });
}
