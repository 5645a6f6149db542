import type { webApi } from '@slack/bolt';
import type { CardImage } from '../../core/cards.js';
import type { Logger } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { QuizPublisher, SendOptions } from '../../quiz/ports.js';
import { renderSlack } from './slack.renderer.js';

type WebClient = webApi.WebClient;

/** The event type of the metadata the bot's own messages carry (see findMessage). */
const MESSAGE_EVENT_TYPE = 'studybot_message';

/** What findMessage reads of a message from conversations.history or .replies. */
interface FoundMessage {
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  blocks?: Array<{ elements?: Array<{ action_id?: string }> }>;
}

/**
 * Shares a card in a channel, or in a thread of it, as files.uploadV2 does: an upload URL, the
 * bytes, then completion. The bytes go from the drawing process (`CardImage.send`), never through
 * the bot's heap. The message it follows is delivered either way: a failed upload (an app
 * installed before files:write was asked for, a channel the bot is not in) costs the picture only.
 */
export async function uploadCard(
  client: WebClient,
  where: { channelId: string; threadTs?: string },
  image: CardImage,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  try {
    const { upload_url: url, file_id: id } = await client.files.getUploadURLExternal({ filename: image.name, length: image.size, alt_text: image.alt });
    if (!url || !id) throw new Error('files.getUploadURLExternal gave no upload URL');
    // Slack's answer to the upload is not read (completeUploadExternal confirms it): it stays in the drawing process.
    const sent = await image.send({
      url,
      method: 'POST',
      headers: { Authorization: `Bearer ${client.token ?? ''}` },
      fields: {},
      fileField: 'filename',
      discardBody: true,
    });
    if (sent.status >= 400) throw new Error(`the upload URL answered ${sent.status}: ${sent.body.slice(0, 300)}`);
    const files: [{ id: string; title: string }] = [{ id, title: image.title }];
    await client.files.completeUploadExternal(
      where.threadTs ? { files, channel_id: where.channelId, thread_ts: where.threadTs } : { files, channel_id: where.channelId },
    );
  } catch (error) {
    logger.warn({ err: error, channel: where.channelId }, 'slack: the card could not be uploaded (is files:write granted? reinstall the app)');
  }
}

/** The daily fan-out's pace on Slack, within chat.postMessage's and chat.update's rate limits. */
export const SLACK_MESSAGES_PER_SECOND = 1;

/** How the daily quiz posts, edits and replies in a Slack channel (one app, one workspace). */
export function slackPublisher(client: WebClient, logger: Pick<Logger, 'warn'>): QuizPublisher {
  const message = (reply: Reply) => {
    const { text, blocks } = renderSlack(reply);
    return { text, blocks };
  };
  // The key travels in the message's metadata, where findMessage can read it back.
  const metadata = (options?: SendOptions) => (options ? { metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key: options.key } } } : {});
  const keyOf = (m: FoundMessage) => (m.metadata?.event_type === MESSAGE_EVENT_TYPE ? m.metadata.event_payload?.['key'] : undefined);
  const carries = (m: FoundMessage, actionId: string) => (m.blocks ?? []).some((b) => (b.elements ?? []).some((e) => e.action_id === actionId));
  return {
    // chat.postMessage takes about 1 message/s per channel and chat.update is Tier 3 (~50/min): one app, one workspace.
    messagesPerSecond: SLACK_MESSAGES_PER_SECOND,
    post: async (target, reply, options) => String((await client.chat.postMessage({ channel: target.channelId, ...message(reply), ...metadata(options) })).ts),
    edit: async (target, ts, reply) => {
      await client.chat.update({ channel: target.channelId, ts, ...message(reply) });
    },
    replyTo: async (target, ts, reply, options) => {
      await client.chat.postMessage({ channel: target.channelId, thread_ts: ts, ...message(reply), ...metadata(options) });
      // The card (the reveal's chart) follows in the same thread: Slack shows an uploaded image
      // inline, with its alt text. A failed upload costs the picture, not a retry of the reply.
      if (reply.image) await uploadCard(client, { channelId: target.channelId, threadTs: ts }, reply.image, logger);
    },
    findMessage: async (target, probe) => {
      const messages = probe.replyTo
        ? (await client.conversations.replies({ channel: target.channelId, ts: probe.replyTo, include_all_metadata: true, limit: 200 })).messages
        : (
            await client.conversations.history({
              channel: target.channelId,
              oldest: String(probe.after.getTime() / 1000),
              include_all_metadata: true,
              limit: 200,
            })
          ).messages;
      const found = (messages ?? []).find(
        (m) => m.ts !== probe.replyTo && (keyOf(m) === probe.key || (probe.actionId !== undefined && carries(m, probe.actionId))),
      );
      return found?.ts;
    },
    checkAccess: async (target) => {
      const info = await client.conversations.info({ channel: target.channelId }).catch(() => undefined);
      if (!info?.channel) return `I can't see <#${target.channelId}>. Invite me there first: \`/invite @studybot\`.`;
      return info.channel.is_member ? undefined : `Invite @studybot to <#${target.channelId}> first (\`/invite @studybot\` in that channel).`;
    },
  };
}
