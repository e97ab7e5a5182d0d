import { defineConfig } from 'vitest/config';

/**
 * Given CHOOSE_PROTOCOL_TARBALL (CI packs once), installs it once per run for the projects that
 * run `choose-protocol demo` or the packed package (test/helpers/packed.ts).
 */
const packedSetup = 'test/helpers/packed-setup.ts';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/src/**/*.test.ts'] } },
      // CLI tests spawn the built binary (dist/), so `npm test` builds first.
      { test: { name: 'cli', include: ['test/cli/**/*.test.ts'], testTimeout: 20_000 } },
      // The demo server (live-demos/) as a real process (the clone's built CLI's `demo`), with real
      // clients. Not the packed package: its Redis mode needs the clone's devDependency redis,
      // which a user installs themselves (.ci/run runs it without the tarball's variables).
      {
        test: {
          name: 'live-demos',
          include: ['test/live-demos/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          fileParallelism: false,
        },
      },
      // The demos' pages (/demos/try/<name>) in Debian's Chromium through playwright-core, served
      // by `choose-protocol demo` from the packed tarball when CI gives one, else the clone's build.
      {
        test: {
          name: 'browser-demos',
          include: ['test/browser/demos*.test.ts'],
          globalSetup: [packedSetup],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // choose-protocol bench: unit tests of its counting, and a short real run per protocol.
      { test: { name: 'bench', include: ['test/bench/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000, fileParallelism: false } },
      // Slow suites: pack + npx, scaffold + npm install + npm test of each starter.
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [packedSetup],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      // The docs site in real Chromium: the packed tarball's site/dist when CI gives one (its demo
      // pages through its `choose-protocol demo`), else built once from the clone by globalSetup;
      // served as static files and by the demo server.
      {
        test: {
          name: 'site',
          include: ['test/site/**/*.test.ts'],
          globalSetup: [packedSetup, 'test/site/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
