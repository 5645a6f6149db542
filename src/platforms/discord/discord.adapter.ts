import {
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Bot, Invocation } from '../../core/bot.js';
import type { Logger, PlatformAdapter } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { QuizPublisher } from '../../quiz/ports.js';
import { registeredCommand, sameCommands, toDiscordCommand } from './discord.commands.js';
import { discordPublisher } from './discord.publisher.js';
import { renderDiscord, renderDiscordModal } from './discord.renderer.js';

export interface DiscordOptions {
  token: string;
  /** A Discord REST proxy (or a fake in tests); discord.js appends the API version. */
  apiUrl?: string;
  /** Register commands to this server only: instant updates while developing. */
  guildId?: string;
  bot: Bot;
  logger: Logger;
}

/** Per REST request; the quiz engine's own timeout on a whole call is longer (see deliveries.ts). */
const DISCORD_REST_TIMEOUT_MS = 10_000;

/** Past this, an interaction is deferred so Discord's 3-second deadline is never missed. */
const DEFER_AFTER_MS = 1000;

/**
 * Discord through discord.js: translates interactions into core invocations
 * and renders core replies as embeds and buttons. It holds no command logic.
 */
export class DiscordAdapter implements PlatformAdapter {
  readonly name = 'discord';
  readonly client: Client;

  constructor(private readonly options: DiscordOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      // A hung request must not hold a delivery (or a standby's takeover) for long: 10 s, one retry.
      rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), timeout: DISCORD_REST_TIMEOUT_MS, retries: 1 },
      // Slash commands and buttons carry what we need: keep caches small so memory stays flat for weeks.
      makeCache: Options.cacheWithLimits({
        ...Options.DefaultMakeCacheSettings,
        MessageManager: 0,
        // Only the bot's own member: needed to compute its permissions in a channel.
        GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
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
    this.client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction));
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

  /**
   * Overwrites the registered commands only when they differ from the
   * definitions: Discord allows 200 command creates per day per server.
   */
  async registerCommands(force: boolean): Promise<'updated' | 'unchanged'> {
    const application = this.client.application!;
    const wanted = this.options.bot.registry.list().map(toDiscordCommand);
    const manager = application.commands;
    const guildId = this.options.guildId;
    const current = await manager.fetch(guildId ? { guildId } : {});
    if (!force && sameCommands([...current.values()].map(registeredCommand), wanted)) return 'unchanged';
    await (guildId ? manager.set(wanted, guildId) : manager.set(wanted));
    return 'updated';
  }

  publisher(): QuizPublisher {
    return discordPublisher(this.client);
  }

  private invocation(interaction: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction | ModalSubmitInteraction): Invocation {
    const guildId = interaction.guildId ?? `dm-${interaction.user.id}`;
    const channelName = interaction.channel && 'name' in interaction.channel ? (interaction.channel.name ?? undefined) : undefined;
    return {
      tenant: { id: `discord:${guildId}`, platform: 'discord', externalId: guildId, name: interaction.guild?.name },
      user: {
        id: interaction.user.id,
        displayName:
          (interaction.member && 'displayName' in interaction.member ? interaction.member.displayName : undefined) ??
          interaction.user.globalName ??
          interaction.user.username,
        // From Discord's own permission data for this member in this channel: never from user input.
        isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
      },
      channel: interaction.channelId ? { id: interaction.channelId, name: channelName } : undefined,
    };
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await this.onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await this.onCommand(interaction);
      else if (interaction.isButton()) await this.onButton(interaction);
      else if (interaction.isModalSubmit()) await this.onModalSubmit(interaction);
    } catch (error) {
      this.options.logger.error({ err: error, interaction: interaction.id }, 'discord interaction failed');
    }
  }

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const choices = await this.options.bot.autocomplete({
      ...this.invocation(interaction),
      name: interaction.commandName,
      subcommand: interaction.options.getSubcommand(false) ?? undefined,
      option: focused.name,
      value: String(focused.value),
    });
    await interaction.respond(choices.map((c) => ({ name: c.name, value: c.value })));
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const data = interaction.options.data;
    const sub = data.find((o) => o.options !== undefined && o.type === 1);
    const options: Record<string, unknown> = {};
    for (const option of (sub?.options ?? data) as readonly CommandInteractionOption[]) options[option.name] = option.value;
    const work = this.options.bot.command({ ...this.invocation(interaction), name: interaction.commandName, subcommand: sub?.name, options });
    await this.respond(interaction, work, false);
  }

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    const work = this.options.bot.action({
      ...this.invocation(interaction),
      actionId: interaction.customId,
      onPublicMessage: !interaction.message.flags.has(MessageFlags.Ephemeral),
    });
    await this.respond(interaction, work, true);
  }

  /** A modal the member sent (MODAL_SUBMIT): its text inputs by custom_id, answered privately like any reply. */
  private async onModalSubmit(interaction: ModalSubmitInteraction): Promise<void> {
    const values: Record<string, string> = {};
    for (const [customId, field] of interaction.fields.fields) if (field.type === ComponentType.TextInput) values[customId] = field.value;
    const work = this.options.bot.submit({ ...this.invocation(interaction), actionId: interaction.customId, values });
    await this.respond(interaction, work, false);
  }

  /**
   * Replies at once when the core is quick; otherwise defers first and edits
   * when the reply is ready. A reply that asks for a form opens it as a modal,
   * which must be the first answer: one that comes too late is shown as its
   * message instead (which says to click again).
   */
  private async respond(
    interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
    work: Promise<Reply>,
    isButton: boolean,
  ): Promise<void> {
    const timer = new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), DEFER_AFTER_MS).unref());
    const first = await Promise.race([work, timer]);
    if (first !== 'slow') {
      if (first.form && !interaction.isModalSubmit()) {
        await interaction.showModal(renderDiscordModal(first.form));
        return;
      }
      const message = renderDiscord(first);
      if (isButton && first.updateSource && interaction.isButton()) await interaction.update({ ...message, flags: undefined });
      else await interaction.reply(message);
      return;
    }
    // Slow path: acknowledge now (privately, the safe default), then fill in the reply.
    if (interaction.isButton()) await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await work;
    const message = renderDiscord(reply);
    if (interaction.isButton() && !reply.updateSource) await interaction.followUp(message);
    else await interaction.editReply({ ...message, flags: undefined });
  }
}
