import { defineConfig } from 'vitest/config';

// The reliability campaign (docs/reliability/websocket.md): thousands of connections, Chromium, child processes.
// Longer than `npm test`, so run on its own: npm run test:campaign.
export default defineConfig({
  test: {
    include: ['test/campaign/**/*.campaign.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
