import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once: some tests run the real entry (`node dist/main.js`) in a child process.
    globalSetup: ['test/global-setup.ts'],
    // Real sockets, real files and child processes: two files at a time keeps a shared
    // 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 15_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/*.test.ts'], sequence: { groupOrder: 0 } } },
      // The fault campaign floods the machine (5,000 connections, kills, fuzzing): after the
      // suite, one file at a time, so its load never decides another test's timing.
      {
        extends: true,
        test: { name: 'campaign', include: ['test/campaign/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
