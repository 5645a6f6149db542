/** Payload builders: everything the fake sends looks like what Discord sends, complete enough for discord.js. */
import { randomBytes } from 'node:crypto';
import type { FakeChannelSpec, FakeGuildSpec, InteractionOption, InteractionPayload, Json, StoredMessage, Who } from './types.js';

const DISCORD_EPOCH = 1_420_070_400_000n;

/** Increasing snowflakes that carry the current time, like Discord's. */
export class Snowflakes {
  #last = 0n;

  next(): string {
    const now = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    this.#last = now > this.#last ? now : this.#last + 1n;
    return this.#last.toString();
  }
}

export const DEFAULT_USER_ID = '400000000000000001';
export const DEFAULT_USERNAME = 'ada';
/** Every permission up to bit 39, Manage Server (0x20) included. */
/** A person owns the server, never the bot: the owner has every permission, so it must not be the bot. */
export const GUILD_OWNER_ID = '499999999999999999';
export const ADMIN_PERMISSIONS = '1099511627775';
/** A normal member: view, send, embed, attach, read history, reactions… but not Manage Server (0x20). */
export const MEMBER_PERMISSIONS = '104324673';
export const BOT_PERMISSIONS = '562949953421311';
const JOINED_AT = '2024-01-01T00:00:00.000000+00:00';

export function randomToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}

export function user(id: string, username: string, bot = false): Json {
  return { id, username, discriminator: '0', global_name: bot ? null : username, avatar: null, bot, flags: 0, public_flags: 0 };
}

export function botUser(id: string): Json {
  return { ...user(id, 'studybot', true), verified: true, mfa_enabled: false };
}

export function member(userObject: Json, permissions?: string): Json {
  const base: Json = {
    user: userObject,
    roles: [],
    nick: null,
    avatar: null,
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
  return permissions === undefined ? base : { ...base, permissions };
}

export function channel(spec: FakeChannelSpec, guildId: string, position = 0): Json {
  return {
    id: spec.id,
    type: 0,
    guild_id: guildId,
    name: spec.name,
    position,
    permission_overwrites: spec.denyEveryone ? [{ id: guildId, type: 0, allow: '0', deny: spec.denyEveryone }] : [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  };
}

export function guild(spec: FakeGuildSpec, ownerId: string): Json {
  return {
    id: spec.id,
    name: spec.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    application_id: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: spec.id,
        name: '@everyone',
        permissions: MEMBER_PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
        icon: null,
        unicode_emoji: null,
      },
    ],
  };
}

/** The GUILD_CREATE dispatch payload: a guild plus the gateway-only fields. */
export function guildCreate(spec: FakeGuildSpec, ownerId: string, bot: Json): Json {
  return {
    ...guild(spec, ownerId),
    joined_at: JOINED_AT,
    large: false,
    unavailable: false,
    member_count: 2,
    members: [member(bot)],
    channels: spec.channels.map((c, i) => channel(c, spec.id, i)),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    lazy: true,
  };
}

/** A message as Discord returns it, from a create/edit body. */
export function message(id: string, channelId: string, author: Json, body: Json, extra: Json = {}): StoredMessage {
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: typeof body['content'] === 'string' ? body['content'] : '',
    embeds: Array.isArray(body['embeds']) ? body['embeds'] : [],
    components: Array.isArray(body['components']) ? body['components'] : [],
    attachments: [],
    author,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: typeof body['flags'] === 'number' ? body['flags'] : 0,
    ...(body['message_reference'] === undefined ? {} : { message_reference: body['message_reference'] }),
    ...extra,
  };
}

/** Applies an edit body to a stored message (only the fields present change). */
export function editMessage(stored: StoredMessage, body: Json): StoredMessage {
  const next: StoredMessage = { ...stored, edited_timestamp: new Date().toISOString() };
  for (const key of ['content', 'embeds', 'components', 'flags', 'allowed_mentions'] as const) {
    if (body[key] !== undefined) next[key] = body[key];
  }
  return next;
}

export interface InteractionContext {
  id: string;
  token: string;
  applicationId: string;
  guildId: string;
  guildChannel: Json;
  who: Who;
}

function interactionEnvelope(ctx: InteractionContext, type: number, data: Json): InteractionPayload {
  const invoker = user(ctx.who.userId ?? DEFAULT_USER_ID, ctx.who.username ?? DEFAULT_USERNAME);
  const permissions = ctx.who.admin === true ? ADMIN_PERMISSIONS : MEMBER_PERMISSIONS;
  return {
    id: ctx.id,
    token: ctx.token,
    type,
    version: 1,
    application_id: ctx.applicationId,
    guild_id: ctx.guildId,
    guild: { id: ctx.guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel_id: String(ctx.guildChannel['id']),
    channel: { ...ctx.guildChannel, permissions },
    member: member(invoker, permissions),
    app_permissions: BOT_PERMISSIONS,
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': ctx.guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
    data,
  };
}

export interface CommandContext extends InteractionContext {
  commandId: string;
  /** Set when the command is registered in the guild scope. */
  commandGuildId: string | undefined;
  /** Channels Discord would resolve for type-7 options. */
  channels: Map<string, Json>;
}

function collect(options: InteractionOption[], type: number): string[] {
  return options.flatMap((o) => [...(o.type === type && o.value !== undefined ? [String(o.value)] : []), ...collect(o.options ?? [], type)]);
}

function resolved(ctx: CommandContext, options: InteractionOption[]): Json | undefined {
  const out: Json = {};
  const channelIds = collect(options, 7);
  if (channelIds.length > 0) {
    out['channels'] = Object.fromEntries(
      channelIds.map((id) => {
        const known = ctx.channels.get(id) ?? { id, type: 0, name: `channel-${id}`, guild_id: ctx.guildId };
        return [id, { id, type: known['type'], name: known['name'], guild_id: ctx.guildId, permissions: BOT_PERMISSIONS, flags: 0, parent_id: null }];
      }),
    );
  }
  const userIds = collect(options, 6);
  if (userIds.length > 0) {
    const users = userIds.map((id) => user(id, id === (ctx.who.userId ?? DEFAULT_USER_ID) ? (ctx.who.username ?? DEFAULT_USERNAME) : `user${id.slice(-4)}`));
    out['users'] = Object.fromEntries(users.map((u) => [u['id'], u]));
    // Resolved members are partial: no user, deaf or mute.
    const partial = {
      roles: [],
      nick: null,
      avatar: null,
      joined_at: JOINED_AT,
      premium_since: null,
      pending: false,
      flags: 0,
      permissions: MEMBER_PERMISSIONS,
    };
    out['members'] = Object.fromEntries(userIds.map((id) => [id, partial]));
  }
  const roleIds = collect(options, 8);
  if (roleIds.length > 0) {
    out['roles'] = Object.fromEntries(
      roleIds.map((id) => [
        id,
        { id, name: `role-${id.slice(-4)}`, permissions: '0', position: 1, color: 0, hoist: false, managed: false, mentionable: true, flags: 0 },
      ]),
    );
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function commandData(ctx: CommandContext, name: string, options: InteractionOption[]): Json {
  const extra = resolved(ctx, options);
  return {
    id: ctx.commandId,
    name,
    type: 1,
    ...(options.length > 0 ? { options } : {}),
    ...(ctx.commandGuildId === undefined ? {} : { guild_id: ctx.commandGuildId }),
    ...(extra === undefined ? {} : { resolved: extra }),
  };
}

export function chatInputPayload(ctx: CommandContext, name: string, options: InteractionOption[]): InteractionPayload {
  return interactionEnvelope(ctx, 2, commandData(ctx, name, options));
}

export function autocompletePayload(ctx: CommandContext, name: string, options: InteractionOption[]): InteractionPayload {
  return interactionEnvelope(ctx, 4, commandData(ctx, name, options));
}

export function buttonPayload(ctx: InteractionContext, customId: string, source: StoredMessage): InteractionPayload {
  return { ...interactionEnvelope(ctx, 3, { custom_id: customId, component_type: 2 }), message: source };
}
