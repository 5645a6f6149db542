import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.js';

// `npm test`: everything that runs without a database server (PGlite in memory).
// Database suites in test/db also run against a real server when TEST_DATABASE_URL is set,
// and test/postgres holds the ones that only make sense on a real server (see vitest.postgres.config.ts).
export default defineConfig({
  test: {
    include: ['test/{unit,db,e2e}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each worker runs its files one after another in the same process: a file then reuses the
    // modules already loaded and the embedded databases earlier files gave back (support/database.ts),
    // instead of paying for discord.js, drizzle and a PGlite start again (about 2 s per database
    // file). Tests share no global state: none stubs modules, globals, timers or the environment.
    isolate: false,
    // Vitest's default leaves a core free (one worker on a 2-core machine). Most suites wait on
    // child processes, sockets and WebAssembly start-up rather than compute: two at once is faster.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
