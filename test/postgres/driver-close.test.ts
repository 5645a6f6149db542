import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { proxiedServerDatabase, type TcpProxy } from '../support/tcp-proxy.js';

// A shutdown closes the database last, within its budget (SHUTDOWN_BUDGET_MS.database). A session
// that was lost under a query must not hold that close until the driver's own timeout: postgres.js
// 3.4.9 kept such a query as "in flight" for good, so the close waited its 5 s on every lost
// session (scripts/patch-postgres-driver.mjs; the shutdown of discord-db-outage.test.ts overran).
let database: DatabaseHandle | undefined;
let proxy: TcpProxy | undefined;
let server: { url: string; drop(): Promise<void> } | undefined;

afterEach(async () => {
  await database?.close().catch(() => {});
  await proxy?.cut().catch(() => {});
  await server?.drop();
  database = proxy = server = undefined;
});

async function timed(work: Promise<unknown>): Promise<number> {
  const started = Date.now();
  await work;
  return Date.now() - started;
}

describe('GIVEN the session under a query is lost', () => {
  it.each([
    ['the network path is cut', (p: TcpProxy) => p.cut()],
    ['the server ends the session', () => undefined],
  ])(
    'WHEN %s THEN the query fails, and closing the database does not wait for it',
    async (_, lose) => {
      let url: string;
      ({ server, proxy, url } = await proxiedServerDatabase());
      database = await openDatabase({ kind: 'postgres', url });
      const { sql } = await import('drizzle-orm');
      // drizzle runs a query each time it is awaited: run it once.
      const slow = Promise.resolve(database.db.execute(sql`select pg_sleep(30)`));
      slow.catch(() => {});
      // The query is running on the server before its session goes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (lose.length) await lose(proxy);
      else {
        const admin = postgres(server!.url, { max: 1, onnotice: () => {} });
        const ended = await admin`select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`;
        await admin.end();
        expect(ended).toHaveLength(1);
      }
      await expect(slow).rejects.toThrow();
      // Its other sessions close at once; the lost one has nothing left to wait for.
      expect(await timed(database.close())).toBeLessThan(2_000);
      database = undefined;
    },
    30_000,
  );
});
