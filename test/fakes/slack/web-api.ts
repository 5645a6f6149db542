/** The Web API methods the fake implements. Every answer is HTTP 200 with `ok`, as on Slack. */
import type { SlackState } from './state.js';
import { APP_ID, BOT_ID, BOT_NAME, TEAM_DOMAIN, TEAM_NAME } from './state.js';
import type { Json, StoredMessage } from './types.js';
import { pngSize } from '../png.js';

export interface MethodRequest {
  state: SlackState;
  body: Json;
}

export interface Method {
  /** Which token the method accepts: the bot token, or the app-level token (Socket Mode). */
  token: 'bot' | 'app';
  handle(req: MethodRequest): Json;
}

export function fail(error: string, extra: Json = {}): Json {
  return { ok: false, error, ...extra };
}

function str(body: Json, name: string): string | undefined {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function blocksOf(body: Json): Json[] | undefined {
  return Array.isArray(body['blocks']) ? (body['blocks'] as Json[]) : undefined;
}

function attachmentsOf(body: Json): Json[] | undefined {
  return Array.isArray(body['attachments']) ? (body['attachments'] as Json[]) : undefined;
}

/** The check chat.postMessage and chat.postEphemeral share (Block Kit limits are checked before any method: block-kit.ts). */
function checkContent(body: Json): Json | undefined {
  const text = body['text'];
  if ((typeof text !== 'string' || text === '') && blocksOf(body) === undefined && attachmentsOf(body) === undefined) return fail('no_text');
  return undefined;
}

function postMessage({ state, body }: MethodRequest): Json {
  const target = str(body, 'channel');
  if (target === undefined) return fail('channel_not_found');
  const channel = state.resolveChannel(target);
  if (channel === undefined) return fail('channel_not_found');
  if (!channel.isMember) return fail('not_in_channel');
  const invalid = checkContent(body);
  if (invalid !== undefined) return invalid;
  const threadTs = str(body, 'thread_ts');
  const message: StoredMessage = {
    type: 'message',
    channel: channel.id,
    ts: state.nextTs(),
    text: typeof body['text'] === 'string' ? body['text'] : '',
    user: state.botUserId,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: state.teamId,
  };
  const blocks = blocksOf(body);
  const attachments = attachmentsOf(body);
  if (blocks !== undefined) message.blocks = blocks;
  if (attachments !== undefined) message.attachments = attachments;
  if (typeof body['metadata'] === 'object' && body['metadata'] !== null) message.metadata = body['metadata'] as Json;
  if (threadTs !== undefined) message.thread_ts = threadTs;
  state.storeMessage(message);
  return { ok: true, channel: channel.id, ts: message.ts, message: structuredClone(message) };
}

function update({ state, body }: MethodRequest): Json {
  const channel = state.resolveChannel(str(body, 'channel') ?? '');
  const ts = str(body, 'ts');
  if (channel === undefined) return fail('channel_not_found');
  const message = ts === undefined ? undefined : state.findMessage(channel.id, ts);
  if (message === undefined) return fail('message_not_found');
  if (message.user !== state.botUserId) return fail('cant_update_message');
  const blocks = blocksOf(body);
  if (typeof body['text'] !== 'string' && blocks === undefined && attachmentsOf(body) === undefined) return fail('no_text');
  // Slack keeps the old text when only blocks are sent, and drops old blocks when only text is sent.
  if (typeof body['text'] === 'string') message.text = body['text'];
  if (blocks !== undefined) message.blocks = blocks;
  else if (typeof body['text'] === 'string') delete message.blocks;
  const attachments = attachmentsOf(body);
  if (attachments !== undefined) message.attachments = attachments;
  message.edited = { user: state.botUserId, ts: state.nextTs() };
  return { ok: true, channel: message.channel, ts: message.ts, text: message.text, message: structuredClone(message) };
}

function postEphemeral({ state, body }: MethodRequest): Json {
  const channelId = str(body, 'channel');
  const userId = str(body, 'user');
  const channel = channelId === undefined ? undefined : state.resolveChannel(channelId);
  if (channel === undefined) return fail('channel_not_found');
  if (!channel.isMember) return fail('not_in_channel');
  if (userId === undefined || state.user(userId) === undefined) return fail('user_not_found');
  const invalid = checkContent(body);
  if (invalid !== undefined) return invalid;
  const ts = state.nextTs();
  const blocks = blocksOf(body);
  const threadTs = str(body, 'thread_ts');
  state.ephemerals.push({
    channel: channel.id,
    user: userId,
    ts,
    text: typeof body['text'] === 'string' ? body['text'] : '',
    via: 'chat.postEphemeral',
    ...(blocks === undefined ? {} : { blocks }),
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
  });
  return { ok: true, message_ts: ts };
}

function chatDelete({ state, body }: MethodRequest): Json {
  const channel = state.resolveChannel(str(body, 'channel') ?? '');
  const ts = str(body, 'ts');
  if (channel === undefined) return fail('channel_not_found');
  if (ts === undefined || !state.deleteMessage(channel.id, ts)) return fail('message_not_found');
  return { ok: true, channel: channel.id, ts };
}

function viewsPublish({ state, body }: MethodRequest): Json {
  const userId = str(body, 'user_id');
  if (userId === undefined || state.user(userId) === undefined) return fail('user_not_found');
  const view = body['view'];
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return fail('invalid_arguments');
  const given = view as Json;
  if (given['type'] !== 'home') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be home [json-pointer:/view/type]'] } });
  const id = state.nextId('V0');
  const published: Json = {
    id,
    team_id: state.teamId,
    type: 'home',
    blocks: given['blocks'] ?? [],
    private_metadata: given['private_metadata'] ?? '',
    callback_id: given['callback_id'] ?? '',
    external_id: given['external_id'] ?? '',
    hash: `${Date.now()}.${id}`,
    app_id: APP_ID,
    bot_id: BOT_ID,
  };
  state.publishView(userId, { id, userId, view: published, at: Date.now() });
  return { ok: true, view: structuredClone(published) };
}

/** How long Slack honours a trigger_id for views.open. */
const TRIGGER_TTL_MS = 3_000;

/**
 * A modal opened for a click's (or a command's) `trigger_id`, as Slack checks it: a trigger the fake handed out,
 * used once, within three seconds. The modal is kept for `viewSubmission`.
 */
function viewsOpen({ state, body }: MethodRequest): Json {
  const trigger = state.triggers.get(str(body, 'trigger_id') ?? '');
  if (trigger === undefined) return fail('invalid_trigger_id');
  if (trigger.used) return fail('exchanged_trigger_id');
  if (Date.now() - trigger.issuedAt > TRIGGER_TTL_MS) return fail('expired_trigger_id');
  const view = body['view'];
  if (typeof view !== 'object' || view === null || Array.isArray(view) || (view as Json)['type'] !== 'modal') {
    return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be modal [json-pointer:/view/type]'] } });
  }
  trigger.used = true;
  const id = state.nextId('V0');
  const opened: Json = { ...structuredClone(view as Json), id, team_id: state.teamId, app_id: APP_ID, bot_id: BOT_ID, hash: `${Date.now()}.${id}` };
  state.modals.push({ id, userId: trigger.userId, view: opened, at: Date.now(), submitted: false });
  state.events.emit('modal');
  return { ok: true, view: structuredClone(opened) };
}

function usersInfo({ state, body }: MethodRequest): Json {
  const id = str(body, 'user');
  if (id === state.botUserId) {
    const profile = { display_name: BOT_NAME, real_name: BOT_NAME, bot_id: BOT_ID };
    return { ok: true, user: { id, name: BOT_NAME, real_name: BOT_NAME, profile, is_admin: false, is_owner: false, is_bot: true, team_id: state.teamId } };
  }
  const user = id === undefined ? undefined : state.user(id);
  if (user === undefined) return fail('user_not_found');
  const realName = user.name.charAt(0).toUpperCase() + user.name.slice(1);
  return {
    ok: true,
    user: {
      id: user.id,
      name: user.name,
      real_name: realName,
      profile: { display_name: user.name, real_name: realName },
      is_admin: user.isAdmin === true || user.isOwner === true,
      is_owner: user.isOwner === true,
      is_bot: false,
      deleted: false,
      tz: 'Europe/Berlin',
      team_id: state.teamId,
    },
  };
}

function conversationsInfo({ state, body }: MethodRequest): Json {
  const channel = state.resolveChannel(str(body, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  if (channel.kind === 'im') return { ok: true, channel: { id: channel.id, is_im: true, is_channel: false, user: channel.userId, is_member: true } };
  return { ok: true, channel: { id: channel.id, name: channel.name, is_member: channel.isMember, is_channel: true, is_private: false, is_archived: false } };
}

function conversationsMembers({ state, body }: MethodRequest): Json {
  const channel = state.resolveChannel(str(body, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const members = channel.kind === 'im' ? [channel.userId] : state.users.map((u) => u.id);
  if (channel.isMember) members.push(state.botUserId);
  return { ok: true, members, response_metadata: { next_cursor: '' } };
}

/**
 * users.conversations with a bot token and `user`: the channels that member is
 * in and the app can see (in this fake every member is in every channel, and
 * the app sees the channels it was invited to).
 */
function usersConversations({ state, body }: MethodRequest): Json {
  const userId = str(body, 'user');
  if (userId !== undefined && state.user(userId) === undefined) return fail('user_not_found');
  const channels = state.channels.filter((c) => c.botIsMember === true).map((c) => ({ id: c.id, name: c.name, is_channel: true, is_member: true }));
  return { ok: true, channels, response_metadata: { next_cursor: '' } };
}

function conversationsOpen({ state, body }: MethodRequest): Json {
  const users = (str(body, 'users') ?? '').split(',').filter((u) => u !== '');
  const only = users[0];
  if (users.length !== 1 || only === undefined) return fail(users.length === 0 ? 'users_list_not_supplied' : 'not_implemented');
  if (state.user(only) === undefined) return fail('user_not_found');
  return { ok: true, channel: { id: state.dmChannelId(only) } };
}

/** Metadata comes back only with include_all_metadata, as on Slack. */
function listed(message: StoredMessage, withMetadata: boolean): Json {
  const copy = structuredClone(message) as unknown as Json;
  if (!withMetadata) delete copy['metadata'];
  return copy;
}

const truthy = (value: Json[string]) => value === true || value === 'true' || value === '1';

function conversationsHistory({ state, body }: MethodRequest): Json {
  const channel = state.resolveChannel(str(body, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  if (!channel.isMember) return fail('not_in_channel');
  const oldest = Number(str(body, 'oldest') ?? '0');
  const limit = Math.min(Number(str(body, 'limit') ?? '100'), 999);
  // Top-level messages only (not thread replies), newest first.
  const messages = state
    .listMessages(channel.id)
    .filter((m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && Number(m.ts) > oldest)
    .reverse()
    .slice(0, limit)
    .map((m) => listed(m, truthy(body['include_all_metadata'])));
  return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
}

function conversationsReplies({ state, body }: MethodRequest): Json {
  const channel = state.resolveChannel(str(body, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  if (!channel.isMember) return fail('not_in_channel');
  const ts = str(body, 'ts');
  const parent = ts === undefined ? undefined : state.findMessage(channel.id, ts);
  if (parent === undefined) return fail('thread_not_found');
  // The parent first, then its replies, oldest first.
  const messages = state
    .listMessages(channel.id)
    .filter((m) => m.ts === ts || m.thread_ts === ts)
    .map((m) => listed(m, truthy(body['include_all_metadata'])));
  return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
}

/** Step 1 of an upload: where to send the bytes. */
function getUploadURLExternal({ state, body }: MethodRequest): Json {
  const filename = str(body, 'filename');
  const length = Number(body['length']);
  if (!filename || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
  const id = state.nextId('F');
  const altText = str(body, 'alt_text');
  state.uploads.set(id, { filename, length, ...(altText === undefined ? {} : { altText }) });
  return { ok: true, upload_url: `http://127.0.0.1:${state.port}/upload/${id}`, file_id: id };
}

/** An image's type and original size, as Slack lists them for an uploaded PNG. */
function imageFields(data: Buffer): Json {
  const size = pngSize(data);
  return size ? { mimetype: 'image/png', filetype: 'png', original_w: size.width, original_h: size.height } : {};
}

/** Step 3: the uploaded files become a message in the channel (or thread) they are shared to. */
function completeUploadExternal({ state, body }: MethodRequest): Json {
  const files = Array.isArray(body['files']) ? (body['files'] as Json[]) : [];
  if (files.length === 0) return fail('invalid_arguments');
  const uploaded = files.map((f) => ({
    id: String(f['id']),
    title: typeof f['title'] === 'string' ? f['title'] : undefined,
    upload: state.uploads.get(String(f['id'])),
  }));
  // Slack refuses to complete an upload whose bytes never arrived, or arrived short.
  if (uploaded.some((f) => f.upload?.data === undefined || f.upload.data.length !== f.upload.length)) return fail('file_upload_size_mismatch');
  const listed = uploaded.map(({ id, title, upload }) => ({
    id,
    name: upload!.filename,
    title: title ?? upload!.filename,
    size: upload!.data!.length,
    ...(upload!.altText === undefined ? {} : { alt_txt: upload!.altText }),
    ...imageFields(upload!.data!),
  }));
  const target = str(body, 'channel_id');
  if (target !== undefined) {
    const channel = state.resolveChannel(target);
    if (channel === undefined) return fail('channel_not_found');
    if (!channel.isMember) return fail('not_in_channel');
    const threadTs = str(body, 'thread_ts');
    state.storeMessage({
      type: 'message',
      channel: channel.id,
      ts: state.nextTs(),
      text: str(body, 'initial_comment') ?? '',
      user: state.botUserId,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: state.teamId,
      files: listed,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
  }
  return { ok: true, files: listed.map(({ id, title }) => ({ id, title })) };
}

export const METHODS: Record<string, Method> = {
  'files.getUploadURLExternal': { token: 'bot', handle: getUploadURLExternal },
  'files.completeUploadExternal': { token: 'bot', handle: completeUploadExternal },
  'auth.test': {
    token: 'bot',
    handle: ({ state }) => ({
      ok: true,
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      team: TEAM_NAME,
      user: BOT_NAME,
      team_id: state.teamId,
      user_id: state.botUserId,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),
  },
  'chat.postMessage': { token: 'bot', handle: postMessage },
  'chat.update': { token: 'bot', handle: update },
  'chat.postEphemeral': { token: 'bot', handle: postEphemeral },
  'chat.delete': { token: 'bot', handle: chatDelete },
  'views.publish': { token: 'bot', handle: viewsPublish },
  'views.open': { token: 'bot', handle: viewsOpen },
  'users.info': { token: 'bot', handle: usersInfo },
  'conversations.info': { token: 'bot', handle: conversationsInfo },
  'conversations.history': { token: 'bot', handle: conversationsHistory },
  'conversations.replies': { token: 'bot', handle: conversationsReplies },
  'conversations.members': { token: 'bot', handle: conversationsMembers },
  'users.conversations': { token: 'bot', handle: usersConversations },
  'conversations.open': { token: 'bot', handle: conversationsOpen },
  'apps.connections.open': {
    token: 'app',
    handle: ({ state }) => ({ ok: true, url: `ws://127.0.0.1:${state.port}/socket` }),
  },
};
