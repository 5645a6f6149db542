import { randomInt } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Logger } from '../core/ports.js';
import { PostgresLease, lockHoldingClient, soleLease, type Lease } from './lease.js';

/**
 * What replicas sharing Discord's gateway shards agree on through Postgres:
 * who holds each shard, how many replicas are alive (so each takes its fair
 * share), and whose turn it is to IDENTIFY.
 */
export interface ShardCoordination {
  /** The lease of one shard: held by exactly one replica. */
  shardLease(shard: number): Lease;
  /** Replicas alive now, this one included. Rejects while the database is unreachable. */
  liveReplicas(): Promise<number>;
  /**
   * Resolves when a shard of `bucket` (shard id % max_concurrency) may IDENTIFY: Discord allows
   * one per bucket every 5 seconds across every process of the bot.
   */
  identifyTurn(bucket: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Discord's identify window per bucket, and a margin for clocks and network. */
export const IDENTIFY_SPACING_MS = 5_500;
const POLL_MS = 250;

/** Advisory lock keys: "shard" and "ident" in ASCII, with the shard or bucket in the low 16 bits. */
const SHARD_KEY_BASE = 0x7368617264n << 16n;
const IDENTIFY_KEY_BASE = 0x6964656e74n << 16n;
/** The two-int4 advisory lock namespace of live replicas ("stud"). */
const PRESENCE_NAMESPACE = 0x73747564;

export const shardLeaseKey = (shard: number): bigint => SHARD_KEY_BASE + BigInt(shard);

/** Waits `ms`, or rejects with the signal's reason once it aborts. A wait that ends takes its abort listener with it. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    // Polling for an identify turn can take many waits on one signal: without the removal, every wait left a listener behind.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One turn per bucket at a time within this process, each held for
 * `IDENTIFY_SPACING_MS`: what Discord's limit means for the shards of one
 * process. `take` may first wait for other processes (the Postgres lock) and
 * returns how to give the turn back.
 */
class LocalIdentifyQueue {
  private readonly tails = new Map<number, Promise<void>>();

  turn(bucket: number, signal: AbortSignal, take: () => Promise<() => void> = async () => () => {}): Promise<void> {
    const previous = this.tails.get(bucket) ?? Promise.resolve();
    // A shard stopped while it waited does not take the turn (nor, across processes, the bucket's lock).
    const taken = previous.then(() => (signal.aborted ? Promise.reject(signal.reason as Error) : take()));
    // The next shard of this bucket waits until this one's window has passed (or its wait failed).
    this.tails.set(
      bucket,
      taken.then(
        (release) => sleep(IDENTIFY_SPACING_MS).then(release),
        () => {},
      ),
    );
    return taken.then(() => {
      if (signal.aborted) throw signal.reason;
    });
  }
}

/** The embedded database: one process holds every shard. */
export function soleShardCoordination(): ShardCoordination {
  const queue = new LocalIdentifyQueue();
  return {
    shardLease: () => soleLease,
    liveReplicas: async () => 1,
    identifyTurn: (bucket, signal) => queue.turn(bucket, signal),
    close: async () => {},
  };
}

/**
 * Through the shared Postgres: a session advisory lock per shard
 * (`PostgresLease`, as the single gateway lease), one per live replica in a
 * namespace of their own (counted in pg_locks), and one per identify bucket,
 * held for five seconds after each IDENTIFY.
 */
export class PostgresShardCoordination implements ShardCoordination {
  private sql?: Sql;
  /** This replica's presence lock: random, so two replicas never share one. */
  private readonly replicaId = randomInt(1, 2 ** 31 - 1);
  private readonly queue = new LocalIdentifyQueue();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  shardLease(shard: number): Lease {
    return new PostgresLease(this.url, shardLeaseKey(shard), this.logger);
  }

  async liveReplicas(): Promise<number> {
    const sql = await this.client();
    // Re-taken when missing: after a lost session the client reconnects as a new session without it.
    await sql`
      select case when exists (
        select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted
          and classid = ${PRESENCE_NAMESPACE}::oid and objid = ${this.replicaId}::oid and objsubid = 2
      ) then true else pg_try_advisory_lock(${PRESENCE_NAMESPACE}::int, ${this.replicaId}::int) end`;
    const [row] = await sql<{ live: number }[]>`
      select count(distinct pid)::int as live from pg_locks
      where locktype = 'advisory' and granted and classid = ${PRESENCE_NAMESPACE}::oid and objsubid = 2
        -- pg_locks lists every database of the server: another deployment's replicas are not ours.
        and database = (select oid from pg_database where datname = current_database())`;
    return Math.max(1, row?.live ?? 1);
  }

  identifyTurn(bucket: number, signal: AbortSignal): Promise<void> {
    const key = (IDENTIFY_KEY_BASE + BigInt(bucket)).toString();
    return this.queue.turn(bucket, signal, async () => {
      for (;;) {
        try {
          const sql = await this.client();
          const [row] = await sql<{ locked: boolean }[]>`select pg_try_advisory_lock(${key}::bigint) as locked`;
          // Unlocked once the window has passed; a session lost meanwhile has dropped it anyway.
          if (row?.locked) return () => void sql`select pg_advisory_unlock(${key}::bigint)`.catch(() => {});
        } catch (error) {
          this.logger.warn({ err: error }, 'discord: identify turn: database not reachable, retrying');
        }
        await sleep(POLL_MS, signal);
      }
    });
  }

  async close(): Promise<void> {
    const sql = this.sql;
    this.sql = undefined;
    await sql?.end({ timeout: 1 }).catch(() => {});
  }

  private async client(): Promise<Sql> {
    this.sql ??= await lockHoldingClient(this.url);
    return this.sql;
  }
}
