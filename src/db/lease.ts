import type { Sql } from 'postgres';
import type { Logger } from '../core/ports.js';
import { pause, untilAborted, withTimeout } from '../core/timeout.js';
import { connectionTarget } from './tls.js';

export interface Lease {
  /** Resolves once this process holds the lease (retrying until `signal` aborts). */
  acquire(signal: AbortSignal): Promise<boolean>;
  /** One attempt, without waiting: true when this process now holds the lease. */
  tryAcquire(): Promise<boolean>;
  /** Resolves when a held lease is lost to another replica: the holder must stop at once. */
  lost(): Promise<void>;
  release(): Promise<void>;
}

/** A single process (embedded database): always the holder. */
export const soleLease: Lease = {
  acquire: async () => true,
  tryAcquire: async () => true,
  lost: () => new Promise<void>(() => {}),
  release: async () => {},
};

const RETRY_MS = 2000;
/** How long a release waits for the unlock before ending the session anyway. */
const RELEASE_MS = 1000;

/**
 * One connection for session advisory locks: never retired by itself (no idle timeout, no
 * maximum lifetime), or its locks would drop every half hour; a lost one reconnects by itself.
 */
export async function lockHoldingClient(databaseUrl: string): Promise<Sql> {
  const { default: postgres } = await import('postgres');
  const { url, ssl } = connectionTarget(databaseUrl);
  return postgres(url, { max: 1, ssl, idle_timeout: 0, max_lifetime: 0, connect_timeout: 5, onnotice: () => {} });
}
const CHECK_MS = 2000;

/** How pg_locks shows a bigint advisory lock key: its high and low 32 bits. */
function lockParts(key: bigint): { classid: string; objid: string } {
  return { classid: (key >> 32n).toString(), objid: (key & 0xffffffffn).toString() };
}

/**
 * Leadership through a Postgres session advisory lock. If the holder dies,
 * its session ends and Postgres releases the lock, so a standby (retrying
 * every 2 s) takes over.
 *
 * The lock lives on the one connection of a dedicated single-connection
 * client, never on a `sql.reserve()`d connection: postgres.js throws inside a
 * `setImmediate` (out of reach of any try/catch, so the process dies) when a
 * reserved connection is queried after its socket closed. A plain client
 * reconnects by itself instead, so a lost session is only ever an error to
 * log. Because a reconnect is a new session without the lock, the holder asks
 * Postgres every 2 s whether *this session* holds it (pg_locks), and re-takes
 * it if not (see `check`). The connection never retires itself (no idle
 * timeout, no max lifetime): that would drop the lock every half hour.
 */
export class PostgresLease implements Lease {
  private sql?: Sql;
  private lostListeners: Array<() => void> = [];
  private timer?: NodeJS.Timeout;
  /** While the database is unreachable, say so once rather than every 2 s. */
  private unreachableSince?: number;

  constructor(
    private readonly url: string,
    private readonly key: bigint,
    private readonly logger: Logger,
  ) {}

  async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      // An attempt on a database gone silent waits for TCP to give up (minutes): a stop must not.
      if (await untilAborted(this.tryAcquire(), signal).catch(() => false)) return true;
      await pause(RETRY_MS, signal);
    }
    return false;
  }

  /** One attempt, without waiting: true when this process now holds the lease (and watches it). */
  async tryAcquire(): Promise<boolean> {
    try {
      const locked = await this.tryLock();
      this.reachable();
      if (locked) this.watch();
      return locked;
    } catch (error) {
      this.unreachable(error, 'lease: database not reachable, retrying');
      return false;
    }
  }

  lost(): Promise<void> {
    return new Promise((resolve) => this.lostListeners.push(resolve));
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const sql = this.sql;
    this.sql = undefined;
    if (!sql) return;
    // Ending the session releases the lock too; unlocking first hands over at once even if the end is slow.
    // Both are bounded: on a database gone silent, the server drops the lock when it drops the session.
    await withTimeout(sql`select pg_advisory_unlock(${this.key.toString()}::bigint)`, RELEASE_MS).catch(() => {});
    await sql.end({ timeout: 1 }).catch(() => {});
  }

  private async client(): Promise<Sql> {
    this.sql ??= await lockHoldingClient(this.url);
    return this.sql;
  }

  private async tryLock(): Promise<boolean> {
    const sql = await this.client();
    const [row] = await sql<{ locked: boolean }[]>`select pg_try_advisory_lock(${this.key.toString()}::bigint) as locked`;
    return row?.locked === true;
  }

  /** Whether the client's current session holds the lock (a reconnect is a new session without it). */
  private async holds(): Promise<boolean> {
    const sql = await this.client();
    const { classid, objid } = lockParts(this.key);
    const [row] = await sql<{ held: boolean }[]>`
      select exists (
        select 1 from pg_locks
        where locktype = 'advisory' and pid = pg_backend_pid() and granted
          and classid = ${classid}::oid and objid = ${objid}::oid and objsubid = 1
      ) as held`;
    return row?.held === true;
  }

  /**
   * Every 2 s: does this session still hold the lock? If the session was lost
   * (failover, restart, network cut), keep leading — while the database is
   * down no other replica can take the lock — and re-take it as soon as the
   * database answers; step down only if another replica got it first.
   */
  private watch(): void {
    let checking = false;
    this.timer = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.check().finally(() => (checking = false));
    }, CHECK_MS);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    try {
      if (await this.holds()) {
        this.reachable();
        return;
      }
      // Released while asking (a shutdown): taking the lock now would keep it, on a connection
      // nobody closes, from the standby the release was for.
      if (!this.timer) return;
      if (await this.tryLock()) {
        this.reachable();
        this.logger.info('lease: re-took leadership after a database interruption');
        return;
      }
      clearInterval(this.timer);
      this.timer = undefined;
      this.logger.error('lease: another replica took leadership during a database interruption');
      this.lostListeners.splice(0).forEach((resolve) => resolve());
    } catch (error) {
      // A check still running when the lease was released fails with the session it ended: not an outage.
      if (!this.timer) return;
      this.unreachable(error, 'lease: database not reachable; still leading, will re-take the lock when it answers');
    }
  }

  private unreachable(error: unknown, message: string): void {
    if (this.unreachableSince !== undefined) return;
    this.unreachableSince = Date.now();
    this.logger.warn({ err: error }, message);
  }

  private reachable(): void {
    if (this.unreachableSince === undefined) return;
    this.logger.info({ downMs: Date.now() - this.unreachableSince }, 'lease: database reachable again');
    this.unreachableSince = undefined;
  }
}
