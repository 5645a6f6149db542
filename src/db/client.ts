import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import { MIGRATIONS_DIR } from '../paths.js';
import { pgliteTemplateDir, seedFromTemplate } from './pglite-template.js';
import * as schema from './schema.js';
import { connectionTarget } from './tls.js';

/** Both drivers share drizzle's Postgres query builder; repositories only see this. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | {
      kind: 'pglite';
      dataDir: string | null;
      snapshot?: Blob;
      /** Seed an empty `dataDir` from the database `npm install` prepared (see pglite-template.ts). */
      template?: boolean;
    };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget['kind'];
  /** For banners and logs: never contains a password. */
  description: string;
  /** A cheap round trip, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Any lock id would do; this one is "studybot" read as ASCII hex, kept stable forever. */
const MIGRATION_LOCK_ID = 0x7374756479626f74n;

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return target.dataDir ? `embedded Postgres (PGlite) at ${target.dataDir}` : 'embedded Postgres (PGlite) in memory';
  try {
    const url = new URL(target.url);
    return `Postgres at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'Postgres (DATABASE_URL)';
  }
}

/** The embedded database's share of memory for cached pages (see openPglite). */
export const PGLITE_SHARED_BUFFERS = '32MB';

/** Opens the database and applies pending migrations before returning. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.maxConnections ?? 10);
  return openPglite(target.dataDir, target.snapshot, target.template ?? false);
}

/** `snapshot` (a `dumpDataDir()` tarball) skips initdb: tests start a fresh database in a fraction of the time. */
async function openPglite(dataDir: string | null, snapshot: Blob | undefined, template: boolean): Promise<DatabaseHandle> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  if (dataDir) await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  // A first start copies the database `npm install` prepared instead of running initdb.
  if (dataDir && !snapshot && template) await seedFromTemplate(dataDir, await pgliteTemplateDir());
  const client: PGlite = new PGlite({
    dataDir: dataDir ?? undefined,
    loadDataDir: snapshot,
    // Postgres's default 128 MB of shared buffers lives in the WebAssembly memory, so it is RSS:
    // a study group's database is far smaller, and 32 MB keeps a console start near 300 MB.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  const db = drizzle({ client, schema });
  // PGlite is a single session inside this process: nothing else can race the migrator.
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return {
    db,
    kind: 'pglite',
    description: describeTarget({ kind: 'pglite', dataDir }),
    ping: async () => void (await client.query('select 1')),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const [{ default: postgres }, { drizzle }] = await Promise.all([import('postgres'), import('drizzle-orm/postgres-js')]);
  await migratePostgres(url);
  const { url: plain, ssl } = connectionTarget(url);
  const client: Sql = postgres(plain, {
    max,
    ssl,
    onnotice: () => {},
    // A short connect timeout: during an outage users get a friendly error quickly instead of a hang.
    connect_timeout: 5,
    // Every query is tenant-keyed and index-driven, so one plan serves every value (where that
    // needs the planner to know how columns relate, a migration gives it statistics: 0011). By
    // default Postgres plans a named statement again for each execution's values: the board page
    // spent 2-3 ms of its ~8 in Bind, the /stats statement 1.3 ms of 1.8 (docs/PERFORMANCE.md).
    // Sent at connect: a pooler in between (PgBouncer) must let it through.
    connection: { plan_cache_mode: 'force_generic_plan' },
  });
  const db = drizzle({ client: preparingStatements(client), schema });
  return {
    db,
    kind: 'postgres',
    description: describeTarget({ kind: 'postgres', url }),
    ping: async () => void (await client`select 1`),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle asks postgres.js for an unnamed statement unless a query is
 * `.prepare()`d by name, so the server parses and plans every query again.
 * Named statements (postgres.js's own default, cached per connection by query
 * text) let it reuse that work: on the answer path it took the database's
 * CPU per click from 1.7 ms to 0.6 ms (bench: interactions, sustained).
 */
function preparingStatements(client: Sql): Sql {
  const unsafe: Sql['unsafe'] = (query, parameters, options) => client.unsafe(query, parameters, { ...options, prepare: true });
  return new Proxy(client, {
    get(target, property, receiver) {
      return property === 'unsafe' ? unsafe : (Reflect.get(target, property, receiver) as unknown);
    },
  });
}

/**
 * Several replicas may start at once against one server. A session advisory
 * lock on a dedicated single connection serialises them: the first applies the
 * migrations, the others wait and then find nothing left to do.
 */
export async function migratePostgres(url: string): Promise<void> {
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ]);
  const { url: plain, ssl } = connectionTarget(url);
  const lockClient = postgres(plain, { max: 1, ssl, onnotice: () => {}, connect_timeout: 10 });
  try {
    await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID.toString()}::bigint)`;
    await migrate(drizzle({ client: lockClient }), { migrationsFolder: MIGRATIONS_DIR });
    await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID.toString()}::bigint)`;
  } finally {
    await lockClient.end({ timeout: 5 });
  }
}

/** `db.execute` returns an array on postgres.js and `{ rows }` on PGlite. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** json columns come back parsed from postgres.js and as text from PGlite. */
export const fromJson = <T>(value: T | string | null | undefined): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : (value ?? null));
