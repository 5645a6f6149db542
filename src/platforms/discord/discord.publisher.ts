import type { REST } from '@discordjs/rest';
import { PermissionFlagsBits, Routes, type APIChannel, type APIGuild, type APIGuildMember, type APIMessage } from 'discord-api-types/v10';
import type { Reply } from '../../core/reply.js';
import type { QuizPublisher } from '../../quiz/ports.js';
import { channelPermissions } from './channel-permissions.js';
import { sendCardMessage } from './card-message.js';
import { renderDiscord, type DiscordMessage } from './discord.renderer.js';
import { discordApiStatus } from './rest.js';

/** What posting, editing and replying to a daily quiz post needs in a channel. */
const REQUIRED_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
] as const;

/** Channel types a bot can post messages in: text, voice and stage chat, announcements, threads. */
const MESSAGE_CHANNEL_TYPES = new Set([0, 2, 5, 10, 11, 12, 13]);

/** The daily fan-out's pace: below Discord's global limit of 50 requests per second. */
export const DISCORD_MESSAGES_PER_SECOND = 40;

/** Discord's epoch (the first second of 2015): a snowflake's top bits count milliseconds from it. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The smallest snowflake of an instant: message ids after it were made at or after it. */
export const snowflakeAt = (at: Date | number): string => ((BigInt(new Date(at).getTime()) - DISCORD_EPOCH_MS) << 22n).toString();

/** Discord's answer for a channel the bot may not see or that is gone. */
const isInvisible = (error: unknown) => [403, 404].includes(discordApiStatus(error) ?? 0);

/**
 * How the daily quiz posts, edits and replies in a Discord channel: plain REST,
 * so it works the same with a gateway session or none (interactions over HTTP).
 */
export function discordPublisher(rest: REST, bot: { userId: string; token: string }): QuizPublisher {
  const botUserId = bot.userId;
  // Channel messages are public by nature: no ephemeral flag.
  const message = (reply: Reply): Omit<DiscordMessage, 'flags'> => {
    const { flags: _ephemeral, ...rendered } = renderDiscord({ ...reply, private: false });
    return rendered;
  };
  // The key is Discord's nonce, enforced: the same message sent again within minutes comes back as the first one.
  const nonce = (options?: { key: string }) => (options ? { nonce: options.key, enforce_nonce: true } : {});
  // A reply with its card (the reveal's chart) is sent by the card itself, the PNG its one file.
  const request = async (method: 'POST' | 'PATCH', route: `/${string}`, body: object, reply: Reply): Promise<unknown> => {
    if (reply.image) return sendCardMessage(rest, { method, route, body, image: reply.image, botToken: bot.token });
    return method === 'POST' ? rest.post(route, { body }) : rest.patch(route, { body });
  };
  const send = async (channelId: string, body: object, reply: Reply) => (await request('POST', Routes.channelMessages(channelId), body, reply)) as APIMessage;

  return {
    // Discord allows 50 requests/s per bot across all servers; the rest is headroom for interaction follow-ups.
    messagesPerSecond: DISCORD_MESSAGES_PER_SECOND,
    post: async (target, reply, options) => (await send(target.channelId, { ...message(reply), ...nonce(options) }, reply)).id,
    edit: async (target, messageId, reply) => {
      await request('PATCH', Routes.channelMessage(target.channelId, messageId), message(reply), reply);
    },
    replyTo: async (target, messageId, reply, options) => {
      await send(target.channelId, { ...message(reply), message_reference: { message_id: messageId, fail_if_not_exists: false }, ...nonce(options) }, reply);
    },
    // Discord does not keep nonces with messages, so a message is recognised by what it carries:
    // a daily post by its answer buttons, a reveal by the post it replies to.
    findMessage: async (target, probe) => {
      const after = probe.replyTo ?? snowflakeAt(probe.after);
      const query = new URLSearchParams({ after, limit: '100' });
      const recent = (await rest.get(Routes.channelMessages(target.channelId), { query })) as APIMessage[];
      const found = recent
        .filter((m) => m.author.id === botUserId)
        .find((m) =>
          probe.actionId
            ? (m.components ?? []).some((row) => 'components' in row && row.components.some((c) => 'custom_id' in c && c.custom_id === probe.actionId))
            : probe.replyTo !== undefined && m.message_reference?.message_id === probe.replyTo,
        );
      return found?.id;
    },
    checkAccess: async (target) => {
      const cannotSee = `I can't see <#${target.channelId}>: give me the View Channel permission there, or pick another channel.`;
      let channel: APIChannel;
      try {
        channel = (await rest.get(Routes.channel(target.channelId))) as APIChannel;
      } catch (error) {
        if (isInvisible(error)) return cannotSee;
        throw error;
      }
      // A thread takes its permissions from the channel it is in.
      if ((channel.type === 10 || channel.type === 11 || channel.type === 12) && channel.parent_id) {
        try {
          channel = (await rest.get(Routes.channel(channel.parent_id))) as APIChannel;
        } catch (error) {
          if (isInvisible(error)) return cannotSee;
          throw error;
        }
      }
      // A channel of another server is as good as invisible from this one.
      const guildId = 'guild_id' in channel ? channel.guild_id : undefined;
      if (!guildId || `discord:${guildId}` !== target.tenantId || !MESSAGE_CHANNEL_TYPES.has(channel.type)) return cannotSee;
      const [guild, me] = (await Promise.all([rest.get(Routes.guild(guildId)), rest.get(Routes.guildMember(guildId, botUserId))])) as [
        APIGuild,
        APIGuildMember,
      ];
      const permissions = channelPermissions({
        guildId,
        ownerId: guild.owner_id,
        roles: guild.roles,
        member: { userId: botUserId, roleIds: me.roles },
        overwrites: 'permission_overwrites' in channel ? (channel.permission_overwrites ?? []) : [],
      });
      const missing = REQUIRED_PERMISSIONS.filter(([bit]) => (permissions & bit) === 0n).map(([, name]) => name);
      return missing.length ? `I need ${missing.join(', ')} in <#${target.channelId}> to post the daily quiz there.` : undefined;
    },
  };
}
