import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import { DiscordAdapter, type DiscordOptions } from './discord.adapter.js';
import { explainStartError } from './start-errors.js';

/** Starts Discord's gateway for the app (its quiz publisher is the caller's to register); explains a refused token. */
export async function startDiscord(
  app: App,
  discord: NonNullable<Config['discord']>,
  logger: Logger,
  sharding: Pick<DiscordOptions, 'shard' | 'identifyTurn'> = {},
): Promise<DiscordAdapter> {
  const adapter = new DiscordAdapter({
    ...discord,
    ...sharding,
    bot: app.bot,
    logger: logger.child({ platform: 'discord', ...(sharding.shard ? { shard: sharding.shard.id } : {}) }),
  });
  try {
    await adapter.start();
  } catch (error) {
    await adapter.stop().catch(() => {});
    throw explainStartError(error);
  }
  return adapter;
}
