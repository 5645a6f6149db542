import { defineConfig } from 'vitest/config';

// Concurrency tests (locks, races between processes) need a real Postgres server:
// PGlite is a single session. Run with TEST_DATABASE_URL set (see .ci/run).
export default defineConfig({
  test: {
    include: ['test/postgres/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
