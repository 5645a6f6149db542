import { PermissionFlagsBits, SnowflakeUtil, type Client, type SendableChannels } from 'discord.js';
import type { Reply } from '../../core/reply.js';
import type { QuizPublisher } from '../../quiz/ports.js';
import { renderDiscord, type DiscordMessage } from './discord.renderer.js';

/** What posting, editing and replying to a daily quiz post needs in a channel. */
const REQUIRED_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
] as const;

/** The daily fan-out's pace: below Discord's global limit of 50 requests per second. */
export const DISCORD_MESSAGES_PER_SECOND = 40;

/** How the daily quiz posts, edits and replies in a Discord channel, over REST through the client. */
export function discordPublisher(client: Client): QuizPublisher {
  const channel = async (id: string): Promise<SendableChannels> => {
    const found = await client.channels.fetch(id);
    if (!found?.isSendable()) throw new Error(`cannot post in channel ${id}`);
    return found;
  };
  // Channel messages are public by nature: no ephemeral flag.
  const message = (reply: Reply): Omit<DiscordMessage, 'flags'> => {
    const { flags: _ephemeral, ...rendered } = renderDiscord({ ...reply, private: false });
    return rendered;
  };
  const fetchMessages = async (channelId: string, after: string) => {
    const found = await channel(channelId);
    return [...(await found.messages.fetch({ after, limit: 100, cache: false })).values()];
  };
  return {
    // Discord allows 50 requests/s per bot across all servers; the rest is headroom for interaction follow-ups.
    messagesPerSecond: DISCORD_MESSAGES_PER_SECOND,
    // The key is Discord's nonce, enforced: the same message sent again within minutes comes back as the first one.
    post: async (target, reply, options) =>
      (await (await channel(target.channelId)).send({ ...message(reply), ...(options ? { nonce: options.key, enforceNonce: true } : {}) })).id,
    edit: async (target, messageId, reply) => {
      const found = await channel(target.channelId);
      await found.messages.edit(messageId, message(reply));
    },
    replyTo: async (target, messageId, reply, options) => {
      await (
        await channel(target.channelId)
      ).send({
        ...message(reply),
        reply: { messageReference: messageId, failIfNotExists: false },
        ...(options ? { nonce: options.key, enforceNonce: true } : {}),
      });
    },
    // Discord does not keep nonces with messages, so a message is recognised by what it carries:
    // a daily post by its answer buttons, a reveal by the post it replies to.
    findMessage: async (target, probe) => {
      const after = probe.replyTo ?? SnowflakeUtil.generate({ timestamp: probe.after }).toString();
      const mine = (await fetchMessages(target.channelId, after)).filter((m) => m.author.id === client.user?.id);
      const found = mine.find((m) =>
        probe.actionId
          ? m.components.some((row) => 'components' in row && row.components.some((c) => 'customId' in c && c.customId === probe.actionId))
          : probe.replyTo !== undefined && m.reference?.messageId === probe.replyTo,
      );
      return found?.id;
    },
    checkAccess: async (target) => {
      const found = await client.channels.fetch(target.channelId).catch(() => null);
      // A channel of another server is as good as invisible from this one.
      if (!found || !('guild' in found) || `discord:${found.guild.id}` !== target.tenantId || !found.isSendable()) {
        return `I can't see <#${target.channelId}>: give me the View Channel permission there, or pick another channel.`;
      }
      const me = found.guild.members.me ?? (await found.guild.members.fetchMe());
      const permissions = found.permissionsFor(me);
      const missing = REQUIRED_PERMISSIONS.filter(([bit]) => !permissions.has(bit)).map(([, name]) => name);
      return missing.length ? `I need ${missing.join(', ')} in <#${target.channelId}> to post the daily quiz there.` : undefined;
    },
  };
}
