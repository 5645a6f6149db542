/** The fake's in-memory world: configuration, recorded requests, commands, messages and interactions. */
import { EventEmitter } from 'node:events';
import { Snowflakes, botUser } from './payloads.js';
import type { FakeChannelSpec, FakeDiscordOptions, FakeGuildSpec, InteractionPayload, Json, RecordedRequest, StoredMessage } from './types.js';

export const DEFAULT_GUILDS: FakeGuildSpec[] = [{ id: '100000000000000001', name: 'Study Group', channels: [{ id: '200000000000000001', name: 'study' }] }];

export interface InteractionRecord {
  payload: InteractionPayload;
  sentAt: number;
  sentAtPerf: number;
  callback: RecordedRequest | undefined;
  /** The id of the message `@original` refers to, once there is one. */
  originalId: string | undefined;
  /** Every message this interaction's webhook may edit (original and follow-ups). */
  messageIds: Set<string>;
  /** For component interactions (and modals opened from one): the message the component was on. */
  source: StoredMessage | undefined;
  /** The modal a type-9 callback opened (`data`), until the member submits it once. */
  modal: Json | undefined;
  modalSubmitted: boolean;
  /**
   * Over HTTP, until the endpoint's answer is recorded as the callback: Discord
   * takes no follow-up for an interaction before its first answer.
   */
  callbackPending?: Promise<void>;
  /**
   * Over HTTP, when the endpoint's answer arrived. Recording it as the callback is the fake's own
   * work (its callback route, called in-process), which comes after: the 3-second window and the
   * latency are the answer's, not that bookkeeping's.
   */
  answeredAt?: { wall: number; perf: number };
}

export class FakeState {
  readonly applicationId: string;
  readonly botUserId: string;
  readonly validToken: string;
  readonly heartbeatIntervalMs: number;
  readonly interactionResponseWindowMs: number;
  readonly rateLimit: { perSecond?: number; globalPerSecond?: number } | undefined;
  readonly guilds: FakeGuildSpec[];
  readonly shards: number;
  readonly maxConcurrency: number;
  readonly snowflakes = new Snowflakes();
  readonly requests: RecordedRequest[] = [];
  /** 'request' (record, arrivalPerf) after every REST answer; 'callback' (record) for accepted interaction callbacks. */
  readonly events = new EventEmitter();
  readonly commands = new Map<string, Json[]>();
  readonly messagesById = new Map<string, StoredMessage>();
  readonly channelMessages = new Map<string, string[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** Nonces of created messages (channel:nonce → message id and when), for enforce_nonce. */
  readonly nonces = new Map<string, { id: string; at: number }>();
  /** Injected failures: matching requests get `answer` (an HTTP status) or none ('hang'), `remaining` times. */
  readonly faults: Array<{ method?: string; path: RegExp; answer: number | 'hang'; remaining: number }> = [];
  rateLimited = 0;
  /** Of those, how many hit the global limit. */
  globalRateLimited = 0;
  port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.applicationId = options.applicationId ?? '300000000000000001';
    this.botUserId = options.botUserId ?? this.applicationId;
    this.validToken = options.validToken ?? 'fake-token';
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.interactionResponseWindowMs = options.interactionResponseWindowMs ?? 3_000;
    this.rateLimit = options.rateLimit;
    this.guilds = options.guilds ?? DEFAULT_GUILDS;
    this.shards = options.shards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    this.events.setMaxListeners(0);
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get botUser(): Json {
    return botUser(this.botUserId);
  }

  guild(id: string): FakeGuildSpec | undefined {
    return this.guilds.find((g) => g.id === id);
  }

  channel(id: string): { guild: FakeGuildSpec; channel: FakeChannelSpec; position: number } | undefined {
    for (const guild of this.guilds) {
      const position = guild.channels.findIndex((c) => c.id === id);
      const channel = guild.channels[position];
      if (channel !== undefined) return { guild, channel, position };
    }
    return undefined;
  }

  /** Stores a message; `listed` puts it in the channel's history (ephemeral messages are not). */
  storeMessage(message: StoredMessage, listed: boolean): StoredMessage {
    this.messagesById.set(message.id, message);
    if (listed) {
      const ids = this.channelMessages.get(message.channel_id) ?? [];
      ids.push(message.id);
      this.channelMessages.set(message.channel_id, ids);
    }
    return message;
  }

  replaceMessage(message: StoredMessage): StoredMessage {
    this.messagesById.set(message.id, message);
    return message;
  }

  deleteMessage(id: string): void {
    const message = this.messagesById.get(id);
    if (message === undefined) return;
    this.messagesById.delete(id);
    const ids = this.channelMessages.get(message.channel_id);
    if (ids !== undefined)
      this.channelMessages.set(
        message.channel_id,
        ids.filter((m) => m !== id),
      );
  }

  listMessages(channelId: string): StoredMessage[] {
    return (this.channelMessages.get(channelId) ?? []).flatMap((id) => {
      const message = this.messagesById.get(id);
      return message === undefined ? [] : [structuredClone(message)];
    });
  }

  scopeKey(guildId: string | undefined): string {
    return guildId === undefined ? 'global' : `guild:${guildId}`;
  }

  record(request: RecordedRequest, arrivalPerf: number): void {
    this.requests.push(request);
    this.events.emit('request', request, arrivalPerf);
  }
}
