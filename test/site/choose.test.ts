import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../helpers/cli.js';
import { launchChromium } from '../helpers/chromium.js';
import { choosePaths, flagsOf, refinementFlags, type ChoosePath } from './choose-paths.js';
import { cliBin, distDir } from './site-paths.js';
import { serveStatic, type StaticSite } from './static-server.js';

/**
 * The Choose page against the built CLI: for the same answers, what the page shows is what
 * `choose-protocol recommend --json` prints (the recommendation, the article's answer and the
 * departure, every reason, caveat, note and alternative with its flip, the init command).
 */

interface CliReport {
  recommendation: { name: string };
  article: { name: string };
  departure: { because: string } | null;
  reasons: string[];
  caveats: string[];
  notes: string[];
  alternatives: { name: string; flipIf: string }[];
  scaffoldCommand: string;
}

let site: StaticSite;
let browser: Browser;

beforeAll(async () => {
  site = await serveStatic(distDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function cliReport(flags: string[]): Promise<CliReport> {
  const result = await runCli(['recommend', ...flags, '--json'], { input: '', ...(cliBin ? { bin: cliBin } : {}) });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as CliReport;
}

const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

/** What the result on the page says, in the report's shape. */
async function shownReport(page: Page): Promise<CliReport> {
  await page.locator('[data-choose-output][data-state="done"]').waitFor();
  const departure = page.locator('[data-testid="departure-because"]');
  return {
    recommendation: { name: await page.locator('[data-testid="recommendation"]').innerText() },
    article: {
      name: (await departure.count()) > 0 ? await page.locator('[data-testid="article"]').innerText() : await page.locator('[data-testid="recommendation"]').innerText(),
    },
    departure: (await departure.count()) > 0 ? { because: await departure.innerText() } : null,
    reasons: await texts(page, '[data-testid="reasons"] > li'),
    caveats: await texts(page, '[data-testid="caveats"] > li'),
    notes: await texts(page, '[data-testid="notes"] > li'),
    alternatives: await Promise.all(
      (await page.locator('[data-testid="alternatives"] > li').all()).map(async (li) => ({
        name: await li.locator('[data-testid="alternative-name"]').innerText(),
        flipIf: (await li.locator('[data-testid="flip-if"]').innerText()).replace(/^if /, ''),
      })),
    ),
    scaffoldCommand: await page.locator('[data-testid="scaffold-command"]').innerText(),
  };
}

function comparable(report: CliReport): CliReport {
  return {
    recommendation: { name: report.recommendation.name },
    article: { name: report.article.name },
    departure: report.departure ? { because: report.departure.because } : null,
    reasons: report.reasons,
    caveats: report.caveats,
    notes: report.notes,
    alternatives: report.alternatives.map((a) => ({ name: a.name, flipIf: a.flipIf })),
    scaffoldCommand: report.scaffoldCommand,
  };
}

async function clickThrough(page: Page, path: ChoosePath): Promise<void> {
  await page.goto(`${site.url}/choose/`);
  await page.locator(`input[name="direction"][value="${path.direction}"]`).check();
  await page.locator(`input[name="peer"][value="${path.peer}"]`).check();
  const rate = page.locator('input[name="rate"]');
  if (path.direction === 'client-to-server') expect(await rate.isVisible()).toBe(false);
  if (path.rate !== undefined) await rate.fill(path.rate);
  for (const flag of path.refinements) await page.locator(`input[type="checkbox"][name="${flag}"]`).check();
}

describe('the Choose page', () => {
  const paths = choosePaths();

  it('covers every direction, peer, rate band and set of refinements', () => {
    expect(paths).toHaveLength(18);
    expect(new Set(paths.map((p) => p.refinements.join())).size).toBe(2 ** refinementFlags.length);
  });

  it('shows, for every path clicked through, what recommend --json prints for the same answers', async () => {
    const expected = await Promise.all(paths.map((path) => cliReport(flagsOf(path))));
    const page = await browser.newPage();
    try {
      for (const [i, path] of paths.entries()) {
        await clickThrough(page, path);
        const label = flagsOf(path).join(' ');
        expect(await shownReport(page), label).toEqual(comparable(expected[i]!));
        expect(await page.locator('[data-testid="recommend-command"]').innerText(), label).toBe(`npx choose-protocol recommend ${label}`);
        // The answers are in the URL, under the CLI's flag names.
        const query = new URL(page.url()).searchParams;
        expect(query.get('direction')).toBe(path.direction);
        expect(query.get('peer')).toBe(path.peer);
        expect(query.get('rate') ?? undefined).toBe(path.rate);
        for (const flag of refinementFlags) expect(query.get(flag), flag).toBe(path.refinements.includes(flag) ? 'yes' : null);
      }
    } finally {
      await page.close();
    }
  });

  it('restores the answers and the result from a deep link', async () => {
    const flags = ['--direction', 'server-to-client', '--peer', 'public', '--rate', '5000', '--binary', '--lossless'];
    const expected = comparable(await cliReport(flags));
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/choose/?direction=server-to-client&peer=public&rate=5000&binary=yes&lossless=yes`);
      expect(await page.locator('input[name="direction"][value="server-to-client"]').isChecked()).toBe(true);
      expect(await page.locator('input[name="peer"][value="public"]').isChecked()).toBe(true);
      expect(await page.locator('input[name="rate"]').inputValue()).toBe('5000');
      expect(await page.locator('input[name="binary"]').isChecked()).toBe(true);
      expect(await page.locator('input[name="lossless"]').isChecked()).toBe(true);
      expect(await page.locator('input[name="strict-proxy"]').isChecked()).toBe(false);
      expect(await shownReport(page)).toEqual(expected);

      // A link made by clicking restores the same result after a reload.
      await page.locator('input[name="peer"][value="browser"]').check();
      const link = page.url();
      await page.goto('about:blank');
      await page.goto(link);
      expect(await shownReport(page)).toEqual(comparable(await cliReport(['--direction', 'server-to-client', '--peer', 'browser', '--rate', '5000', '--binary', '--lossless'])));
    } finally {
      await page.close();
    }
  });

  it("refuses a bad rate from a link with the CLI's own message, and shows no recommendation", async () => {
    const cli = await runCli(['recommend', '--direction', 'server-to-client', '--peer', 'browser', '--rate', 'fast', '--json'], { input: '' });
    expect(cli.code).toBe(2);
    const { error } = JSON.parse(cli.stdout) as { error: { message: string } };
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/choose/?direction=server-to-client&peer=browser&rate=fast`);
      expect(await page.locator('#rate-error').innerText()).toBe(error.message);
      expect(await page.locator('input[name="rate"]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-choose-output]').getAttribute('data-state')).toBe('incomplete');
    } finally {
      await page.close();
    }
  });
});
