/**
 * A core reply, rendered for each platform, checked by the validators the fakes use: what Discord's
 * OpenAPI spec and Slack's Block Kit limits would say about the bodies the adapters send.
 */
import type { Reply } from '../../src/core/reply.js';
import { renderDiscord, renderDiscordModal } from '../../src/platforms/discord/discord.renderer.js';
import { renderSlack, renderSlackModal } from '../../src/platforms/slack/slack.renderer.js';
import { discordSpec } from '../fakes/discord/openapi.js';
import { messageProblems, modalProblems, type Problem } from '../fakes/discord/validate.js';
import { blockKitRejection } from '../fakes/slack/block-kit.js';

/** The JSON the adapter sends for a rendered reply: the renderer's output is the API body itself. */
function discordJson(reply: Reply, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...renderDiscord(reply), ...extra };
}

/**
 * Problems Discord would report with `reply` sent the ways the adapter sends it: as an interaction
 * reply (callback type 4), an edit of the original reply, and a channel message (quiz post, reveal);
 * and its form, if it asks for one, as a modal (callback type 9).
 */
export function discordProblems(reply: Reply): Problem[] {
  const spec = discordSpec();
  const data = discordJson(reply);
  const channelMessage = discordJson(reply, { message_reference: { message_id: '300000000000000001', fail_if_not_exists: false } });
  return [
    ...spec.bodyProblems('POST', '/interactions/100000000000000009/token/callback', { type: 4, data }),
    ...messageProblems(data, 'data.'),
    ...spec.bodyProblems('PATCH', '/webhooks/100000000000000009/token/messages/@original', data),
    ...spec.bodyProblems('POST', '/channels/200000000000000001/messages', channelMessage),
    ...messageProblems(channelMessage),
    ...(reply.form
      ? [
          ...spec.bodyProblems('POST', '/interactions/100000000000000009/token/callback', { type: 9, data: renderDiscordModal(reply.form) }),
          ...modalProblems({ ...renderDiscordModal(reply.form) }),
        ]
      : []),
  ];
}

/** Problems Slack would report with `reply` as a message (post, update, response_url), on the App Home tab, and its form as a modal. */
export function slackProblems(reply: Reply): string[] {
  const message = renderSlack(reply);
  const said = (rejection: ReturnType<typeof blockKitRejection>) => (rejection === undefined ? [] : [rejection.error, ...rejection.messages]);
  return [
    ...said(blockKitRejection('chat.postMessage', { channel: 'C0STUDY001', ...message })),
    ...said(blockKitRejection('views.publish', { user_id: 'U0ANA00001', view: { type: 'home', blocks: message.blocks } })),
    // private_metadata as the adapter fills it: the channel and a response_url.
    ...(reply.form
      ? said(
          blockKitRejection('views.open', {
            trigger_id: '1.2.3',
            view: renderSlackModal(
              reply.form,
              JSON.stringify({ channel: 'C0STUDY001', responseUrl: `https://hooks.slack.com/actions/T0000000001/${'1'.repeat(13)}/${'x'.repeat(24)}` }),
            ),
          }),
        )
      : []),
  ];
}
