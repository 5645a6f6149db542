/** Shared types of the fake Discord (REST v10 + Gateway v10). */

export interface FakeChannelSpec {
  id: string;
  name: string;
  /** Permission bits denied to @everyone in this channel (a permission overwrite), e.g. '2048' for Send Messages. */
  denyEveryone?: string;
}

export interface FakeGuildSpec {
  id: string;
  name: string;
  channels: FakeChannelSpec[];
}

export interface FakeDiscordOptions {
  /** Gateway HELLO heartbeat interval; default 41250 ms (Discord's). Pass a short one to exercise heartbeats. */
  heartbeatIntervalMs?: number;
  guilds?: FakeGuildSpec[];
  applicationId?: string;
  /** Defaults to the application id, as for a real bot. */
  botUserId?: string;
  validToken?: string;
  /**
   * Rate limits, each a fixed one-second window answered with 429 and `retry-after` beyond it:
   * `perSecond` per bucket (route × channel/guild/webhook), `globalPerSecond` across every
   * bot-authenticated request (Discord's global limit is 50/s; interaction callbacks are exempt).
   */
  rateLimit?: { perSecond?: number; globalPerSecond?: number };
  /** Interactions must be called back within this window, or the callback gets 10062 (Discord: 3 s). */
  interactionResponseWindowMs?: number;
  /**
   * What GET /gateway/bot recommends (default 1). Above 1, an IDENTIFY must name its shard
   * ([id, count], 4010/4011 otherwise), a session gets only its shard's guilds, and an
   * interaction is dispatched only to the session of its guild's shard, as Discord does.
   */
  shards?: number;
  /** `session_start_limit.max_concurrency` (default 1): identifies per 5 seconds per bucket (shard id % this). */
  maxConcurrency?: number;
}

export interface RecordedFile {
  field: string;
  name: string;
  size: number;
  contentType: string;
  /** The bytes, so a test can look at an attached picture. */
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v10/channels/1/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` part of a multipart body; undefined when empty. */
  body: unknown;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The status the fake answered with. */
  status: number;
  /** The JSON the fake answered with (undefined for 204). */
  response: unknown;
  /** Files of a multipart body. */
  files: RecordedFile[];
}

export type Json = Record<string, unknown>;

export interface StoredMessage extends Json {
  id: string;
  channel_id: string;
}

export interface InteractionOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: InteractionOption[];
  focused?: boolean;
}

export interface Who {
  userId?: string;
  username?: string;
  /** true → member permissions include Manage Server (0x20). */
  admin?: boolean;
  guildId?: string;
  channelId?: string;
}

/** A built INTERACTION_CREATE payload (`d`). */
export interface InteractionPayload extends Json {
  id: string;
  token: string;
  type: number;
  guild_id: string;
  channel_id: string;
}

export interface InteractionResult {
  interaction: InteractionPayload;
  /** The first accepted callback (`body.type` 4/5/6/7/8/9, `body.data`). */
  callback: RecordedRequest;
  /** From the dispatch (or POST) being sent to the callback arriving. */
  latencyMs: number;
  /** Over HTTP: the endpoint that answered (see FakeDiscord.useInteractionsEndpoint). */
  endpoint?: string;
  /** The modal a type-9 callback opened (its `data`: custom_id, title, components), for `modalSubmit`. */
  modal(): Json | undefined;
  /** The message the callback created or updated (ephemeral ones included), for clicking its buttons. */
  message(): { id: string; channel_id: string } | undefined;
  /** Webhook POST/PATCH/DELETE requests for this interaction's token so far. */
  followUps(): RecordedRequest[];
  waitForFollowUp(predicate?: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
}

export interface InjectOptions {
  timeoutMs?: number;
}
