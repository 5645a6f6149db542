import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';

/** Set by .ci/run to run the database suites against the real server too. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const driverName = TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** `db.execute` returns an array on postgres.js and `{ rows }` on PGlite. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

let snapshot: Promise<Blob> | undefined;

/** One migrated PGlite per worker, dumped once; every test database starts from the dump. */
function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const client = new PGlite();
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
    const blob = await client.dumpDataDir('none');
    await client.close();
    return blob;
  })();
  return snapshot;
}

export interface TestDatabase extends DatabaseHandle {
  /** Connection string when on a real server (for child processes). */
  url?: string;
  drop(): Promise<void>;
}

/** A private, migrated, empty database: PGlite in memory, or a throwaway database on the server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null, snapshot: await pgliteSnapshot() });
    return { ...handle, drop: () => handle.close() };
  }
  const { url, drop } = await createServerDatabase();
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 5 });
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** An empty database on the server (not migrated), dropped by `drop`. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL must point at a Postgres server for this suite (see .ci/run)');
  const name = `studybot_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
