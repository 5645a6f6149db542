/** Builders for what Slack sends an app: slash commands, block_actions and Events API callbacks. */
import { randomBytes } from 'node:crypto';
import type { ResponseUrlTarget, SlackState } from './state.js';
import { APP_ID, TEAM_DOMAIN } from './state.js';
import type { BlockActionOptions, BuiltPayload, DeliveryOptions, EphemeralMessage, FakeSlackUser, Json, OpenedModal, StoredMessage } from './types.js';

/** Slack's deprecated verification token, still present in payloads. */
export const VERIFICATION_TOKEN = 'fake-verification-token';

function actingUser(state: SlackState, userId: string | undefined): FakeSlackUser {
  // Default: the first user who is not an admin, so admin-only paths must be asked for explicitly.
  const user = userId === undefined ? (state.users.find((u) => u.isAdmin !== true && u.isOwner !== true) ?? state.users[0]) : state.user(userId);
  if (user === undefined) throw new Error(`FakeSlack: no user ${String(userId)} in the workspace`);
  return user;
}

function channelFor(state: SlackState, channelId: string | undefined): { id: string; name: string } {
  const id = channelId ?? (state.channels.find((c) => c.botIsMember === true) ?? state.channels[0])?.id;
  const channel = id === undefined ? undefined : state.resolveChannel(id);
  if (channel === undefined || id === undefined) throw new Error(`FakeSlack: no channel ${String(id)} in the workspace`);
  return { id: channel.id, name: channel.kind === 'channel' ? channel.name : 'directmessage' };
}

/** A trigger_id for a modal (views.open takes it within three seconds, once), remembered with its user. */
function triggerId(state: SlackState, userId: string): string {
  const id = `${Math.floor(Date.now() / 1000)}.${state.nextId('')}.${randomBytes(8).toString('hex')}`;
  state.triggers.set(id, { userId, issuedAt: Date.now(), used: false });
  return id;
}

function responseUrl(state: SlackState, target: Omit<ResponseUrlTarget, 'id'>): { id: string; url: string } {
  const id = `r${state.nextId('')}${randomBytes(4).toString('hex')}`;
  state.responseTargets.set(id, { id, ...target });
  return { id, url: `${state.baseUrl}/respond/${id}` };
}

/** The fields of a slash command, all strings (form-encoded over HTTP, an object over Socket Mode). */
export function slashCommandPayload(state: SlackState, command: string, text: string, opts: DeliveryOptions = {}): BuiltPayload {
  const user = actingUser(state, opts.userId);
  const channel = channelFor(state, opts.channelId);
  const response = responseUrl(state, { userId: user.id, channelId: channel.id, messageTs: undefined, ephemeral: false });
  return {
    responseUrlId: response.id,
    payload: {
      token: VERIFICATION_TOKEN,
      team_id: state.teamId,
      team_domain: TEAM_DOMAIN,
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: user.id,
      user_name: user.name,
      command: command.startsWith('/') ? command : `/${command}`,
      text,
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: response.url,
      trigger_id: triggerId(state, user.id),
    },
  };
}

function buttonIn(blocks: Json[] | undefined, actionId: string): { blockId: string | undefined; element: Json } | undefined {
  for (const block of blocks ?? []) {
    const elements = Array.isArray(block['elements']) ? (block['elements'] as Json[]) : [];
    const candidates = block['accessory'] === undefined ? elements : [...elements, block['accessory'] as Json];
    const element = candidates.find((e) => e['action_id'] === actionId);
    if (element !== undefined) return { blockId: typeof block['block_id'] === 'string' ? block['block_id'] : undefined, element };
  }
  return undefined;
}

function sourceMessage(state: SlackState, channelId: string, actionId: string, messageTs: string | undefined): StoredMessage | undefined {
  const messages = state.listMessages(channelId);
  if (messageTs !== undefined) return messages.find((m) => m.ts === messageTs);
  const withButton = [...messages].reverse().find((m) => buttonIn(m.blocks, actionId) !== undefined);
  return withButton ?? [...messages].reverse().find((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
}

function sourceEphemeral(state: SlackState, channelId: string, userId: string, actionId: string, messageTs: string | undefined): EphemeralMessage | undefined {
  const mine = state.ephemerals.filter((e) => e.channel === channelId && e.user === userId);
  if (messageTs !== undefined) return mine.find((e) => e.ts === messageTs);
  return [...mine].reverse().find((e) => buttonIn(e.blocks, actionId) !== undefined) ?? mine.at(-1);
}

/** A `block_actions` payload for a button click; the button's block_id and value come from the stored source when there is one. */
export function blockActionPayload(state: SlackState, actionId: string, opts: BlockActionOptions = {}): BuiltPayload {
  const user = actingUser(state, opts.userId);
  const container = opts.container ?? 'message';
  const base: Json = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, ...(opts.withoutTeam === true ? {} : { team_id: state.teamId }) },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId(state, user.id),
    team: opts.withoutTeam === true ? null : { id: state.teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
  };
  let blocks: Json[] | undefined;
  let responseUrlId: string | undefined;
  if (container === 'view') {
    const published = state.views.get(user.id)?.at(-1);
    const view = published?.view ?? { id: state.nextId('V0'), type: 'home', blocks: [] };
    blocks = Array.isArray(view['blocks']) ? (view['blocks'] as Json[]) : undefined;
    Object.assign(base, { container: { type: 'view', view_id: view['id'] }, view: structuredClone(view) });
  } else {
    const channel = channelFor(state, opts.channelId);
    const ephemeral = container === 'ephemeral';
    const source = ephemeral
      ? sourceEphemeral(state, channel.id, user.id, actionId, opts.messageTs)
      : sourceMessage(state, channel.id, actionId, opts.messageTs);
    const messageTs = source?.ts ?? opts.messageTs ?? state.nextTs();
    blocks = source?.blocks;
    const response = responseUrl(state, { userId: user.id, channelId: channel.id, messageTs, ephemeral });
    responseUrlId = response.id;
    Object.assign(base, {
      container: { type: 'message', message_ts: messageTs, channel_id: channel.id, is_ephemeral: ephemeral },
      channel: { id: channel.id, name: channel.name },
      response_url: response.url,
    });
    // Slack leaves the message out for ephemeral sources.
    if (!ephemeral) base['message'] = structuredClone(source ?? { type: 'message', ts: messageTs, text: '', user: state.botUserId });
  }
  const button = buttonIn(blocks, actionId);
  const value = opts.value ?? (typeof button?.element['value'] === 'string' ? button.element['value'] : actionId);
  base['actions'] = [
    {
      type: 'button',
      action_id: actionId,
      block_id: button?.blockId ?? randomBytes(3).toString('hex'),
      text: button?.element['text'] ?? { type: 'plain_text', text: 'Button', emoji: true },
      value,
      action_ts: `${(Date.now() / 1000).toFixed(6)}`,
    },
  ];
  return responseUrlId === undefined ? { payload: base } : { payload: base, responseUrlId };
}

/**
 * The `view_submission` a member sends from an opened modal: `values` by input block (block_id), as Slack's
 * client lets them through. A value it would refuse (too long, a required one blank, a block the modal does not
 * have) is a mistake in the test, and so is sending a modal twice: they throw.
 */
export function viewSubmissionPayload(state: SlackState, opened: OpenedModal, values: Record<string, string>): BuiltPayload {
  if (opened.submitted) throw new Error(`FakeSlack: modal ${opened.id} was already sent; Slack closes it on submit`);
  const inputs = (Array.isArray(opened.view['blocks']) ? (opened.view['blocks'] as Json[]) : []).filter((b) => b['type'] === 'input');
  for (const blockId of Object.keys(values))
    if (!inputs.some((b) => b['block_id'] === blockId)) throw new Error(`FakeSlack: the modal has no input block "${blockId}"`);
  const stateValues: Json = {};
  for (const block of inputs) {
    const blockId = String(block['block_id']);
    const element = block['element'] as Json;
    const value = values[blockId] ?? '';
    if (typeof element['max_length'] === 'number' && value.length > element['max_length'])
      throw new Error(`FakeSlack: "${blockId}" takes at most ${element['max_length']} characters in Slack's client`);
    if (value === '' && block['optional'] !== true) throw new Error(`FakeSlack: "${blockId}" is required (input blocks are, unless optional)`);
    stateValues[blockId] = { [String(element['action_id'])]: { type: element['type'], value: value === '' ? null : value } };
  }
  const user = actingUser(state, opened.userId);
  opened.submitted = true;
  return {
    payload: {
      type: 'view_submission',
      team: { id: state.teamId, domain: TEAM_DOMAIN },
      user: { id: user.id, username: user.name, name: user.name, team_id: state.teamId },
      api_app_id: APP_ID,
      token: VERIFICATION_TOKEN,
      trigger_id: triggerId(state, user.id),
      view: {
        ...structuredClone(opened.view),
        state: { values: stateValues },
        root_view_id: opened.id,
        previous_view_id: null,
        app_installed_team_id: state.teamId,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    },
  };
}

/** An Events API `event_callback` envelope around `event`. */
export function eventPayload(state: SlackState, event: Json): BuiltPayload {
  return {
    payload: {
      token: VERIFICATION_TOKEN,
      team_id: state.teamId,
      api_app_id: APP_ID,
      event,
      type: 'event_callback',
      event_id: `Ev${state.nextId('')}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: state.teamId, user_id: state.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    },
  };
}

/** An `app_home_opened` event for the user's Home tab (with the view last published to it, if any). */
export function homeOpenedEvent(state: SlackState, userId?: string): Json {
  const user = actingUser(state, userId);
  const view = state.views.get(user.id)?.at(-1)?.view;
  return {
    type: 'app_home_opened',
    user: user.id,
    channel: state.dmChannelId(user.id),
    tab: 'home',
    event_ts: `${(Date.now() / 1000).toFixed(6)}`,
    ...(view === undefined ? {} : { view: structuredClone(view) }),
  };
}
