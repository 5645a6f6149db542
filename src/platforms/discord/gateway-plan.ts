import type { REST } from '@discordjs/rest';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';

/** What Discord asks of a bot's gateway connections (GET /gateway/bot). */
export interface GatewayPlan {
  /** Recommended shards: more than one above about 1,000 servers, required above 2,500 per shard. */
  shards: number;
  /** Shards that may IDENTIFY at once: one per bucket (shard id % this) every 5 seconds. */
  maxConcurrency: number;
}

export async function fetchGatewayPlan(rest: REST): Promise<GatewayPlan> {
  const result = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return { shards: Math.max(1, result.shards), maxConcurrency: Math.max(1, result.session_start_limit.max_concurrency) };
}
