import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { packedInstall, type PackedInstall } from '../helpers/packed.js';
import { expectSuccess } from './helpers.js';

const LIMIT_BYTES = 15 * 1024 * 1024;

/** Bytes of every file under `path` (what an install puts on disk, before block rounding). */
async function sizeOf(path: string): Promise<number> {
  const out = await expectSuccess('du', ['-sb', path], dirname(path));
  return Number(out.trim().split(/\s+/)[0]);
}

describe('choose-protocol demo from the packed tarball', () => {
  let pkg: PackedInstall;

  // CI packs and installs once (CHOOSE_PROTOCOL_TARBALL, CHOOSE_PROTOCOL_INSTALLED); run alone,
  // this packs the clone and installs the tarball into a temp folder.
  beforeAll(() => {
    pkg = packedInstall();
  });
  afterAll(() => pkg?.remove());

  it(`installs within ${LIMIT_BYTES / 1024 / 1024} MB, with nothing beside it`, async () => {
    const tarballBytes = (await stat(pkg.tarball)).size;
    const installedBytes = await sizeOf(pkg.nodeModules);
    // The figures the README reports.
    console.log(`tarball ${(tarballBytes / 1e6).toFixed(2)} MB, installed ${(installedBytes / 1e6).toFixed(2)} MB`);
    expect(installedBytes).toBeLessThanOrEqual(LIMIT_BYTES);
    // No dependency was installed beside the package: it is all of node_modules but npm's lock file.
    expect(await sizeOf(pkg.root)).toBeGreaterThan(installedBytes * 0.99);
  });

  it('serves the docs site and every demo backend, the demos run inside its pages, and it stops on SIGINT with exit 0', async () => {
    const child = spawn(process.execPath, [pkg.binPath, 'demo', '--port', '0'], {
      cwd: dirname(pkg.nodeModules),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(output)), 20_000);
        child.stdout.on('data', () => {
          const match = /Live demos: (\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const health = (await (await fetch(new URL('/demos/health', url))).json()) as { demos: string[] };
      expect(health.demos).toEqual(['chat', 'sse-feed', 'llm-stream', 'grpc-prices', 'ingest', 'race']);
      // The gRPC gateway loads its .proto files at run time: they must be in the package.
      const price = await fetch(new URL('/demos/grpc/stock.v1.StockService/GetPrice', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"symbols":["AAPL"]}',
      });
      expect(await price.json()).toMatchObject({ symbol: 'AAPL' });
      expect((await fetch(new URL('/demos/assets/grpc-prices.js', url))).status).toBe(200);
      // The built site is in the package, and its pages mount the demos against this server.
      const home = await fetch(url);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('npx choose-protocol');
      await expectDemosInSitePages(url);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
    expect(await exited, output).toBe(0);
  });
});

/** A reader opens the SSE page and the race page of the installed package's site in Chromium. */
async function expectDemosInSitePages(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL('/protocols/sse/', url).href);
    // Events counted by the sse-feed demo mounted in the page, not the static "start a server" text.
    await page.waitForFunction(`Number(document.querySelector('[data-live-demo="sse-feed"] dd[data-counter="received"]')?.textContent) >= 2`, undefined, { timeout: 15_000 });
    await page.goto(new URL('/race/', url).href);
    await page.locator('[data-live-demo="race"] table').waitFor({ timeout: 15_000 });
    await page.goto(new URL('/choose/?direction=server-to-client&peer=browser&rate=5000', url).href);
    await page.getByText('The article', { exact: false }).first().waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}
