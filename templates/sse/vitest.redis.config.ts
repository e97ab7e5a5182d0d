import { defineConfig } from 'vitest/config';

// Redis mode against a real redis-server (and nginx) that the tests start on free ports:
// npm run test:redis. Separate from `npm test` because not every machine has redis-server.
export default defineConfig({
  test: {
    include: ['test/redis/**/*.redis.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
