import { App, LogLevel, RespondError } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitRejection, blockProblems, viewProblems } from '../fakes/slack/block-kit.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';

type Block = Record<string, unknown>;
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
const button = (label: string, actionId = 'v1:lesson:next:p', value = actionId) => ({ type: 'button', text: plain(label), action_id: actionId, value });
const actions = (...elements: unknown[]): Block => ({ type: 'actions', elements });
const x = (n: number) => 'x'.repeat(n);

/** The one problem Slack reports for `blocks`, as `[ERROR] … [json-pointer:…]`, or the first if several. */
const problemOf = (blocks: unknown[], surface: 'message' | 'view' = 'message') => blockProblems(blocks, surface)[0];

describe('Block Kit limits, as the fake Slack applies them', () => {
  it.each([
    ['an 81-character button label', [actions(button(x(81)))], '/blocks/0/elements/0/text/text', 'must be less than 76 characters'],
    ['a 76-character button label', [actions(button(x(76)))], '/blocks/0/elements/0/text/text', 'must be less than 76 characters'],
    ['an empty section text', [section('')], '/blocks/0/text/text', 'must be a non-empty string'],
    ['a section text of 3,001 characters', [section(x(3001))], '/blocks/0/text/text', 'must be less than 3001 characters'],
    ['a section with neither text nor fields', [{ type: 'section' }], '/blocks/0', 'must have text or fields'],
    ['a header of 151 characters', [{ type: 'header', text: plain(x(151)) }], '/blocks/0/text/text', 'must be less than 151 characters'],
    ['a header in mrkdwn', [{ type: 'header', text: mrkdwn('*Quiz*') }], '/blocks/0/text/type', 'must be plain_text'],
    ['11 section fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }], '/blocks/0/fields', 'must have no more than 10 items'],
    ['a field of 2,001 characters', [{ type: 'section', fields: [mrkdwn(x(2001))] }], '/blocks/0/fields/0/text', 'must be less than 2001 characters'],
    ['an action_id of 256 characters', [actions(button('A', x(256)))], '/blocks/0/elements/0/action_id', 'must be less than 256 characters'],
    [
      'one action_id twice in a block',
      [actions(button('A', 'same'), button('B', 'same'))],
      '/blocks/0/elements/1/action_id',
      'action_id "same" is already used in this block',
    ],
    ['a button value of 2,001 characters', [actions(button('A', 'a', x(2001)))], '/blocks/0/elements/0/value', 'must be less than 2001 characters'],
    ['a button style Slack does not have', [actions({ ...button('A'), style: 'secondary' })], '/blocks/0/elements/0/style', 'must be primary or danger'],
    ['a block_id of 256 characters', [{ ...section('s'), block_id: x(256) }], '/blocks/0/block_id', 'must be less than 256 characters'],
    [
      'one block_id twice',
      [
        { ...section('a'), block_id: 'row-0' },
        { ...section('b'), block_id: 'row-0' },
      ],
      '/blocks/1/block_id',
      'block_id "row-0" is already used',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      '/blocks/0/elements',
      'must have no more than 10 items',
    ],
    ['an empty context', [{ type: 'context', elements: [] }], '/blocks/0/elements', 'must be a non-empty array'],
    [
      '26 buttons in one actions block',
      [actions(...Array.from({ length: 26 }, (_, i) => button(`${i}`, `a${i}`)))],
      '/blocks/0/elements',
      'must have no more than 25 items',
    ],
    ['51 blocks in a message', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks', 'must have no more than 50 items'],
    ['a block type Slack does not know', [{ type: 'carousel' }], '/blocks/0/type', 'must be a known block type, not "carousel"'],
  ])('GIVEN %s THEN Slack refuses it and points at the field', (_, blocks, pointer, message) => {
    expect(problemOf(blocks)).toBe(`[ERROR] ${message} [json-pointer:${pointer}]`);
  });

  it('GIVEN every limit reached exactly THEN nothing is refused: the limits are not off by one', () => {
    const blocks = [
      { type: 'header', text: plain(x(150)) },
      { ...section(x(3000)), block_id: x(255) },
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) },
      { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
      actions(...Array.from({ length: 25 }, (_, i) => button(x(75), `${i}${x(254 - String(i).length)}`, x(2000)))),
      // The same action_id in another block is fine.
      actions(button('A', '0'), button('B', '1')),
    ];
    const filler = Array.from({ length: 50 - blocks.length }, () => ({ type: 'divider' }));
    expect(blockProblems([...blocks, ...filler], 'message')).toEqual([]);
    expect(blockKitRejection('chat.postMessage', { text: x(40_000), blocks })).toBeUndefined();
  });

  it('GIVEN a view THEN up to 100 blocks, and a modal needs a title of at most 24 characters', () => {
    const blocks = Array.from({ length: 100 }, () => section('s'));
    expect(viewProblems({ type: 'home', blocks })).toEqual([]);
    expect(viewProblems({ type: 'home', blocks: [...blocks, section('s')] })).toEqual(['[ERROR] must have no more than 100 items [json-pointer:/view/blocks]']);
    expect(viewProblems({ type: 'modal', title: plain(x(24)), blocks: [] })).toEqual([]);
    expect(viewProblems({ type: 'modal', title: plain(x(25)), blocks: [] })).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    expect(viewProblems({ type: 'modal', blocks: [] })).toEqual(['[ERROR] must be a text object [json-pointer:/view/title]']);
    const input = { type: 'input', label: plain('Team'), element: { type: 'plain_text_input', action_id: 'name' } };
    expect(viewProblems({ type: 'modal', title: plain('Join'), blocks: [input] })).toEqual([
      '[ERROR] is required when the view has input blocks [json-pointer:/view/submit]',
    ]);
  });

  it('GIVEN top-level text over 40,000 characters THEN msg_too_long, as Slack answers it', () => {
    expect(blockKitRejection('chat.update', { text: x(40_001) })).toEqual({ error: 'msg_too_long', messages: [] });
    expect(blockKitRejection('users.info', { text: x(40_001) })).toBeUndefined();
  });
});

describe('the fake Slack refuses what Block Kit refuses, to a real Bolt app', () => {
  const STUDY = 'C0STUDY001';
  let fake: FakeSlack;
  let app: App;
  let url: string;
  beforeAll(async () => {
    fake = await FakeSlack.start();
    app = new App({
      token: 'xoxb-fake',
      signingSecret: fake.signingSecret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('GIVEN chat.update, views.publish and views.open over the limits THEN invalid_blocks with the pointer, and nothing changes', async () => {
    const posted = await app.client.chat.postMessage({ channel: STUDY, text: 'Daily quiz', blocks: [section('Question')] as never });
    await expect(app.client.chat.update({ channel: STUDY, ts: posted.ts!, text: 'closed', blocks: [section('')] as never })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be a non-empty string [json-pointer:/blocks/0/text/text]'] } },
    });
    expect(fake.message(STUDY, posted.ts!)?.text).toBe('Daily quiz');

    const tooMany = Array.from({ length: 101 }, () => section('s'));
    await expect(app.client.views.publish({ user_id: 'U0ANA00001', view: { type: 'home', blocks: tooMany as never } })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(fake.homeViews('U0ANA00001')).toEqual([]);

    // A trigger_id as a click or a command carries it: views.open takes it once, within three seconds.
    const trigger = String(fake.slashCommandPayload('/team', 'list').payload['trigger_id']);
    const modal = { type: 'modal' as const, title: plain('Join a team') as never, blocks: [section('Pick one')] as never };
    await expect(app.client.views.open({ trigger_id: trigger, view: { type: 'modal', title: plain(x(25)) as never, blocks: [] } })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    await expect(app.client.views.open({ trigger_id: '1.2.3', view: modal })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
    await expect(app.client.views.open({ trigger_id: trigger, view: modal })).resolves.toMatchObject({ ok: true, view: { type: 'modal' } });
    await expect(app.client.views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
    expect(fake.modals().map((m) => m.view['title'])).toEqual([plain('Join a team')]);
  });

  it('GIVEN respond() with blocks over the limits THEN the response_url answers 400 invalid_blocks and Bolt throws RespondError', async () => {
    const failures: unknown[] = [];
    app.command('/lesson', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'lesson', blocks: [actions(button(x(81)))] as never }).catch((error: unknown) => failures.push(error));
    });
    await fake.slashCommand(url, '/lesson', '17.3');
    await expect.poll(() => failures.length).toBe(1);
    expect(failures[0]).toBeInstanceOf(RespondError);
    expect(failures[0]).toMatchObject({ statusCode: 400 });
    expect(fake.responses).toEqual([]);
  });
});
