import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import { DiscordAdapter, type DiscordOptions } from './discord.adapter.js';
import { untilAborted } from '../../core/timeout.js';
import { explainStartError } from './start-errors.js';

/**
 * Starts Discord's gateway for the app (its quiz publisher is the caller's to register); explains a
 * refused token. A `stopping` signal that aborts meanwhile (a shutdown) ends the start at once: the
 * half-started client is disconnected, and the signal's reason is thrown. A shard's start may wait
 * seconds for its turn to identify, longer than a shutdown gives the platforms.
 */
export async function startDiscord(
  app: App,
  discord: NonNullable<Config['discord']>,
  logger: Logger,
  sharding: Pick<DiscordOptions, 'shard' | 'identifyTurn'> = {},
  stopping?: AbortSignal,
): Promise<DiscordAdapter> {
  const adapter = new DiscordAdapter({
    ...discord,
    ...sharding,
    bot: app.bot,
    logger: logger.child({ platform: 'discord', ...(sharding.shard ? { shard: sharding.shard.id } : {}) }),
  });
  try {
    await (stopping ? untilAborted(adapter.start(), stopping) : adapter.start());
  } catch (error) {
    await adapter.stop().catch(() => {});
    throw stopping?.aborted ? stopping.reason : explainStartError(error);
  }
  return adapter;
}
