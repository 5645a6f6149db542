import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger, PlatformAdapter } from '../../core/ports.js';
import type { Lease } from '../../db/lease.js';
import type { DiscordAdapter } from './discord.adapter.js';
import { pause } from '../../core/timeout.js';
import { startDiscord } from './start.js';
import { isRefusedToken } from './start-errors.js';

/**
 * One gateway session per bot: two replicas on the same shard would both
 * receive every interaction and answer twice. The replica holding the lease
 * runs Discord; the others wait as hot standbys and take over when the lease
 * frees up (holder stopped or died). Sharding across processes would key one
 * lease per shard.
 *
 * As a platform it has no fixed publisher: only the leader may post quiz
 * messages, so the leader's publisher is registered when it takes over and
 * withdrawn when it steps down, and a standby never claims quiz work. Beside
 * interactions over HTTP (a migration: `publishes: false`), every replica
 * already posts over REST, so the gateway holder only receives interactions.
 */
export class DiscordLeadership implements PlatformAdapter {
  readonly name = 'discord';
  private adapter?: DiscordAdapter;
  private readonly abort = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly app: App,
    private readonly discord: NonNullable<Config['discord']>,
    private readonly lease: Lease,
    private readonly logger: Logger,
    private readonly options: { publishes: boolean } = { publishes: true },
  ) {}

  get role(): 'leader' | 'standby' {
    return this.adapter ? 'leader' : 'standby';
  }

  /** A leader is ready once its gateway is; a standby is ready to take over. */
  isReady(): boolean | 'standby' {
    return this.adapter ? this.adapter.isReady() : 'standby';
  }

  /** Starts competing for the lease and returns at once: a standby may wait for hours. */
  async start(): Promise<void> {
    this.running = this.loop();
    // Read through failure(), possibly much later: until then, a rejection is not "unhandled".
    this.running.catch(() => {});
  }

  /** Rejects only for what no retry fixes (a refused token); never resolves. */
  failure(): Promise<never> {
    return (this.running ?? Promise.resolve()).then(() => new Promise<never>(() => {}));
  }

  private async loop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.abort.signal.addEventListener('abort', () => resolve()));
    while (!this.abort.signal.aborted) {
      if (!(await this.lease.acquire(this.abort.signal))) return;
      this.logger.info('discord: this replica holds the gateway');
      try {
        const adapter = await startDiscord(this.app, this.discord, this.logger, {}, this.abort.signal);
        if (this.options.publishes) this.app.services.quiz.publishers.register('discord', adapter.publisher());
        this.adapter = adapter;
      } catch (error) {
        await this.lease.release();
        if (this.abort.signal.aborted) return;
        if (isRefusedToken(error)) throw error;
        this.logger.error({ err: error }, 'discord: could not start; retrying');
        await pause(5000, this.abort.signal);
        continue;
      }
      await Promise.race([this.lease.lost(), stopped]);
      const adapter = this.adapter;
      this.adapter = undefined;
      if (this.options.publishes) this.app.services.quiz.publishers.unregister('discord');
      await adapter.stop();
      if (!this.abort.signal.aborted) this.logger.warn('discord: lost the lease; back to standby');
    }
  }

  /** Disconnects and releases the lease at once, so a standby takes over within seconds. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => {});
    await this.lease.release();
  }
}
