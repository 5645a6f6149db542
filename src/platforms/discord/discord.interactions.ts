import {
  ApplicationCommandOptionType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIApplicationCommandAutocompleteInteraction,
} from 'discord-api-types/v10';
import type { REST } from '@discordjs/rest';
import type { Bot, Invocation } from '../../core/bot.js';
import type { Logger } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import { settled } from '../../core/cards.js';
import { hasPermission } from './channel-permissions.js';
import { sendCardMessage } from './card-message.js';
import { renderDiscord, renderDiscordModal } from './discord.renderer.js';

/** Past this, an interaction is deferred so Discord's 3-second deadline is never missed. */
export const DEFER_AFTER_MS = 1000;

/**
 * An interaction's first answer: POSTed to the callback endpoint when it came
 * over the gateway, or written as the HTTP response when Discord POSTed it.
 */
export type Acknowledge = (response: APIInteractionResponse) => Promise<void>;

type Answerable = APIChatInputApplicationCommandInteraction | APIMessageComponentInteraction | APIModalSubmitInteraction;

export interface DiscordInteractionsOptions {
  bot: Bot;
  /** For the answers after the first (edits of a deferred reply, follow-ups): the interaction's webhook, no bot token. */
  rest: REST;
  logger: Logger;
  /** The server's name where the gateway cache knows it; over HTTP, Discord does not send it. */
  guildName?: (guildId: string) => string | undefined;
}

/**
 * Discord interactions as Discord's API shapes them, whichever way they came
 * (gateway dispatch or signed HTTP POST): translated into core invocations,
 * answered with rendered core replies. It holds no command logic.
 */
export class DiscordInteractions {
  constructor(private readonly options: DiscordInteractionsOptions) {}

  /** Never rejects: a failure is logged, and Discord shows the member its own "interaction failed". */
  async handle(interaction: APIInteraction, acknowledge: Acknowledge): Promise<void> {
    try {
      switch (interaction.type) {
        case InteractionType.Ping:
          return await acknowledge({ type: InteractionResponseType.Pong });
        case InteractionType.ApplicationCommandAutocomplete:
          return await this.autocomplete(interaction, acknowledge);
        case InteractionType.ApplicationCommand:
          // Only slash commands are registered; a context-menu command would come from another app's definitions.
          if (interaction.data.type !== 1) return;
          return await this.command(interaction as APIChatInputApplicationCommandInteraction, acknowledge);
        case InteractionType.MessageComponent:
          if (interaction.data.component_type !== ComponentType.Button) return;
          return await this.button(interaction, acknowledge);
        case InteractionType.ModalSubmit:
          return await this.modalSubmit(interaction, acknowledge);
      }
    } catch (error) {
      this.options.logger.error({ err: error, interaction: interaction.id }, 'discord interaction failed');
    }
  }

  private invocation(interaction: Exclude<APIInteraction, { type: InteractionType.Ping }>): Invocation {
    const user = interaction.member?.user ?? interaction.user;
    if (!user) throw new Error('interaction without a user');
    const guildId = interaction.guild_id ?? `dm-${user.id}`;
    const channel = interaction.channel;
    const channelName = channel && 'name' in channel ? (channel.name ?? undefined) : undefined;
    return {
      tenant: {
        id: `discord:${guildId}`,
        platform: 'discord',
        externalId: guildId,
        name: interaction.guild_id ? this.options.guildName?.(interaction.guild_id) : undefined,
      },
      user: {
        id: user.id,
        displayName: interaction.member?.nick ?? user.global_name ?? user.username,
        // From Discord's own permission data for this member in this channel: never from user input.
        isAdmin: interaction.member ? hasPermission(interaction.member.permissions, PermissionFlagsBits.ManageGuild) : false,
      },
      channel: interaction.channel_id ? { id: interaction.channel_id, name: channelName } : undefined,
    };
  }

  private async autocomplete(interaction: APIApplicationCommandAutocompleteInteraction, acknowledge: Acknowledge): Promise<void> {
    const { subcommand, options } = flatten(interaction.data.options ?? []);
    const focused = options.find((o) => 'focused' in o && o.focused);
    if (!focused || !('value' in focused)) return;
    const choices = await this.options.bot.autocomplete({
      ...this.invocation(interaction),
      name: interaction.data.name,
      subcommand,
      option: focused.name,
      value: String(focused.value),
    });
    await acknowledge({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: choices.map((c) => ({ name: c.name, value: c.value })) },
    });
  }

  private async command(interaction: APIChatInputApplicationCommandInteraction, acknowledge: Acknowledge): Promise<void> {
    const { subcommand, options } = flatten(interaction.data.options ?? []);
    const values: Record<string, unknown> = {};
    for (const option of options) if ('value' in option) values[option.name] = option.value;
    const work = this.options.bot.command({ ...this.invocation(interaction), name: interaction.data.name, subcommand, options: values });
    await this.respond(interaction, work, acknowledge);
  }

  private async button(interaction: APIMessageComponentInteraction, acknowledge: Acknowledge): Promise<void> {
    const work = this.options.bot.action({
      ...this.invocation(interaction),
      actionId: interaction.data.custom_id,
      onPublicMessage: ((interaction.message.flags ?? 0) & MessageFlags.Ephemeral) === 0,
    });
    await this.respond(interaction, work, acknowledge);
  }

  /** A modal the member sent (MODAL_SUBMIT): its text inputs by custom_id, answered privately like any reply. */
  private async modalSubmit(interaction: APIModalSubmitInteraction, acknowledge: Acknowledge): Promise<void> {
    const values: Record<string, string> = {};
    for (const top of interaction.data.components) {
      const inputs = 'component' in top ? [top.component] : 'components' in top ? top.components : [];
      for (const input of inputs) if (input.type === ComponentType.TextInput) values[input.custom_id] = input.value;
    }
    const work = this.options.bot.submit({ ...this.invocation(interaction), actionId: interaction.data.custom_id, values });
    await this.respond(interaction, work, acknowledge);
  }

  /**
   * Replies at once when the core is quick; otherwise defers first and edits
   * when the reply is ready. A reply that asks for a form opens it as a modal,
   * which must be the first answer: one that comes too late is shown as its
   * message instead (which says to click again).
   */
  private async respond(interaction: Answerable, work: Promise<Reply>, acknowledge: Acknowledge): Promise<void> {
    const isButton = interaction.type === InteractionType.MessageComponent;
    const timer = new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), DEFER_AFTER_MS).unref());
    const first = await Promise.race([work, timer]);
    if (first !== 'slow') {
      if (first.form && interaction.type !== InteractionType.ModalSubmit) {
        await acknowledge({ type: InteractionResponseType.Modal, data: renderDiscordModal(first.form) });
        return;
      }
      if (isButton && first.updateSource) {
        await acknowledge({ type: InteractionResponseType.UpdateMessage, data: { ...renderDiscord(first), flags: undefined } });
      } else {
        await acknowledge({ type: InteractionResponseType.ChannelMessageWithSource, data: renderDiscord(first) });
      }
      await this.attachCard(interaction, first);
      return;
    }
    // Slow path: acknowledge now (privately, the safe default), then fill in the reply.
    if (isButton) await acknowledge({ type: InteractionResponseType.DeferredMessageUpdate });
    else await acknowledge({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const reply = await work;
    const message = renderDiscord(reply);
    const { application_id: app, token } = interaction;
    // The interaction's webhook is authorised by its token: the bot token is neither needed nor sent.
    if (isButton && !reply.updateSource) {
      // A new message after a click: its card comes with it, since it cannot be edited in as @original.
      const complete = await settled(reply);
      const body = renderDiscord(complete);
      if (complete.image)
        await sendCardMessage(this.options.rest, { method: 'POST', route: Routes.webhook(app, token), body, image: complete.image, discardAnswer: true });
      else await this.options.rest.post(Routes.webhook(app, token), { body, auth: false });
      return;
    }
    await this.options.rest.patch(Routes.webhookMessage(app, token, '@original'), { body: { ...message, flags: undefined }, auth: false });
    await this.attachCard(interaction, reply);
  }

  /**
   * The reply went out as text; its card, once drawn, is edited into it (the
   * embed again with its image, and the PNG as the message's one attachment).
   * A card that cannot be drawn or attached leaves the text as it is.
   */
  private async attachCard(interaction: Answerable, reply: Reply): Promise<void> {
    const image = await reply.drawing;
    if (!image) return;
    const pictured = { ...reply, image };
    const { embeds, attachments } = renderDiscord(pictured);
    const { application_id: app, token } = interaction;
    try {
      await sendCardMessage(this.options.rest, {
        method: 'PATCH',
        route: Routes.webhookMessage(app, token, '@original'),
        body: { embeds, attachments },
        image,
        // The edited message is not read: its JSON stays in the drawing process.
        discardAnswer: true,
      });
    } catch (error) {
      this.options.logger.warn({ err: error, card: image.name }, 'discord: the card could not be attached; the reply stays text');
    }
  }
}

/** A subcommand's name and its options, or the command's own options when it has no subcommands. */
function flatten(options: readonly APIApplicationCommandInteractionDataOption[]): {
  subcommand: string | undefined;
  options: readonly APIApplicationCommandInteractionDataOption[];
} {
  const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  return sub && 'options' in sub ? { subcommand: sub.name, options: sub.options ?? [] } : { subcommand: sub?.name, options };
}
