import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { createServerDatabase } from '../support/database.js';

let server: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  server = await createServerDatabase();
});
afterAll(async () => server.drop());

function migrateInChildProcess(url: string): Promise<number | null> {
  const script = `import { migratePostgres } from ${JSON.stringify(path.join(PACKAGE_ROOT, 'src/db/client.ts'))}; await migratePostgres(process.env.URL);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, URL: url },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => child.on('close', resolve));
}

describe('GIVEN three replicas start at once against one empty Postgres database', () => {
  it('THEN all three start, and every migration is applied exactly once', async () => {
    const codes = await Promise.all([1, 2, 3].map(() => migrateInChildProcess(server.url)));
    expect(codes).toEqual([0, 0, 0]);
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    const applied = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations`;
    const journal = (await import(path.join(PACKAGE_ROOT, 'drizzle/meta/_journal.json'), { with: { type: 'json' } })) as {
      default: { entries: unknown[] };
    };
    expect(applied).toHaveLength(journal.default.entries.length);
    expect(new Set(applied.map((r) => r.hash)).size).toBe(applied.length);
    const tables = await sql<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
    expect(tables[0]!.n).toBeGreaterThanOrEqual(3);
    await sql.end();
  });
});
