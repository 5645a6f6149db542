import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { PGLITE_SHARED_BUFFERS, migratePostgres, openDatabase } from '../../src/db/client.js';
import { seedFromTemplate } from '../../src/db/pglite-template.js';
import { createTestDatabase, driverName, pgliteSnapshot, rowsOf as rows, type TestDatabase } from '../support/database.js';

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

  it('GIVEN the embedded database THEN its shared buffers are 32 MB, not Postgres’s 128 MB of memory', async () => {
    const embedded = await openDatabase({ kind: 'pglite', dataDir: null, snapshot: await pgliteSnapshot() });
    const [setting] = rows<{ shared_buffers: string }>(await embedded.db.execute(sql`show shared_buffers`));
    await embedded.close();
    expect(setting!.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
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

  it('GIVEN the database npm install prepared WHEN a first start opens an empty DATA_DIR THEN it starts from a copy of it, and a later start keeps its own data', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const root = await mkdtemp(path.join(tmpdir(), 'studybot-template-'));
    const template = path.join(root, 'template');
    const made = await openDatabase({ kind: 'pglite', dataDir: template, snapshot: await pgliteSnapshot() });
    await made.db.execute(sql`insert into tenants (id, platform, external_id) values ('console:template', 'console', 'template')`);
    await made.close();

    const dataDir = path.join(root, 'data', 'pglite');
    expect(await seedFromTemplate(dataDir, template)).toBe(true);
    const first = await openDatabase({ kind: 'pglite', dataDir });
    expect(rows<{ id: string }>(await first.db.execute(sql`select id from tenants`)).map((r) => r.id)).toEqual(['console:template']);
    await first.db.execute(sql`insert into tenants (id, platform, external_id) values ('console:local', 'console', 'local')`);
    await first.close();

    // A database is there now: it is never replaced by the template again.
    expect(await seedFromTemplate(dataDir, template)).toBe(false);
    expect(await seedFromTemplate(path.join(root, 'other'), undefined)).toBe(false);
    const second = await openDatabase({ kind: 'pglite', dataDir, template: true });
    const ids = rows<{ id: string }>(await second.db.execute(sql`select id from tenants order by id`)).map((r) => r.id);
    await second.close();
    expect(ids).toEqual(['console:local', 'console:template']);
  });
});
