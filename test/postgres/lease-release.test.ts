import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresLease } from '../../src/db/lease.js';
import { eventually } from '../support/run-bot.js';
import { silentLogger } from '../support/silent-logger.js';
import { proxiedServerDatabase, type TcpProxy } from '../support/tcp-proxy.js';

// A replica shutting down releases the gateway lease so that a standby takes over at once. Its
// every-2-s check may be waiting on the database at that moment, after a blip that ended the
// session holding the lock: finding the lock gone, it must not take it again. It did, on a new
// connection nobody closes: the stopping replica held the lock (and its process stayed up) until
// the 2 s stray-handle exit, and a standby waited for it.
const KEY = 0x7465737431n;
let proxy: TcpProxy;
let server: { url: string; drop(): Promise<void> };
let url: string;
let admin: postgres.Sql;

beforeAll(async () => {
  ({ server, proxy, url } = await proxiedServerDatabase());
  admin = postgres(server.url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await admin?.end();
  await proxy?.cut();
  await server?.drop();
});

const lockHolders = async (): Promise<number[]> =>
  (
    await admin<{ pid: number }[]>`
      select pid from pg_locks
      where locktype = 'advisory' and granted and classid = ${(KEY >> 32n).toString()}::oid and objid = ${(KEY & 0xffffffffn).toString()}::oid`
  ).map((row) => row.pid);

describe('GIVEN a lease holder whose session was lost, checking its lock on a slow database', () => {
  it('WHEN it releases the lease during that check THEN it does not take the lock again, and a standby can', async () => {
    const lease = new PostgresLease(url, KEY, silentLogger);
    expect(await lease.tryAcquire()).toBe(true);
    const [holder] = await lockHolders();
    expect(holder).toBeDefined();

    // A blip ends the holder's session (and with it the lock). Answers take a second now, time
    // enough to freeze the moment the check has asked its new session whether it holds the lock.
    proxy.delayMs = 1_000;
    await admin`select pg_terminate_backend(${holder!})`;
    await eventually(
      async () =>
        (await admin`select 1 from pg_stat_activity where query like '%pg_backend_pid() and granted%' and pid not in (${holder!}, pg_backend_pid())`).length >
        0,
      'the check on a new session',
      15_000,
    );
    proxy.hold();
    // The shutdown releases the lease; then the check's answer ("not held") arrives.
    const released = lease.release();
    proxy.delayMs = 0;
    proxy.letGo();
    await released;

    // The check had its answer before the release ended; a lock attempt after it would be in by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await lockHolders()).toEqual([]);
    proxy.delayMs = 0;
    const standby = new PostgresLease(url, KEY, silentLogger);
    expect(await standby.tryAcquire()).toBe(true);
    await standby.release();
  }, 60_000);
});
