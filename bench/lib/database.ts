/**
 * The benchmark database: a seeded template on the real Postgres server,
 * rebuilt only when its fingerprint (sizes, seed code, migrations, date)
 * changes, and a fresh copy of it per run (CREATE DATABASE … TEMPLATE), so
 * what one run writes never skews the next.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { loadCourse } from '../../src/content/loader.js';
import { migratePostgres } from '../../src/db/client.js';
import { DEFAULT_CONTENT_DIR, MIGRATIONS_DIR } from '../../src/paths.js';
import { seed, tenantPlan, type SeededTenant } from './seed.js';
import type { Sizes } from './sizes.js';

export const DEFAULT_BENCH_URL = 'postgres://postgres@127.0.0.1:5432/studybot_bench';

export interface BenchDatabase {
  url: string;
  tenants: SeededTenant[];
  answers: number;
  drop(): Promise<void>;
}

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function fingerprint(sizes: Sizes): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(sizes)).update(new Date().toISOString().slice(0, 10));
  const seedCode = path.join(import.meta.dirname, 'seed.ts');
  hash.update(await readFile(seedCode));
  for (const file of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort())
    hash.update(file).update(await readFile(path.join(MIGRATIONS_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

async function templateFingerprint(admin: Sql, url: string, name: string): Promise<string | undefined> {
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) return undefined;
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await db`select fingerprint from bench_seed`.catch(() => []);
    return (row as { fingerprint?: string } | undefined)?.fingerprint;
  } finally {
    await db.end();
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Copies left behind by runs that were killed (their process is gone) are dropped. */
async function dropAbandonedRuns(admin: Sql, templateName: string): Promise<void> {
  const rows = (await admin`select datname from pg_database where datname like ${`${templateName}_run_%`}`) as unknown as Array<{ datname: string }>;
  for (const { datname } of rows) {
    const pid = Number(datname.slice(`${templateName}_run_`.length));
    if (Number.isInteger(pid) && !isAlive(pid)) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
}

/** Makes sure the seeded template exists and is current; returns a private copy for this run. */
export async function prepareBenchDatabase(baseUrl: string, sizes: Sizes, quick: boolean, log: (line: string) => void): Promise<BenchDatabase> {
  const templateName = `${new URL(baseUrl).pathname.slice(1) || 'studybot_bench'}${quick ? '_quick' : ''}`;
  const templateUrl = withDatabase(baseUrl, templateName);
  const admin = postgres(withDatabase(baseUrl, 'postgres'), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`.catch((error: Error) => {
      throw new Error(`npm run bench needs a Postgres server it may create databases on (BENCH_DATABASE_URL, now ${baseUrl}): ${error.message}`);
    });
    await dropAbandonedRuns(admin, templateName);
    const wanted = await fingerprint(sizes);
    if ((await templateFingerprint(admin, templateUrl, templateName)) !== wanted) {
      log(`Seeding ${templateName}: ${sizes.tenants} tenants, ${sizes.users} users, ${sizes.answers} answers over ${sizes.days} days…`);
      await admin.unsafe(`drop database if exists "${templateName}" with (force)`);
      await admin.unsafe(`create database "${templateName}"`);
      await migratePostgres(templateUrl);
      const db = postgres(templateUrl, { max: 1, onnotice: () => {} });
      try {
        const course = await loadCourse(DEFAULT_CONTENT_DIR);
        const { answers } = await seed(db, sizes, course, log);
        await db`create table bench_seed (fingerprint text not null, answers int not null)`;
        await db`insert into bench_seed ${db({ fingerprint: wanted, answers })}`;
      } finally {
        await db.end();
      }
    } else log(`Reusing the seeded ${templateName} (fingerprint ${wanted}).`);
    const runName = `${templateName}_run_${process.pid}`;
    await admin.unsafe(`drop database if exists "${runName}" with (force)`);
    await admin.unsafe(`create database "${runName}" template "${templateName}"`);
    const url = withDatabase(baseUrl, runName);
    const db = postgres(url, { max: 1, onnotice: () => {} });
    let answers = 0;
    try {
      // Seeded channels post twelve hours from now, so no scheduled post lands inside a measurement.
      await db`update quiz_channels set time = to_char((now() + interval '12 hours') at time zone timezone, 'HH24:MI')`;
      answers = ((await db`select answers from bench_seed`)[0] as { answers: number }).answers;
    } finally {
      await db.end();
    }
    return {
      url,
      tenants: tenantPlan(sizes),
      answers,
      drop: async () => {
        const cleanup = postgres(withDatabase(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
        await cleanup.unsafe(`drop database if exists "${runName}" with (force)`);
        await cleanup.end();
      },
    };
  } finally {
    await admin.end();
  }
}
