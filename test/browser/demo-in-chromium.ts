import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startDemo, type RunningDemo } from '../live-demos/demo-process.js';

/** What a browser test file drives: filled in before its tests run. */
export interface DemoInChromium {
  demo: RunningDemo;
  browser: Browser;
}

/**
 * `choose-protocol demo` (a real process, started with `env`) and Debian's Chromium for the
 * tests of one file: started before them and stopped after them. A file's own beforeAll and
 * afterAll run after these start and before they stop (vitest runs hooks as a stack).
 */
export function demoInChromium(env: Record<string, string> = {}): DemoInChromium {
  const fixture = {} as Partial<DemoInChromium>;
  beforeAll(async () => {
    fixture.demo = await startDemo(env);
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.demo?.stop();
  });
  return fixture as DemoInChromium;
}
