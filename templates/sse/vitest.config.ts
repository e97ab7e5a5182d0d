import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test opens real sockets; two workers keep a shared 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
