import { defineConfig } from 'vitest/config';

// The production smoke test: the image's layout with production dependencies only
// (npm ci --omit=dev, from the npm registry or its cache). Run by .ci/run; slow by nature.
export default defineConfig({
  test: {
    include: ['test/production/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
