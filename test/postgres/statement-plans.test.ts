import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, resultRows, type DatabaseHandle } from '../../src/db/client.js';
import { createServerDatabase } from '../support/database.js';

/**
 * The pool's connections plan each named statement once (plan_cache_mode), so a
 * board page or /stats is not planned again on every execution: the planning
 * took a third of the board page's time (docs/PERFORMANCE.md).
 */
let server: { url: string; drop(): Promise<void> };
let database: DatabaseHandle;

beforeAll(async () => {
  server = await createServerDatabase();
  database = await openDatabase({ kind: 'postgres', url: server.url });
});

afterAll(async () => {
  await database?.close();
  await server?.drop();
});

describe('GIVEN the bot connected to Postgres', () => {
  it('THEN every pooled connection keeps one generic plan per statement', async () => {
    // More reads at once than one connection takes, so several connections answer.
    const modes = await Promise.all(
      Array.from({ length: 12 }, async () => resultRows<{ plan_cache_mode: string }>(await database.db.execute(sql`show plan_cache_mode`))[0]?.plan_cache_mode),
    );
    expect(new Set(modes)).toEqual(new Set(['force_generic_plan']));
  });
});
