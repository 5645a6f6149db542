import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Options, Routes, type APIInteraction } from 'discord.js';
import type { Bot } from '../../core/bot.js';
import type { Logger, PlatformAdapter } from '../../core/ports.js';
import type { QuizPublisher } from '../../quiz/ports.js';
import { syncCommands } from './command-sync.js';
import { toDiscordCommand } from './discord.commands.js';
import { DiscordInteractions } from './discord.interactions.js';
import { discordPublisher } from './discord.publisher.js';
import { DISCORD_REST_TIMEOUT_MS } from './rest.js';

export interface DiscordOptions {
  token: string;
  /** A Discord REST proxy (or a fake in tests); discord.js appends the API version. */
  apiUrl?: string;
  /** Register commands to this server only: instant updates while developing. */
  guildId?: string;
  bot: Bot;
  logger: Logger;
  /** One shard of several (Discord recommends more than one above 2,500 servers): this client's id and the total. */
  shard?: { id: number; count: number };
  /** Waits for this shard's turn to IDENTIFY when other processes identify shards too (see ShardCoordination). */
  identifyTurn?: (shardId: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Discord over the gateway (a websocket session held through discord.js):
 * interactions arrive as dispatches and are answered at the callback
 * endpoint; everything else is REST. It holds no command logic.
 */
export class DiscordAdapter implements PlatformAdapter {
  readonly name = 'discord';
  readonly client: Client;
  private readonly interactions: DiscordInteractions;

  constructor(private readonly options: DiscordOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      ...(options.shard ? { shards: [options.shard.id], shardCount: options.shard.count } : {}),
      ...(options.identifyTurn ? { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: options.identifyTurn! }) } } : {}),
      // A hung request must not hold a delivery (or a standby's takeover) for long: 10 s, one retry.
      rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), timeout: DISCORD_REST_TIMEOUT_MS, retries: 1 },
      // Slash commands and buttons carry what we need: keep caches small so memory stays flat for weeks.
      makeCache: Options.cacheWithLimits({
        ...Options.DefaultMakeCacheSettings,
        MessageManager: 0,
        GuildMemberManager: 0,
        UserManager: 0,
        ReactionManager: 0,
        PresenceManager: 0,
        ThreadManager: 0,
        GuildEmojiManager: 0,
        GuildStickerManager: 0,
        VoiceStateManager: 0,
      }),
      sweepers: Options.DefaultSweeperSettings,
    });
    this.interactions = new DiscordInteractions({
      bot: options.bot,
      rest: this.client.rest,
      logger: options.logger,
      guildName: (id) => this.client.guilds.cache.get(id)?.name,
    });
    // The raw dispatch, not discord.js's Interaction objects: the same translation serves interactions over HTTP.
    this.client.ws.on(GatewayDispatchEvents.InteractionCreate, (interaction: APIInteraction) => void this.onInteraction(interaction));
    // discord.js would still build its own Interaction object for each one (resolving channel, member and
    // message), to emit an event nothing here listens to: 5–15 µs of CPU a click, and its garbage.
    (this.client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle = () => {};
    this.client.on(Events.Error, (error) => options.logger.error({ err: error }, 'discord client error'));
  }

  /** Logs in, waits for the gateway to be ready and syncs the slash commands. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.token);
    await ready;
    await this.registerCommands(false);
    this.options.logger.info({ user: this.client.user?.tag, guilds: this.client.guilds.cache.size }, 'discord ready');
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }

  /** Connected and identified on the gateway (discord.js resumes or re-identifies after a drop). */
  isReady(): boolean {
    return this.client.isReady() && this.client.ws.status === 0;
  }

  registerCommands(force: boolean): Promise<'updated' | 'unchanged'> {
    const scope = { applicationId: this.client.application!.id, guildId: this.options.guildId };
    return syncCommands(this.client.rest, scope, this.options.bot.registry.list().map(toDiscordCommand), force);
  }

  publisher(): QuizPublisher {
    return discordPublisher(this.client.rest, { userId: this.client.user!.id, token: this.options.token });
  }

  private onInteraction(interaction: APIInteraction): Promise<void> {
    return this.interactions.handle(interaction, async (response) => {
      await this.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: response, auth: false });
    });
  }
}
