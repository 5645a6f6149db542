import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { MIGRATIONS_DIR, PACKAGE_ROOT } from '../../src/paths.js';

/** Set by .ci/run to run the database suites against the real server too. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const driverName = TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** `db.execute` returns an array on postgres.js and `{ rows }` on PGlite. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

let snapshot: Promise<Blob> | undefined;

/**
 * One migrated PGlite, dumped once and kept on disk for every test file (initdb in WebAssembly
 * takes about five seconds; loading the dump, under two). Keyed by the migrations and the PGlite
 * version, so a new migration makes a new one.
 */
export function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const file = await snapshotFile();
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([new Uint8Array(cached)]);
    const client = new PGlite();
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
    const blob = await client.dumpDataDir('none');
    await client.close();
    // Written whole, then renamed: a parallel worker never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(partial, new Uint8Array(await blob.arrayBuffer()));
    await rename(partial, file);
    return blob;
  })();
  return snapshot;
}

async function snapshotFile(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(MIGRATIONS_DIR, { recursive: true })).sort()) {
    const full = path.join(MIGRATIONS_DIR, name);
    if (name.endsWith('.sql') || name.endsWith('.json')) hash.update(name).update(await readFile(full));
  }
  const { version } = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  hash.update(version);
  return path.join(tmpdir(), 'studybot-test', `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

export interface TestDatabase extends DatabaseHandle {
  /** Connection string when on a real server (for child processes). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * Embedded databases this worker has opened and that no test holds now. Starting a PGlite takes
 * about a second (WebAssembly, then loading the snapshot); emptying one by dropping its schemas
 * and migrating again takes about a tenth of that, and also removes whatever a test created
 * (fault-injecting triggers, functions, sequences).
 */
const idle: DatabaseHandle[] = [];

async function reset(handle: DatabaseHandle): Promise<DatabaseHandle> {
  const [{ sql }, { migrate }] = await Promise.all([import('drizzle-orm'), import('drizzle-orm/pglite/migrator')]);
  for (const statement of ['drop schema public cascade', 'drop schema if exists drizzle cascade', 'create schema public'])
    await handle.db.execute(sql.raw(statement));
  await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
  return handle;
}

/** A private, migrated, empty database: PGlite in memory, or a throwaway database on the server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    const reused = idle.pop();
    const handle = reused ? await reset(reused) : await openDatabase({ kind: 'pglite', dataDir: null, snapshot: await pgliteSnapshot() });
    let released = false;
    // Closing gives it back to this worker instead (the process's exit ends it).
    const release = async () => {
      if (released) return;
      released = true;
      idle.push(handle);
    };
    return { ...handle, close: release, drop: release };
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
