import { defineConfig } from 'vitest/config';

// Scale-out with a real redis-server (and nginx): npm run test:redis. Kept out of `npm test`
// because the starter's users may have no Redis; the tests start their own on a free port.
export default defineConfig({
  test: {
    include: ['test/redis/**/*.redis.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 20_000,
  },
});
