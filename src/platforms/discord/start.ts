import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/ports.js';
import { DiscordAdapter } from './discord.adapter.js';

export class DiscordStartError extends Error {
  override name = 'DiscordStartError';
}

/** Starts Discord for the app (its quiz publisher is the caller's to register); explains a refused token. */
export async function startDiscord(app: App, discord: NonNullable<Config['discord']>, logger: Logger): Promise<DiscordAdapter> {
  const adapter = new DiscordAdapter({ ...discord, bot: app.bot, logger: logger.child({ platform: 'discord' }) });
  try {
    await adapter.start();
  } catch (error) {
    await adapter.stop().catch(() => {});
    const code = (error as { code?: string }).code;
    if (code === 'TokenInvalid' || /4004|invalid token|Authentication failed|401/i.test(String(error))) {
      throw new DiscordStartError(
        'Discord refused DISCORD_TOKEN (authentication failed). Copy the bot token again from the Developer Portal (Bot → Reset Token).',
        { cause: error },
      );
    }
    throw new DiscordStartError(`Could not connect to Discord: ${(error as Error).message}`, { cause: error });
  }
  return adapter;
}
