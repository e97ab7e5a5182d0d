import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real HTTP/2 connections and child processes: two files at a time keeps a shared
    // 2-core machine responsive.
    maxWorkers: 2,
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
