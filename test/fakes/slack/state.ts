/** The fake Slack's in-memory world: workspace, messages, views, recorded calls and response_urls. */
import { EventEmitter } from 'node:events';
import type {
  EphemeralMessage,
  FakeSlackChannel,
  FakeSlackOptions,
  FakeSlackUser,
  OpenedModal,
  PublishedView,
  RecordedCall,
  ResponseRecord,
  StoredMessage,
} from './types.js';

export const DEFAULT_USERS: FakeSlackUser[] = [
  { id: 'U0ADMIN001', name: 'admin', isAdmin: true },
  { id: 'U0ANA00001', name: 'ana' },
  { id: 'U0BEN00001', name: 'ben' },
  { id: 'U0CAI00001', name: 'cai' },
  { id: 'U0DEE00001', name: 'dee' },
];

export const DEFAULT_CHANNELS: FakeSlackChannel[] = [
  { id: 'C0STUDY001', name: 'study', botIsMember: true },
  { id: 'C0OTHER001', name: 'random', botIsMember: false },
];

export const BOT_ID = 'B0BOT00001';
export const APP_ID = 'A0APP00001';
export const BOT_NAME = 'studybot';
export const TEAM_NAME = 'Fake Team';
export const TEAM_DOMAIN = 'fake-team';

/** Where a response_url leads: the channel and the message the action came from. */
export interface ResponseUrlTarget {
  id: string;
  userId: string;
  channelId: string | undefined;
  messageTs: string | undefined;
  ephemeral: boolean;
}

/** A channel as the Web API sees it: a configured channel or the bot's DM with a known user. */
export type ResolvedChannel = { kind: 'channel'; id: string; name: string; isMember: boolean } | { kind: 'im'; id: string; userId: string; isMember: true };

export class SlackState {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly users: FakeSlackUser[];
  readonly channels: FakeSlackChannel[];
  readonly calls: RecordedCall[] = [];
  readonly responses: ResponseRecord[] = [];
  readonly responseTargets = new Map<string, ResponseUrlTarget>();
  readonly views = new Map<string, PublishedView[]>();
  /** Modals opened with views.open, oldest first. */
  readonly modals: OpenedModal[] = [];
  /** trigger_ids handed out in payloads: for whom, when, and whether a modal used it. */
  readonly triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  readonly ephemerals: EphemeralMessage[] = [];
  /** 'call' (RecordedCall) after every Web API answer; 'response' (ResponseRecord) after every response_url POST; 'modal' (OpenedModal). */
  readonly events = new EventEmitter();
  readonly #messages = new Map<string, StoredMessage[]>();
  /** Files by id: announced by files.getUploadURLExternal, their bytes POSTed to the upload URL. */
  readonly uploads = new Map<string, { filename: string; length: number; altText?: string; data?: Buffer }>();
  readonly #failures = new Map<string, { error: string; times: number }>();
  #lastTsMicros = 0;
  #idCounter = 0;
  port = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.teamId = options.teamId ?? 'T0000000001';
    this.botUserId = options.botUserId ?? 'U0BOT00001';
    this.botToken = options.botToken ?? 'xoxb-fake';
    this.appToken = options.appToken ?? 'xapp-fake';
    this.signingSecret = options.signingSecret ?? 'fake-signing-secret';
    this.users = structuredClone(options.users ?? DEFAULT_USERS);
    this.channels = structuredClone(options.channels ?? DEFAULT_CHANNELS);
    this.events.setMaxListeners(0);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Seconds since the epoch and microseconds, as Slack's: `oldest` filters on them. Unique and increasing. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1_000, this.#lastTsMicros + 1);
    this.#lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.#idCounter += 1;
    return `${prefix}${String(this.#idCounter).padStart(8, '0')}`;
  }

  user(id: string): FakeSlackUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** The bot's DM channel with a user: `U0ANA00001` → `D0ANA00001`. */
  dmChannelId(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  resolveChannel(id: string): ResolvedChannel | undefined {
    const channel = this.channels.find((c) => c.id === id);
    if (channel !== undefined) return { kind: 'channel', id, name: channel.name, isMember: channel.botIsMember === true };
    const dmUser = this.users.find((u) => this.dmChannelId(u.id) === id || u.id === id);
    if (dmUser !== undefined) return { kind: 'im', id: this.dmChannelId(dmUser.id), userId: dmUser.id, isMember: true };
    return undefined;
  }

  /** Slack-side errors to answer instead of handling the call (`ratelimited`, `fatal_error`, …). */
  /** While set, matching Web API calls get an HTTP error (or no answer at all) instead of their method. */
  outage: { methods: RegExp; answer: number | 'hang' } | undefined;

  failNext(method: string, error: string, times: number): void {
    this.#failures.set(method, { error, times });
  }

  takeFailure(method: string): string | undefined {
    const failure = this.#failures.get(method);
    if (failure === undefined) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) this.#failures.delete(method);
    return failure.error;
  }

  storeMessage(message: StoredMessage): StoredMessage {
    const list = this.#messages.get(message.channel) ?? [];
    list.push(message);
    this.#messages.set(message.channel, list);
    if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
      const parent = list.find((m) => m.ts === message.thread_ts);
      if (parent !== undefined) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
      }
    }
    return message;
  }

  /** The live stored message (not a copy): route handlers edit it in place. */
  findMessage(channelId: string, ts: string): StoredMessage | undefined {
    return this.#messages.get(channelId)?.find((m) => m.ts === ts);
  }

  deleteMessage(channelId: string, ts: string): boolean {
    const list = this.#messages.get(channelId);
    const index = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (list === undefined || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  listMessages(channelId: string): StoredMessage[] {
    return structuredClone(this.#messages.get(channelId) ?? []);
  }

  publishView(userId: string, view: PublishedView): void {
    const list = this.views.get(userId) ?? [];
    list.push(view);
    this.views.set(userId, list);
  }

  record(call: RecordedCall): void {
    this.calls.push(call);
    this.events.emit('call', call);
  }

  recordResponse(response: ResponseRecord): void {
    this.responses.push(response);
    this.events.emit('response', response);
  }
}
