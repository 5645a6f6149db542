import { App, LogLevel } from '@slack/bolt';
import type { BlockAction, ButtonAction, types } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import type { FakeSlackOptions } from '../fakes/slack/fake-slack.js';

const STUDY = 'C0STUDY001';
const RANDOM = 'C0OTHER001';
const ANA = 'U0ANA00001';

let fake: FakeSlack | undefined;
/** Started apps only: Bolt's stop() throws for an app that was never started. */
const apps: App[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await fake?.close();
  fake = undefined;
});

async function startFake(options?: FakeSlackOptions): Promise<FakeSlack> {
  fake = await FakeSlack.start(options);
  return fake;
}

/** A real Bolt app in HTTP mode on 127.0.0.1, talking to the fake's Web API. */
function httpApp(server: FakeSlack): App {
  return new App({
    token: 'xoxb-fake',
    signingSecret: 'fake-signing-secret',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: server.apiUrl, retryConfig: { retries: 0 } },
  });
}

/** Starts the app and returns its events URL. */
async function listen(app: App): Promise<string> {
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

function button(actionId: string, text: string): types.ActionsBlock {
  return { type: 'actions', block_id: 'nav', elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value: actionId }] };
}

describe('GIVEN the FakeSlack Web API driven by a real Bolt client', () => {
  it('WHEN the bot posts, replies in threads and edits THEN they are stored, and channels the bot is not in are refused', async () => {
    const server = await startFake();
    const app = httpApp(server);
    const posted = await app.client.chat.postMessage({ channel: STUDY, text: 'Daily quiz', blocks: [button('v1:quiz:answer:a', 'A')] });
    expect(posted).toMatchObject({ ok: true, channel: STUDY, message: { text: 'Daily quiz', user: server.botUserId } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const reply = await app.client.chat.postMessage({ channel: STUDY, text: 'Reveal', thread_ts: posted.ts });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));

    const stored = server.messages(STUDY);
    expect(stored.map((m) => [m.text, m.thread_ts])).toEqual([
      ['Daily quiz', posted.ts],
      ['Reveal', posted.ts],
    ]);
    expect(stored[0]?.blocks?.[0]).toMatchObject({ type: 'actions' });
    expect(server.callsTo('chat.postMessage')[0]?.body['blocks']).toEqual([button('v1:quiz:answer:a', 'A')]);

    const updated = await app.client.chat.update({ channel: STUDY, ts: posted.ts ?? '', text: 'Daily quiz (closed)', blocks: [] });
    expect(updated).toMatchObject({ ok: true, channel: STUDY, ts: posted.ts, text: 'Daily quiz (closed)' });
    expect(server.message(STUDY, posted.ts ?? '')).toMatchObject({ text: 'Daily quiz (closed)', blocks: [], edited: { user: server.botUserId } });

    await expect(app.client.chat.postMessage({ channel: RANDOM, text: 'hi' })).rejects.toMatchObject({ data: { ok: false, error: 'not_in_channel' } });
    await expect(app.client.chat.postMessage({ channel: 'C0NOPE0001', text: 'hi' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(app.client.chat.update({ channel: STUDY, ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    expect(server.messages(RANDOM)).toEqual([]);
  });

  it('THEN it answers auth.test, users.info, conversations.* and postEphemeral, and rejects a wrong token', async () => {
    const server = await startFake();
    const app = httpApp(server);
    expect(await app.client.auth.test()).toMatchObject({ ok: true, team_id: 'T0000000001', user_id: 'U0BOT00001', bot_id: 'B0BOT00001' });
    expect(await app.client.users.info({ user: 'U0ADMIN001' })).toMatchObject({
      user: { id: 'U0ADMIN001', name: 'admin', is_admin: true, is_owner: false, team_id: 'T0000000001' },
    });
    expect(await app.client.users.info({ user: ANA })).toMatchObject({ user: { is_admin: false, profile: { display_name: 'ana' } } });
    expect(await app.client.conversations.info({ channel: RANDOM })).toMatchObject({
      channel: { id: RANDOM, name: 'random', is_member: false, is_channel: true },
    });
    expect((await app.client.conversations.members({ channel: STUDY })).members).toContain('U0BOT00001');
    expect((await app.client.conversations.members({ channel: RANDOM })).members).not.toContain('U0BOT00001');
    const ephemeral = await app.client.chat.postEphemeral({ channel: STUDY, user: ANA, text: 'only you' });
    expect(server.ephemerals(STUDY, ANA)).toEqual([expect.objectContaining({ ts: ephemeral.message_ts, text: 'only you', via: 'chat.postEphemeral' })]);

    await expect(app.client.auth.test({ token: 'xoxb-wrong' })).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    expect(server.calls.at(-1)).toMatchObject({ method: 'auth.test', response: { ok: false, error: 'invalid_auth' } });
  });

  it('WHEN blocks go over Slack limits THEN they are refused, and failures can be injected', async () => {
    const server = await startFake();
    const app = httpApp(server);
    await expect(app.client.chat.postMessage({ channel: STUDY, text: 'x', blocks: [button('a', 'x'.repeat(76))] })).rejects.toMatchObject({
      data: { error: 'invalid_blocks', response_metadata: { messages: [expect.stringContaining('/blocks/0/elements/0/text/text')] } },
    });
    server.failNext('chat.postMessage', 'ratelimited');
    await expect(app.client.chat.postMessage({ channel: STUDY, text: 'x' })).rejects.toMatchObject({ data: { error: 'ratelimited' } });
    await expect(app.client.chat.postMessage({ channel: STUDY, text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(server.messages(STUDY)).toHaveLength(1);
  });
});

describe('GIVEN FakeSlack delivering signed requests to a Bolt HTTP receiver', () => {
  it('WHEN a signed slash command is delivered THEN the response_url gets the ephemeral reply', async () => {
    const server = await startFake();
    const app = httpApp(server);
    app.command('/lesson', async ({ ack, respond, command }) => {
      await ack();
      await respond({ response_type: 'ephemeral', text: `hi ${command.text} from ${command.user_name}` });
    });
    const url = await listen(app);
    const result = await server.slashCommand(url, '/lesson', '1.1');
    expect(result.status).toBe(200);
    expect(result.ackMs).toBeLessThan(3000);
    const response = await server.waitForResponse(result.responseUrlId ?? '');
    expect(response.body).toEqual({ response_type: 'ephemeral', text: 'hi 1.1 from ana' });
    expect(server.ephemerals(STUDY, ANA)).toEqual([expect.objectContaining({ text: 'hi 1.1 from ana', via: 'response_url' })]);
    expect(server.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('WHEN the signature is bad or the timestamp old THEN it is rejected with 401 before any handler runs', async () => {
    const server = await startFake();
    const app = httpApp(server);
    let ran = 0;
    app.command('/lesson', async ({ ack }) => {
      ran += 1;
      await ack();
    });
    const url = await listen(app);
    expect(await server.slashCommand(url, '/lesson', 'x', { badSignature: true })).toMatchObject({ status: 401, body: '' });
    expect(await server.slashCommand(url, '/lesson', 'x', { timestampOffsetSec: -400 })).toMatchObject({ status: 401 });
    expect(ran).toBe(0);
    expect(server.responses).toEqual([]);
    expect(await server.slashCommand(url, '/lesson', 'x', { timestampOffsetSec: -60 })).toMatchObject({ status: 200 });
    expect(ran).toBe(1);
  });

  it('WHEN a block action on a stored message is delivered THEN respond() replaces the original', async () => {
    const server = await startFake();
    const app = httpApp(server);
    const seen: BlockAction<ButtonAction>[] = [];
    app.action<BlockAction<ButtonAction>>('v1:lesson:next:s', async ({ ack, body, action, respond }) => {
      await ack();
      seen.push(body);
      await respond({ replace_original: true, text: `page 2 (${action.value ?? ''})` });
    });
    const url = await listen(app);
    const posted = await app.client.chat.postMessage({ channel: STUDY, text: 'page 1', blocks: [button('v1:lesson:next:s', 'Next')] });
    const result = await server.blockAction(url, 'v1:lesson:next:s', { userId: 'U0BEN00001' });
    expect(result.status).toBe(200);
    await server.waitForResponse(result.responseUrlId ?? '');
    expect(seen[0]).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BEN00001', username: 'ben' },
      channel: { id: STUDY },
      container: { type: 'message', message_ts: posted.ts, is_ephemeral: false },
      message: { ts: posted.ts, text: 'page 1' },
      actions: [{ action_id: 'v1:lesson:next:s', block_id: 'nav', value: 'v1:lesson:next:s' }],
    });
    expect(server.message(STUDY, posted.ts ?? '')).toMatchObject({ text: 'page 2 (v1:lesson:next:s)' });
  });

  it('WHEN a button on an ephemeral message or on the Home tab is clicked THEN the click is built like Slack does', async () => {
    const server = await startFake();
    const app = httpApp(server);
    const bodies: BlockAction<ButtonAction>[] = [];
    app.action<BlockAction<ButtonAction>>(/^v1:lesson:/, async ({ ack, body, respond }) => {
      await ack();
      bodies.push(body);
      if (body.container.type === 'message') await respond({ replace_original: true, text: 'page 2', blocks: [button('v1:lesson:next:p', 'Next')] });
    });
    const url = await listen(app);
    await app.client.chat.postEphemeral({ channel: STUDY, user: ANA, text: 'page 1', blocks: [button('v1:lesson:next:p', 'Next')] });
    const click = await server.blockAction(url, 'v1:lesson:next:p', { container: 'ephemeral' });
    await server.waitForResponse(click.responseUrlId ?? '');
    expect(bodies[0]).toMatchObject({ container: { type: 'message', is_ephemeral: true }, channel: { id: STUDY } });
    expect(bodies[0]).not.toHaveProperty('message');
    expect(server.ephemerals(STUDY, ANA).map((e) => e.text)).toEqual(['page 2']);

    await app.client.views.publish({ user_id: ANA, view: { type: 'home', blocks: [button('v1:lesson:open:1.1', 'Open')] } });
    const home = await server.blockAction(url, 'v1:lesson:open:1.1', { container: 'view' });
    expect(home).toMatchObject({ status: 200 });
    expect(home.responseUrlId).toBeUndefined();
    expect(bodies[1]).toMatchObject({ container: { type: 'view', view_id: server.homeViews(ANA)[0]?.id }, view: { type: 'home' } });
    expect(bodies[1]).not.toHaveProperty('response_url');
  });

  it("GIVEN a click's trigger_id WHEN the app opens a modal THEN the fake delivers its signed view_submission with the values, once", async () => {
    const server = await startFake();
    const app = httpApp(server);
    const note = {
      type: 'input' as const,
      block_id: 'note',
      optional: true,
      label: { type: 'plain_text' as const, text: 'What is wrong?' },
      element: { type: 'plain_text_input' as const, action_id: 'note', multiline: true, max_length: 300 },
    };
    app.action('v1:quiz:report:17.3:0a1b2c3d4e', async ({ ack, body, client }) => {
      await ack();
      const triggerId = (body as { trigger_id: string }).trigger_id;
      await client.views.open({
        trigger_id: triggerId,
        view: {
          type: 'modal',
          callback_id: 'v1:quiz:report-form:17.3:0a1b2c3d4e',
          title: { type: 'plain_text', text: 'Report this question' },
          submit: { type: 'plain_text', text: 'Send report' },
          private_metadata: STUDY,
          blocks: [note],
        },
      });
    });
    const submitted: Array<{ callbackId: string; metadata: string; value: unknown; user: string }> = [];
    app.view(/^v1:/, async ({ ack, view, body }) => {
      await ack();
      submitted.push({ callbackId: view.callback_id, metadata: view.private_metadata, value: view.state.values['note']?.['note']?.value, user: body.user.id });
    });
    const url = await listen(app);
    await app.client.chat.postMessage({ channel: STUDY, text: 'Feedback', blocks: [button('v1:quiz:report:17.3:0a1b2c3d4e', '⚑ Report')] });
    await server.blockAction(url, 'v1:quiz:report:17.3:0a1b2c3d4e', { userId: ANA });
    const modal = await server.waitForModal(ANA);
    expect(modal.view).toMatchObject({ type: 'modal', callback_id: 'v1:quiz:report-form:17.3:0a1b2c3d4e', blocks: [note] });

    expect(() => server.viewSubmissionPayload(modal, { note: 'x'.repeat(301) })).toThrow(/at most 300 characters/);
    expect(() => server.viewSubmissionPayload(modal, { other: 'x' })).toThrow(/no input block "other"/);
    const sent = await server.viewSubmission(url, modal, { note: 'B is right too' });
    expect(sent).toMatchObject({ status: 200, body: '' });
    expect(submitted).toEqual([{ callbackId: 'v1:quiz:report-form:17.3:0a1b2c3d4e', metadata: STUDY, value: 'B is right too', user: ANA }]);
    await expect(server.viewSubmission(url, modal, {})).rejects.toThrow(/already sent/);
    // A trigger opens one modal.
    const stale = String(server.blockActionPayload('v1:quiz:report:17.3:0a1b2c3d4e').payload['trigger_id']);
    await app.client.views.open({ trigger_id: stale, view: { type: 'modal', title: { type: 'plain_text', text: 'One' }, blocks: [] } });
    await expect(
      app.client.views.open({ trigger_id: stale, view: { type: 'modal', title: { type: 'plain_text', text: 'Two' }, blocks: [] } }),
    ).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
  });

  it('WHEN app_home_opened is delivered THEN the Home tab is published and retries are shown to the app', async () => {
    const server = await startFake();
    const app = httpApp(server);
    const retries: Array<[number | undefined, string | undefined]> = [];
    app.event('app_home_opened', async ({ event, client, context }) => {
      retries.push([context.retryNum, context.retryReason]);
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Welcome*' } }] } });
    });
    const url = await listen(app);
    expect((await server.event(url, server.homeOpenedEvent(ANA))).status).toBe(200);
    await server.waitForCall('views.publish');
    expect(server.homeViews(ANA)).toEqual([
      expect.objectContaining({ userId: ANA, view: expect.objectContaining({ type: 'home', blocks: [expect.objectContaining({ type: 'section' })] }) }),
    ]);

    expect((await server.event(url, server.homeOpenedEvent(ANA), { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await server.waitForCall('views.publish', () => server.callsTo('views.publish').length === 2);
    expect(retries).toEqual([
      [undefined, undefined],
      [1, 'http_timeout'],
    ]);
  });

  it('WHEN the url_verification challenge comes THEN it is answered', async () => {
    const server = await startFake();
    const url = await listen(httpApp(server));
    const result = await server.urlVerification(url);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ challenge: result.challenge });
  });
});

describe('GIVEN FakeSlack in Socket Mode', () => {
  it('WHEN a Bolt app connects with an app token THEN it connects and every envelope type gets its ack', async () => {
    const server = await startFake();
    const app = new App({
      token: 'xoxb-fake',
      appToken: 'xapp-fake',
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: server.apiUrl, retryConfig: { retries: 0 } },
    });
    const retries: Array<number | undefined> = [];
    app.command('/lesson', async ({ ack, command }) => {
      await ack({ response_type: 'ephemeral', text: `lesson ${command.text}` });
    });
    app.action('v1:lesson:next:p', async ({ ack }) => {
      await ack();
    });
    app.event('app_home_opened', async ({ context }) => {
      retries.push(context.retryNum);
    });
    await app.start();
    apps.push(app);
    expect(server.socketConnections).toBe(1);
    expect(server.callsTo('apps.connections.open')).toHaveLength(1);

    const command = server.slashCommandPayload('/lesson', '2.3');
    expect(await server.sendSocketEnvelope('slash_commands', command.payload)).toMatchObject({ payload: { response_type: 'ephemeral', text: 'lesson 2.3' } });
    const click = server.blockActionPayload('v1:lesson:next:p');
    expect((await server.sendSocketEnvelope('interactive', click.payload)).envelope_id).toEqual(expect.any(String));
    await server.sendSocketEnvelope('events_api', server.eventPayload(server.homeOpenedEvent()), { retryAttempt: 2 });
    expect(retries).toEqual([2]);
    expect(server.socketAcks).toHaveLength(3);
  });

  it('WHEN the bot token is used for apps.connections.open THEN it is refused, and an envelope with no connection to ack it times out', async () => {
    const server = await startFake();
    const response = await fetch(`${server.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: 'Bearer xoxb-fake' } });
    expect(await response.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
    await expect(server.sendSocketEnvelope('events_api', {}, { timeoutMs: 100 })).rejects.toThrow(/no Socket Mode connection/);
  });
});
