import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import type { Lease } from '../../db/lease.js';
import type { ShardCoordination } from '../../db/shard-coordination.js';
import type { DiscordAdapter } from './discord.adapter.js';
import type { GatewayPlan } from './gateway-plan.js';
import { pause } from '../../core/timeout.js';
import { startDiscord } from './start.js';
import { isRefusedToken } from './start-errors.js';

/** How often a replica looks at its share of shards: a lost shard is taken over within two of these and a start. */
export const BALANCE_EVERY_MS = 2_000;

interface HeldShard {
  adapter: DiscordAdapter;
  lease: Lease;
}

/**
 * Discord's gateway split into shards, spread over the replicas: each shard is
 * held by exactly one replica through its own Postgres lease. Every 2 s a
 * replica counts the live replicas and aims for its fair share,
 * ceil(shards / replicas): below it, it takes one free shard (one per round,
 * so replicas starting together share); above it (a replica joined), it hands
 * one back for another to take. A replica that dies drops its leases with its
 * sessions, and the others take its shards over. IDENTIFYs wait their turn
 * across replicas (ShardCoordination.identifyTurn).
 */
export class ShardBalancer {
  private readonly held = new Map<number, HeldShard>();
  private readonly leases = new Map<number, Lease>();
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private databaseAway = false;
  private rejectFatal: (error: Error) => void = () => {};
  private readonly fatal = new Promise<never>((_resolve, reject) => (this.rejectFatal = reject));

  constructor(
    private readonly app: App,
    private readonly discord: NonNullable<Config['discord']>,
    private readonly plan: GatewayPlan,
    private readonly coordination: ShardCoordination,
    private readonly logger: Logger,
    private readonly options: { publishes: boolean },
  ) {
    this.fatal.catch(() => {});
  }

  /** Shards this replica holds now. */
  get shards(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  isReady(): boolean | 'standby' {
    if (this.held.size === 0) return 'standby';
    return [...this.held.values()].every((h) => h.adapter.isReady());
  }

  async start(): Promise<void> {
    this.running = this.loop();
    this.running.catch(() => {});
  }

  /** Rejects for a refused token (no retry can fix it); never resolves. */
  failure(): Promise<never> {
    return this.fatal;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => {});
    await Promise.all(this.shards.map((shard) => this.drop(shard)));
    await Promise.all([...this.leases.values()].map((lease) => lease.release()));
    await this.coordination.close();
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      await this.balance();
      // A stop ends the pause: its shards are let go at once, not after up to a round (a deploy's handover, the shutdown's budget).
      await pause(BALANCE_EVERY_MS, this.abort.signal);
    }
  }

  private async balance(): Promise<void> {
    let live: number;
    try {
      live = await this.coordination.liveReplicas();
      if (this.databaseAway) this.logger.info('discord: shard balance: database reachable again');
      this.databaseAway = false;
    } catch (error) {
      // Keep what is held: while the database is away, no replica can take a shard either.
      if (!this.databaseAway) this.logger.warn({ err: error }, 'discord: shard balance: database not reachable; keeping the shards held');
      this.databaseAway = true;
      return;
    }
    const fair = Math.ceil(this.plan.shards / live);
    if (this.held.size > fair) {
      const shard = this.shards.at(-1)!;
      this.logger.info({ shard, live, fair }, `discord: handing shard ${shard} over (a fair share is ${fair})`);
      await this.drop(shard);
      return;
    }
    if (this.held.size >= fair) return;
    for (const shard of this.freeShardsInTurn()) {
      if (this.abort.signal.aborted) return;
      const lease = this.leaseOf(shard);
      if (!(await lease.tryAcquire())) continue;
      await this.take(shard, lease);
      return;
    }
  }

  /** Shards not held here, starting after the ones held (so replicas do not all try shard 0 first). */
  private freeShardsInTurn(): number[] {
    const start = this.held.size === 0 ? Math.floor(Math.random() * this.plan.shards) : (this.shards.at(-1)! + 1) % this.plan.shards;
    return Array.from({ length: this.plan.shards }, (_, i) => (start + i) % this.plan.shards).filter((shard) => !this.held.has(shard));
  }

  private leaseOf(shard: number): Lease {
    let lease = this.leases.get(shard);
    if (!lease) this.leases.set(shard, (lease = this.coordination.shardLease(shard)));
    return lease;
  }

  private async take(shard: number, lease: Lease): Promise<void> {
    const { shards, maxConcurrency } = this.plan;
    this.logger.info({ shard, shards }, `discord: this replica holds shard ${shard} of ${shards}`);
    let adapter: DiscordAdapter;
    try {
      adapter = await startDiscord(
        this.app,
        this.discord,
        this.logger,
        {
          shard: { id: shard, count: shards },
          identifyTurn: (shardId, signal) => this.coordination.identifyTurn(shardId % maxConcurrency, signal),
        },
        this.abort.signal,
      );
    } catch (error) {
      await lease.release();
      if (this.abort.signal.aborted) return;
      if (isRefusedToken(error)) return this.rejectFatal(error as Error);
      this.logger.error({ err: error, shard }, 'discord: could not start the shard; another round will retry');
      return;
    }
    if (this.abort.signal.aborted) {
      await adapter.stop();
      await lease.release();
      return;
    }
    this.held.set(shard, { adapter, lease });
    if (this.options.publishes && this.held.size === 1) this.app.services.quiz.publishers.register('discord', adapter.publisher());
    void lease.lost().then(() => {
      if (this.held.get(shard)?.adapter !== adapter) return;
      this.logger.warn({ shard }, 'discord: lost the lease of the shard; stopping it');
      return this.drop(shard);
    });
  }

  private async drop(shard: number): Promise<void> {
    const held = this.held.get(shard);
    if (!held) return;
    this.held.delete(shard);
    if (this.options.publishes) {
      // Posts go over REST: any shard's client can post for all; none left, this replica stops posting.
      const other = this.held.values().next().value;
      if (other) this.app.services.quiz.publishers.register('discord', other.adapter.publisher());
      else this.app.services.quiz.publishers.unregister('discord');
    }
    await held.adapter.stop();
    await held.lease.release();
  }
}
