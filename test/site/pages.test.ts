import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { pausedHtmlProxy, type PausedHtmlProxy } from './paused-html-proxy.js';
import { distDir, sitePages } from './site-paths.js';
import { serveStatic, type StaticSite } from './static-server.js';

/**
 * Every page of the built site, served as plain static files (no demo server): zero serious or
 * critical axe-core violations in the light theme and none of its colour rules in the dark, no layout shift as the page
 * arrives (also when it arrives in two parts), no horizontal scroll at 375 px,
 * every live demo saying how to start the demo server, and a screenshot of each page in both
 * themes under test-results/site-screenshots/ to look at.
 */

const screenshotDir = fileURLToPath(new URL('../../test-results/site-screenshots/', import.meta.url));

let site: StaticSite;
let slowSite: PausedHtmlProxy;
let browser: Browser;
const pages = sitePages();

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  site = await serveStatic(distDir);
  // Each page paused for 1.5 s just before Starlight's content pane: Chromium paints the header,
  // the sidebars and nothing of the content, as on a slow link (with 0.7 s it did in half the loads).
  slowSite = await pausedHtmlProxy(site.url, { marker: '<div class="main-pane', pauseMs: 1500 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await slowSite?.close();
  await site?.close();
});

function fileName(path: string, suffix: string): string {
  const name = path === '/' ? 'home' : path.replace(/^\/|\/$/g, '').replace(/[/.]/g, '-');
  return `${screenshotDir}${name}-${suffix}.png`;
}

/** Starlight keeps the theme in localStorage; set it before any page script runs. */
async function themedPage(theme: 'light' | 'dark', width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
  await context.addInitScript(`localStorage.setItem('starlight-theme', '${theme}')`);
  return context.newPage();
}

async function waitForDemos(page: Page): Promise<void> {
  // Each LiveDemo settles on its fallback once /demos/health has failed.
  for (const demo of await page.locator('[data-live-demo]').all()) {
    await demo.locator('[data-live-demo-offline]').waitFor({ state: 'visible' });
  }
}

describe('the site', () => {
  it('has every page in the build', () => {
    for (const page of ['/', '/choose/', '/compare/', '/race/', '/404.html', '/protocols/websocket/', '/protocols/sse/', '/protocols/grpc/', '/protocols/http/']) {
      expect(pages).toContain(page);
    }
    expect(pages.filter((p) => p.startsWith('/landscape/'))).toHaveLength(5);
    expect(pages.filter((p) => p.startsWith('/patterns/'))).toHaveLength(3);
  });

  it("finds pages with the built-in search, offline (Pagefind's index in site/dist)", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/`);
      await page.locator('site-search button[data-open-modal]').click();
      await page.locator('.pagefind-ui__search-input').fill('Idempotency-Key');
      const first = page.locator('.pagefind-ui__result-link').first();
      await first.waitFor();
      const hrefs = await page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs.some((href) => href?.startsWith('/protocols/http/'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('answers an unknown address with the 404 page', async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${site.url}/no/such/page/`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Page not found');
    } finally {
      await page.close();
    }
  });
});

/** The pages that embed a live demo, and which. */
const demosOn: Record<string, string[]> = {
  '/protocols/websocket/': ['chat'],
  '/protocols/sse/': ['sse-feed'],
  '/protocols/grpc/': ['grpc-prices'],
  '/protocols/http/': ['ingest'],
  '/patterns/llm-stream/': ['llm-stream'],
  '/patterns/room-routing/': ['chat'],
  '/patterns/grpc-backpressure/': ['grpc-prices'],
  '/landscape/grpc-web/': ['grpc-prices'],
  '/race/': ['race'],
};

/**
 * The dark theme changes colours and nothing else, so its run checks only axe's colour rules (the
 * light theme's run checks all of them): half the time of a full run on the long pages.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

async function seriousViolations(page: Page, path: string, rules?: string[]): Promise<string[]> {
  // Expressive Code makes a code block that scrolls sideways focusable (tabindex, role) from a
  // script of its own, after a ResizeObserver and a 250 ms debounce and an idle callback: on a
  // loaded machine axe ran first and reported scrollable-region-focusable for a block the page
  // fixes a moment later. Wait for that script (bounded); if it never comes, axe reports it.
  // A block inside a closed <details> is not rendered (checkVisibility() is false): the script
  // leaves it alone and axe skips it, so it is not waited for (it made every such page wait the
  // full 5 s, twice).
  await page
    .waitForFunction(`[...document.querySelectorAll('.expressive-code pre')].every((pre) => !pre.checkVisibility() || pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'))`, undefined, { timeout: 5000 })
    .catch(() => undefined);
  const axe = new AxeBuilder({ page });
  const results = await (rules === undefined ? axe : axe.withRules(rules)).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path} ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const path of pages) {
  describe(`page ${path}`, () => {
    it('has no serious or critical axe-core violations in the light theme, and shows each live demo\'s way to the demo server', async () => {
      const page = await themedPage('light', 1280);
      try {
        await page.goto(`${site.url}${path}`);
        expect(await page.getAttribute('html', 'data-theme')).toBe('light');
        const demos = page.locator('[data-live-demo]');
        expect(await demos.evaluateAll((nodes) => nodes.map((n) => (n as unknown as { dataset: Record<string, string> }).dataset['liveDemo']))).toEqual(demosOn[path] ?? []);
        for (const demo of await demos.all()) {
          const offline = demo.locator('[data-live-demo-offline]');
          await offline.waitFor({ state: 'visible' });
          const text = await offline.innerText();
          expect(text).toContain('npx choose-protocol demo');
          expect(text).toContain(`http://127.0.0.1:4321${path}`);
        }
        expect(await seriousViolations(page, path)).toEqual([]);
        await page.screenshot({ path: fileName(path, 'light'), fullPage: true });
      } finally {
        await page.context().close();
      }
    });

    it("has no serious or critical violations of axe-core's colour rules in the dark theme", async () => {
      const page = await themedPage('dark', 1280);
      try {
        await page.goto(`${site.url}${path}`);
        expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
        await waitForDemos(page);
        expect(await seriousViolations(page, path, COLOUR_RULES)).toEqual([]);
        await page.screenshot({ path: fileName(path, 'dark'), fullPage: true });
      } finally {
        await page.context().close();
      }
    });

    it('does not shift its layout while it loads (CLS below 0.1 in a direct load and in one paused before the content)', async () => {
      for (const origin of [site.url, slowSite.origin]) {
        const page = await themedPage('light', 1280);
        try {
          await page.addInitScript(`
            window.__cls = 0;
            window.__shifted = [];
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) {
                if (entry.hadRecentInput) continue;
                window.__cls += entry.value;
                for (const source of entry.sources) {
                  const node = source.node && (source.node.nodeType === 1 ? source.node : source.node.parentElement);
                  window.__shifted.push((node ? node.tagName.toLowerCase() + '.' + node.className : '?') + ' ' + entry.value.toFixed(3));
                }
              }
            }).observe({ type: 'layout-shift', buffered: true });
          `);
          await page.goto(`${origin}${path}`, { waitUntil: 'load' });
          // Includes each live demo swapping "Looking for the demo server…" for its fallback.
          await waitForDemos(page);
          await page.waitForTimeout(300);
          const cls = (await page.evaluate('window.__cls')) as number;
          expect(cls, `${origin}${path}: ${String(await page.evaluate('window.__shifted.join(", ")'))}`).toBeLessThan(0.1);
        } finally {
          await page.context().close();
        }
      }
    });

    it('does not scroll sideways at 375 px', async () => {
      const page = await themedPage('light', 375);
      try {
        await page.goto(`${site.url}${path}`);
        await waitForDemos(page);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
        await page.screenshot({ path: fileName(path, 'light-375'), fullPage: true });
      } finally {
        await page.context().close();
      }
    });
  });
}
