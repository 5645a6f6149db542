/** Shared types of the fake Slack (Web API, response_url, signed HTTP deliveries and Socket Mode). */

export type Json = Record<string, unknown>;

export interface FakeSlackUser {
  id: string;
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  botIsMember?: boolean;
}

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  botToken?: string;
  /** The app-level token `apps.connections.open` (Socket Mode) accepts. */
  appToken?: string;
  signingSecret?: string;
  users?: FakeSlackUser[];
  channels?: FakeSlackChannel[];
}

/** One Web API call as the fake received it (failed ones included). */
export interface RecordedCall {
  method: string;
  /** Form fields or JSON body merged with the query; `blocks`, `attachments`, `view` and `metadata` are parsed. */
  body: Json;
  at: number;
  /** What the fake answered (always HTTP 200, as Slack does). */
  response: Json;
}

/** A message the bot posted through the Web API (or `in_channel` through a response_url). */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  blocks?: Json[];
  attachments?: Json[];
  /** Files shared with the message (files.completeUploadExternal), as Slack lists them. */
  files?: Json[];
  metadata?: Json;
  /** Set on thread replies (the parent's ts) and on parents that have replies (their own ts). */
  thread_ts?: string;
  reply_count?: number;
  edited?: { user: string; ts: string };
}

/** A message only one user sees: `chat.postEphemeral`, or an ephemeral response_url reply. */
export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
  via: 'chat.postEphemeral' | 'response_url';
}

/** A view published to a user's Home tab. */
export interface PublishedView {
  id: string;
  userId: string;
  view: Json;
  at: number;
}

/** A modal opened with views.open, for the user whose trigger_id opened it. */
export interface OpenedModal {
  id: string;
  userId: string;
  /** The view as opened, with the id Slack gave it. */
  view: Json;
  at: number;
  /** Sent (view_submission) or not yet: Slack closes a modal when it is sent. */
  submitted: boolean;
}

/** One POST to a response_url the fake handed out. */
export interface ResponseRecord {
  id: string;
  body: Json;
  at: number;
}

/** Who and where a simulated user action happens. */
export interface DeliveryOptions {
  userId?: string;
  channelId?: string;
  /** Adds `x-slack-retry-num` (and `x-slack-retry-reason`, default `http_timeout`). */
  retryNum?: number;
  retryReason?: string;
  /** Signs with a wrong secret. */
  badSignature?: boolean;
  /** Added to the current time for `x-slack-request-timestamp`; e.g. -400 is older than Slack's 5 minutes. */
  timestampOffsetSec?: number;
  timeoutMs?: number;
}

export interface BlockActionOptions extends DeliveryOptions {
  /** The message the button is on; by default the newest top-level message in the channel. */
  messageTs?: string;
  /** Defaults to the `value` of the stored button with this action_id, else the action id itself. */
  value?: string;
  /** `view` is a Home tab button: no channel, no message and no response_url, as on Slack. */
  container?: 'message' | 'ephemeral' | 'view';
  /** A malformed payload with no workspace in it (no `team`, no `user.team_id`). */
  withoutTeam?: boolean;
}

/** What the bot's receiver answered to a signed delivery. */
export interface DeliveryResult {
  status: number;
  body: string;
  /** Time from sending the request to the end of the response. */
  ackMs: number;
  /** The id of the response_url handed out in the payload, if any. */
  responseUrlId?: string;
}

/** A payload ready to send over HTTP or Socket Mode, with the response_url id it carries. */
export interface BuiltPayload {
  payload: Json;
  responseUrlId?: string;
}

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: Json;
}
