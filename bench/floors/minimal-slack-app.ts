/**
 * Floor: the smallest Bolt app (HTTP mode) that acknowledges every slash
 * command and responds on its response_url with fixed blocks: the cost of
 * Bolt plus the transport.
 */
import { App } from '@slack/bolt';

const BLOCKS = [
  { type: 'header', text: { type: 'plain_text', text: '17.3 · ECS: task definitions, services, Fargate vs EC2' } },
  { type: 'section', text: { type: 'mrkdwn', text: 'A fixed answer: the cost of Bolt and the transport, with no work behind it.' } },
];

const app = new App({
  token: process.env.SLACK_BOT_TOKEN!,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL! },
});
app.command(/.*/, async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: '17.3 · ECS', blocks: BLOCKS });
});
await app.start(Number(process.env.PORT));
console.log('floor ready');
