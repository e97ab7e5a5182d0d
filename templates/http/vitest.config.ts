import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once: some tests run the real entry (`node dist/main.js`) in a child process.
    globalSetup: ['test/global-setup.ts'],
    // Real sockets, real files and child processes: two files at a time keeps a shared
    // 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
