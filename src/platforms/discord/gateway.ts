import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger, PlatformAdapter } from '../../core/ports.js';
import type { Lease } from '../../db/lease.js';
import type { ShardCoordination } from '../../db/shard-coordination.js';
import { pause } from '../../core/timeout.js';
import { discordRest } from './rest.js';
import { fetchGatewayPlan, type GatewayPlan } from './gateway-plan.js';
import { DiscordLeadership } from './leadership.js';
import { ShardBalancer } from './shard-balancer.js';
import { explainStartError, isRefusedToken } from './start-errors.js';

export interface GatewayCoordination {
  /** The one lease of an unsharded gateway. */
  lease: Lease;
  /** Per-shard leases and the rest, when Discord recommends several shards. */
  shards(): ShardCoordination;
}

const RETRY_MS = 5_000;

/**
 * Discord's gateway, however many shards Discord asks for: it reads the
 * recommendation (GET /gateway/bot) and runs one session held by one replica
 * (DiscordLeadership) or shards spread over the replicas (ShardBalancer).
 * Starts at once and works in the background, as a standby may wait for hours.
 */
export class DiscordGateway implements PlatformAdapter {
  readonly name = 'discord';
  private inner?: DiscordLeadership | ShardBalancer;
  private readonly abort = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly app: App,
    private readonly discord: NonNullable<Config['discord']>,
    private readonly coordination: GatewayCoordination,
    private readonly logger: Logger,
    private readonly options: { publishes: boolean },
  ) {}

  async start(): Promise<void> {
    this.running = this.run();
    // Read through failure(), possibly much later: until then, a rejection is not "unhandled".
    this.running.catch(() => {});
  }

  isReady(): boolean | 'standby' {
    return this.inner?.isReady() ?? 'standby';
  }

  /** Rejects only for what no retry fixes (a refused token); never resolves. */
  failure(): Promise<never> {
    return (this.running ?? Promise.resolve()).then(() => this.inner?.failure() ?? new Promise<never>(() => {}));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => {});
    await this.inner?.stop();
  }

  private async run(): Promise<void> {
    const plan = await this.plan();
    if (!plan || this.abort.signal.aborted) return;
    if (plan.shards > 1) {
      this.logger.info(plan, `discord: Discord recommends ${plan.shards} shards; spreading them over the replicas`);
      const balancer = new ShardBalancer(this.app, this.discord, plan, this.coordination.shards(), this.logger, this.options);
      this.inner = balancer;
      balancer.start();
    } else {
      const leadership = new DiscordLeadership(this.app, this.discord, this.coordination.lease, this.logger, this.options);
      this.inner = leadership;
      await leadership.start();
    }
  }

  /** Discord's recommendation, retried until Discord answers; a refused token ends the process. */
  private async plan(): Promise<GatewayPlan | undefined> {
    const { token, apiUrl } = this.discord;
    const rest = discordRest(token, apiUrl);
    while (!this.abort.signal.aborted) {
      try {
        return await fetchGatewayPlan(rest);
      } catch (error) {
        const explained = explainStartError(error);
        if (isRefusedToken(explained)) throw explained;
        this.logger.error({ err: error }, 'discord: could not read the gateway recommendation; retrying');
        await pause(RETRY_MS, this.abort.signal);
      }
    }
    return undefined;
  }
}
