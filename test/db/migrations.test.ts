import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres, openDatabase } from '../../src/db/client.js';
import { createTestDatabase, driverName, rowsOf as rows, type TestDatabase } from '../support/database.js';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe(`migrations on ${driverName}`, () => {
  it('GIVEN a fresh database WHEN opened THEN every table exists and the migration is recorded once', async () => {
    database = await createTestDatabase();
    const tables = rows<{ table_name: string }>(
      await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['lesson_views', 'tenants', 'users']));
    const applied = rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    expect(applied[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('GIVEN an up-to-date database WHEN migrations run again THEN nothing changes', async () => {
    database = await createTestDatabase();
    const count = async () => rows<{ n: number }>(await database!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
    const before = await count();
    if (database.url) {
      await migratePostgres(database.url);
      await migratePostgres(database.url);
    } else {
      // PGlite re-runs its migrator on every open; a second open of the same data must be a no-op too.
      const { PGlite } = await import('@electric-sql/pglite');
      const { drizzle } = await import('drizzle-orm/pglite');
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      const { MIGRATIONS_DIR } = await import('../../src/paths.js');
      const client = new PGlite();
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
      await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
      const n = (await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0]!.n;
      expect(n).toBe(before);
      await client.close();
    }
    expect(await count()).toBe(before);
  });

  it('GIVEN an embedded database on disk WHEN reopened THEN its data is still there', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-data-')), 'data');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await first.db.execute(sql`insert into tenants (id, platform, external_id) values ('console:local', 'console', 'local')`);
    await first.close();
    const second = await openDatabase({ kind: 'pglite', dataDir });
    const found = rows<{ id: string }>(await second.db.execute(sql`select id from tenants`));
    await second.close();
    expect(found.map((r) => r.id)).toEqual(['console:local']);
  });
});
