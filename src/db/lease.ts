import type { ReservedSql, Sql } from 'postgres';
import type { Logger } from '../core/ports.js';

export interface Lease {
  /** Resolves once this process holds the lease (retrying until `signal` aborts). */
  acquire(signal: AbortSignal): Promise<boolean>;
  /** Resolves when a held lease is lost (its connection broke): the holder must stop at once. */
  lost(): Promise<void>;
  release(): Promise<void>;
}

/** A single process (embedded database): always the holder. */
export const soleLease: Lease = {
  acquire: async () => true,
  lost: () => new Promise<void>(() => {}),
  release: async () => {},
};

const RETRY_MS = 2000;
const CHECK_MS = 2000;

/**
 * Leadership through a Postgres session advisory lock held on a dedicated
 * connection: if the holder dies, its connection closes and Postgres releases
 * the lock, so a standby (retrying every 2 s) takes over. The holder checks its
 * connection every 2 s (see `watch`).
 */
export class PostgresLease implements Lease {
  private sql?: Sql;
  private reserved?: ReservedSql;
  private lostListeners: Array<() => void> = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly key: bigint,
    private readonly logger: Logger,
  ) {}

  async acquire(signal: AbortSignal): Promise<boolean> {
    const { default: postgres } = await import('postgres');
    while (!signal.aborted) {
      try {
        this.sql ??= postgres(this.url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
        this.reserved ??= await this.sql.reserve();
        const [row] = await this.reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${this.key.toString()}::bigint) as locked`;
        if (row?.locked) {
          this.watch();
          return true;
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'lease: database not reachable, retrying');
        await this.reset();
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
    }
    return false;
  }

  lost(): Promise<void> {
    return new Promise((resolve) => this.lostListeners.push(resolve));
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    try {
      const reserved = this.reserved;
      if (reserved) await reserved`select pg_advisory_unlock(${this.key.toString()}::bigint)`;
    } catch {
      // The connection is gone: so is the lock.
    }
    await this.reset();
  }

  /**
   * Every 2 s: is the lock connection alive? If it broke (the database
   * restarted or is unreachable), keep leading (no other replica can take the
   * lock while the database is down) and re-take the lock on a new connection
   * as soon as possible; step down only if another replica got it first.
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
      if (this.reserved) {
        await this.reserved`select 1`;
        return;
      }
      const { default: postgres } = await import('postgres');
      this.sql ??= postgres(this.url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      this.reserved = await this.sql.reserve();
      const [row] = await this.reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${this.key.toString()}::bigint) as locked`;
      if (row?.locked) {
        this.logger.info('lease: re-took leadership after a database interruption');
        return;
      }
      clearInterval(this.timer);
      this.logger.error('lease: another replica took leadership during a database interruption');
      await this.reset();
      this.lostListeners.splice(0).forEach((resolve) => resolve());
    } catch {
      // The database is unreachable: stay the holder, try again shortly.
      await this.reset();
    }
  }

  private async reset(): Promise<void> {
    this.reserved?.release();
    this.reserved = undefined;
    const sql = this.sql;
    this.sql = undefined;
    await sql?.end({ timeout: 1 }).catch(() => {});
  }
}
