import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real HTTP/2 connections and child processes: two files at a time keeps a shared
    // 2-core machine responsive.
    maxWorkers: 2,
    // Bounds, not speed goals: spawned entries (tsx) and the load tests take seconds on a busy CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
