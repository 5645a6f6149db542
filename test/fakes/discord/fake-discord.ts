/**
 * A fake Discord (REST v10 + Gateway v10) on 127.0.0.1 for driving a real discord.js client.
 *
 *   const fake = await FakeDiscord.start();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   await client.login('fake-token');
 *   const result = await fake.inject(fake.chatInput('lesson', [{ name: 'id', type: 3, value: '1.1' }]));
 *   result.callback.body; // { type: 4, data: { … } }
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gateway } from './gateway.js';
import { InteractionsEndpoint, type EndpointAnswer, type SignatureOverride } from './http-delivery.js';
import type { GatewayFrame, IdentifyRecord } from './gateway.js';
import { autocompletePayload, buttonPayload, channel as channelPayload, chatInputPayload, message, randomToken } from './payloads.js';
import type { CommandContext, InteractionContext } from './payloads.js';
import { API_PREFIX, createRestHandler, type RestHandler } from './rest.js';
import { FakeState } from './state.js';
import type { InteractionRecord } from './state.js';
import type {
  FakeDiscordOptions,
  InjectOptions,
  InteractionOption,
  InteractionPayload,
  InteractionResult,
  Json,
  RecordedRequest,
  StoredMessage,
  Who,
} from './types.js';

export type * from './types.js';
export type { GatewayFrame, IdentifyRecord } from './gateway.js';
export type { EndpointAnswer, SignatureOverride } from './http-delivery.js';

const DEFAULT_TIMEOUT_MS = 5_000;

function describe(request: RecordedRequest): string {
  const answer = request.response === undefined ? '' : ` ${JSON.stringify(request.response).slice(0, 300)}`;
  return `${request.method} ${request.path} → ${request.status}${answer}`;
}

function waitFor<T>(subscribe: (done: (value: T) => void) => () => void, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unsubscribe: () => void = () => undefined;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(onTimeout());
    }, timeoutMs);
    unsubscribe = subscribe((value) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

export class FakeDiscord {
  readonly #state: FakeState;
  readonly #gateway: Gateway;
  readonly #server: Server;
  readonly #rest: RestHandler;
  readonly #commandIds = new Map<string, string>();
  readonly #endpoint = new InteractionsEndpoint();

  private constructor(state: FakeState, server: Server, rest: RestHandler, gateway: Gateway) {
    this.#state = state;
    this.#server = server;
    this.#rest = rest;
    this.#gateway = gateway;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const state = new FakeState(options);
    const gateway = new Gateway(state);
    const rest = createRestHandler(state);
    const server = createServer(rest.http);
    server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    state.port = (server.address() as AddressInfo).port;
    return new FakeDiscord(state, server, rest, gateway);
  }

  /** What the bot gets as DISCORD_API_URL (discord.js appends `/v10`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#state.port}/api`;
  }

  get gatewayUrl(): string {
    return this.#state.gatewayUrl;
  }

  get applicationId(): string {
    return this.#state.applicationId;
  }

  get botUserId(): string {
    return this.#state.botUserId;
  }

  /** Every REST request, in the order they were answered. */
  get requests(): RecordedRequest[] {
    return this.#state.requests;
  }

  /** How many requests were answered with 429. */
  get rateLimited(): number {
    return this.#state.rateLimited;
  }

  /** How many requests were answered with a global 429. */
  get globalRateLimited(): number {
    return this.#state.globalRateLimited;
  }

  /** Gateway connections that are identified (or resumed) and open right now. */
  get sessions(): number {
    return this.#gateway.live().length;
  }

  /** Live sessions per shard id: with sharding, each shard should have exactly one. */
  sessionsByShard(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const session of this.#gateway.live()) counts.set(session.shard[0], (counts.get(session.shard[0]) ?? 0) + 1);
    return counts;
  }

  /** IDENTIFYs sent sooner than 5 s after another of the same max_concurrency bucket. */
  get identifyRateViolations(): number {
    return this.#gateway.identifyRateViolations;
  }

  get identifyCount(): number {
    return this.#gateway.identifyCount;
  }

  get resumeCount(): number {
    return this.#gateway.resumeCount;
  }

  /** IDENTIFY payloads received (intents, properties, shard). */
  get identifies(): IdentifyRecord[] {
    return this.#gateway.identifies;
  }

  /** Every gateway frame sent and received (op, dispatch name, session). */
  get gatewayFrames(): GatewayFrame[] {
    return this.#gateway.frames;
  }

  /** The application's public key (hex), for the bot's DISCORD_PUBLIC_KEY: the fake signs HTTP interactions with its pair. */
  get publicKey(): string {
    return this.#endpoint.publicKey;
  }

  /**
   * From now on `inject` delivers interactions as Discord does to an Interactions Endpoint URL:
   * a signed POST to each of `urls` in turn, whose response is recorded as the callback.
   */
  useInteractionsEndpoint(urls: string[]): void {
    this.#endpoint.use(urls);
  }

  /** Discord's signature headers for `body` (X-Signature-Ed25519, X-Signature-Timestamp), signed now or at `timestampSeconds`. */
  signInteraction(body: string | Buffer, timestampSeconds?: number): Record<string, string> {
    return this.#endpoint.sign(body, timestampSeconds);
  }

  /** One raw POST to an interactions endpoint, signed unless `override` says otherwise (Discord's own probes send bad signatures). */
  postToEndpoint(url: string, body: string | Buffer, override: SignatureOverride = {}): Promise<EndpointAnswer> {
    return this.#endpoint.post(url, body, override);
  }

  /** Registered commands of a scope: global by default, or a guild's. */
  commands(scope: { guildId?: string } = {}): Json[] {
    return structuredClone(this.#state.commands.get(this.#state.scopeKey(scope.guildId)) ?? []);
  }

  /** A channel's visible history, oldest first (ephemeral interaction replies are not listed). */
  messages(channelId: string): StoredMessage[] {
    return this.#state.listMessages(channelId);
  }

  /** Any stored message by id, ephemeral ones included. */
  message(id: string): StoredMessage | undefined {
    const stored = this.#state.messagesById.get(id);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  /** Resolves once at least one gateway session is live (READY and GUILD_CREATEs sent, or RESUMED). */
  async waitForReady(timeoutMs = 10_000): Promise<void> {
    if (this.sessions > 0) return;
    await waitFor<void>(
      (done) => {
        const listener = (): void => done(undefined);
        this.#state.events.on('session', listener);
        return () => this.#state.events.off('session', listener);
      },
      timeoutMs,
      () => new Error(`FakeDiscord: no gateway session became ready within ${timeoutMs} ms (identified ${this.identifyCount}, resumed ${this.resumeCount})`),
    );
  }

  /** Closes every gateway socket with `code`; 4000 (unknown error) makes discord.js resume. */
  dropConnections(code = 4000): void {
    this.#gateway.dropConnections(code);
  }

  /** Sends op 7 RECONNECT to every connection. */
  sendReconnect(): void {
    this.#gateway.sendReconnect();
  }

  /** Sends any dispatch to every live session; returns how many sessions got it. */
  dispatch(t: string, d: unknown): number {
    return this.#gateway.dispatch(t, d);
  }

  /**
   * The next `times` REST requests whose path (after /api/v10) matches get HTTP `answer`
   * (e.g. 503) or, with 'hang', no answer at all.
   */
  fail(path: RegExp, answer: number | 'hang', options: { method?: string; times?: number } = {}): void {
    this.#state.faults.push({ path, answer, method: options.method, remaining: options.times ?? 1 });
  }

  async close(): Promise<void> {
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ── interaction builders ────────────────────────────────────────────────────────────────

  #context(who: Who, channelId?: string): InteractionContext {
    const firstGuild = this.#state.guilds[0];
    const wantedChannel =
      who.channelId ?? channelId ?? (who.guildId === undefined ? firstGuild?.channels[0]?.id : this.#state.guild(who.guildId)?.channels[0]?.id);
    const found = this.#state.channel(wantedChannel ?? '');
    if (found === undefined) throw new Error(`FakeDiscord: no channel ${String(wantedChannel)} in the fake's guilds`);
    return {
      id: this.#state.snowflakes.next(),
      token: randomToken(),
      applicationId: this.#state.applicationId,
      guildId: found.guild.id,
      guildChannel: channelPayload(found.channel, found.guild.id, found.position),
      who,
    };
  }

  #commandContext(name: string, who: Who): CommandContext {
    const ctx = this.#context(who);
    const inGuild = (this.#state.commands.get(this.#state.scopeKey(ctx.guildId)) ?? []).find((c) => c['name'] === name && (c['type'] ?? 1) === 1);
    const global = (this.#state.commands.get('global') ?? []).find((c) => c['name'] === name && (c['type'] ?? 1) === 1);
    const registered = inGuild ?? global;
    let commandId = typeof registered?.['id'] === 'string' ? registered['id'] : this.#commandIds.get(name);
    if (commandId === undefined) {
      commandId = this.#state.snowflakes.next();
      this.#commandIds.set(name, commandId);
    }
    const channels = new Map<string, Json>();
    for (const guild of this.#state.guilds) guild.channels.forEach((c, i) => channels.set(c.id, channelPayload(c, guild.id, i)));
    return { ...ctx, commandId, commandGuildId: inGuild === undefined ? undefined : ctx.guildId, channels };
  }

  /** A slash command (type 2). Channel (7), user (6) and role (8) options get `data.resolved`. */
  chatInput(name: string, options: InteractionOption[] = [], who: Who = {}): InteractionPayload {
    return chatInputPayload(this.#commandContext(name, who), name, options);
  }

  /** Autocomplete (type 4) for a top-level option; `focused: true` is set on it. */
  autocomplete(
    name: string,
    focusedOption: { name: string; value: string; type?: number },
    otherOptions: InteractionOption[] = [],
    who: Who = {},
  ): InteractionPayload {
    const focused: InteractionOption = { name: focusedOption.name, type: focusedOption.type ?? 3, value: focusedOption.value, focused: true };
    return autocompletePayload(this.#commandContext(name, who), name, [...otherOptions, focused]);
  }

  /** A button click (type 3) on `message`: the stored copy if the bot posted it through the fake. */
  button(customId: string, source?: { id: string; channel_id: string }, who: Who = {}): InteractionPayload {
    // A click comes from the channel of the message it is on.
    const ctx = this.#context(source === undefined ? who : { ...who, channelId: source.channel_id }, source?.channel_id);
    const stored = source === undefined ? undefined : this.#state.messagesById.get(source.id);
    const onMessage =
      stored ?? message(source?.id ?? this.#state.snowflakes.next(), String(ctx.guildChannel['id']), this.#state.botUser, { content: '', components: [] });
    return buttonPayload(ctx, customId, structuredClone(onMessage));
  }

  /**
   * The member sends the modal that `opened` showed (MODAL_SUBMIT, type 5), with `values` by text input custom_id.
   * It comes from the member who opened it, in the same channel, with the message the click was on. As in Discord's
   * client, a modal is sent once, and values it would not let through (too long, too short, a required one blank,
   * a field it does not have) are a mistake in the test: they throw.
   */
  modalSubmit(opened: InteractionResult, values: Record<string, string>): InteractionPayload {
    const record = this.#state.interactions.get(opened.interaction.id);
    const modal = record?.modal;
    if (record === undefined || modal === undefined) throw new Error(`FakeDiscord: interaction ${opened.interaction.id} opened no modal`);
    if (record.modalSubmitted) throw new Error('FakeDiscord: that modal was already sent; Discord closes it on submit');
    const inputs = new Map<string, Json>();
    const submitted = (modal['components'] as Json[]).map((top, i) => {
      const echo = (input: Json, j: number): Json => {
        const customId = String(input['custom_id']);
        inputs.set(customId, input);
        return { type: 4, id: (i + 1) * 10 + j + 1, custom_id: customId, value: values[customId] ?? '' };
      };
      return top['type'] === 18
        ? { type: 18, id: i + 1, component: echo(top['component'] as Json, 0) }
        : { type: 1, id: i + 1, components: (top['components'] as Json[]).map(echo) };
    });
    for (const id of Object.keys(values)) if (!inputs.has(id)) throw new Error(`FakeDiscord: the modal has no text input "${id}"`);
    for (const [id, input] of inputs) {
      const value = values[id] ?? '';
      if (typeof input['max_length'] === 'number' && value.length > input['max_length'])
        throw new Error(`FakeDiscord: "${id}" takes at most ${input['max_length']} characters in Discord's client`);
      if (value !== '' && typeof input['min_length'] === 'number' && value.length < input['min_length'])
        throw new Error(`FakeDiscord: "${id}" needs at least ${input['min_length']} characters`);
      if (value === '' && input['required'] !== false) throw new Error(`FakeDiscord: "${id}" is required (text inputs are required unless required: false)`);
    }
    record.modalSubmitted = true;
    const { message: source, ...opener } = record.payload;
    return {
      ...structuredClone(opener),
      id: this.#state.snowflakes.next(),
      token: randomToken(),
      type: 5,
      data: { custom_id: modal['custom_id'], components: submitted },
      ...(source === undefined ? {} : { message: structuredClone(this.#state.messagesById.get((source as StoredMessage).id) ?? source) }),
    } as InteractionPayload;
  }

  // ── injection ───────────────────────────────────────────────────────────────────────────

  /**
   * Sends INTERACTION_CREATE to every live gateway session (waiting for one if none is live yet) and
   * resolves with the first accepted callback; rejects after `timeoutMs` listing what arrived instead.
   */
  async inject(interaction: InteractionPayload, options: InjectOptions = {}): Promise<InteractionResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = Date.now();
    if (!this.#endpoint.enabled) await this.waitForReady(timeoutMs);
    const record: InteractionRecord = {
      payload: interaction,
      sentAt: Date.now(),
      sentAtPerf: performance.now(),
      callback: undefined,
      originalId: undefined,
      messageIds: new Set(),
      source:
        (interaction.type === 3 || interaction.type === 5) && typeof interaction['message'] === 'object'
          ? (interaction['message'] as StoredMessage)
          : undefined,
      modal: undefined,
      modalSubmitted: false,
    };
    this.#state.interactions.set(interaction.id, record);
    this.#state.interactionsByToken.set(interaction.token, record);
    const firstRequest = this.#state.requests.length;
    const accepted = waitFor<number>(
      (done) => {
        const listener = (_recorded: RecordedRequest, which: InteractionRecord): void => {
          if (which === record) done(record.answeredAt?.perf ?? performance.now());
        };
        this.#state.events.on('callback', listener);
        return () => this.#state.events.off('callback', listener);
      },
      Math.max(1, timeoutMs - (Date.now() - started)),
      () => this.#timeoutError(interaction, timeoutMs, firstRequest),
    );
    record.sentAtPerf = performance.now();
    record.sentAt = Date.now();
    let endpoint: string | undefined;
    let acceptedAt: number;
    if (this.#endpoint.enabled) {
      endpoint = this.#endpoint.nextUrl();
      record.callbackPending = this.#deliverOverHttp(endpoint, interaction, record);
      // A refused POST fails at once; an answer the callback route refuses shows in the timeout's list.
      acceptedAt = await Promise.race([accepted, record.callbackPending.then(() => accepted)]);
    } else {
      this.#gateway.dispatch('INTERACTION_CREATE', interaction);
      acceptedAt = await accepted;
    }
    const callback = record.callback;
    if (callback === undefined) throw new Error('FakeDiscord: callback event without a recorded callback');
    return {
      interaction,
      callback,
      latencyMs: acceptedAt - record.sentAtPerf,
      endpoint,
      message: () => {
        const stored = record.originalId === undefined ? undefined : this.#state.messagesById.get(record.originalId);
        return stored === undefined ? undefined : { id: stored.id, channel_id: stored.channel_id };
      },
      modal: () => (record.modal === undefined ? undefined : structuredClone(record.modal)),
      followUps: () => this.#followUps(interaction),
      waitForFollowUp: (predicate = () => true, followUpTimeoutMs = DEFAULT_TIMEOUT_MS) => this.#waitForFollowUp(interaction, predicate, followUpTimeoutMs),
    };
  }

  /** POSTs the interaction to the endpoint, then records its answer through the callback route (validated like any callback), in-process. */
  async #deliverOverHttp(url: string, interaction: InteractionPayload, record: InteractionRecord): Promise<void> {
    const answer = await this.#endpoint.post(url, JSON.stringify(interaction));
    record.answeredAt = { wall: Date.now(), perf: performance.now() };
    if (answer.status !== 200) {
      throw new Error(`FakeDiscord: ${url} answered interaction ${interaction.id} with HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
    }
    await this.#rest.answer({
      method: 'POST',
      url: `${API_PREFIX}/interactions/${interaction.id}/${interaction.token}/callback`,
      headers: { 'content-type': answer.contentType || 'application/json' },
      raw: answer.raw,
    });
  }

  #isFollowUp(interaction: InteractionPayload, request: RecordedRequest): boolean {
    return request.method !== 'GET' && request.path.startsWith(`${API_PREFIX}/webhooks/${this.#state.applicationId}/${interaction.token}`);
  }

  #followUps(interaction: InteractionPayload): RecordedRequest[] {
    return this.#state.requests.filter((r) => this.#isFollowUp(interaction, r));
  }

  async #waitForFollowUp(interaction: InteractionPayload, predicate: (request: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const existing = this.#followUps(interaction).find(predicate);
    if (existing !== undefined) return existing;
    return waitFor<RecordedRequest>(
      (done) => {
        const listener = (request: RecordedRequest): void => {
          if (this.#isFollowUp(interaction, request) && predicate(request)) done(request);
        };
        this.#state.events.on('request', listener);
        return () => this.#state.events.off('request', listener);
      },
      timeoutMs,
      () => {
        const seen = this.#followUps(interaction).map(describe);
        return new Error(
          `FakeDiscord: no matching follow-up for interaction ${interaction.id} within ${timeoutMs} ms. Follow-ups: ${seen.length === 0 ? '(none)' : seen.join('; ')}`,
        );
      },
    );
  }

  #timeoutError(interaction: InteractionPayload, timeoutMs: number, firstRequest: number): Error {
    const data = interaction['data'] as Json | undefined;
    const what =
      interaction.type === 3
        ? `button ${String(data?.['custom_id'])}`
        : interaction.type === 5
          ? `modal ${String(data?.['custom_id'])}`
          : `/${String(data?.['name'])} (type ${interaction.type})`;
    const received = this.#state.requests.slice(firstRequest).map(describe);
    return new Error(
      `FakeDiscord: no accepted callback for interaction ${interaction.id} (${what}) within ${timeoutMs} ms; ` +
        `${this.sessions} live gateway session(s). REST requests since it was sent: ${received.length === 0 ? '(none)' : received.join('; ')}`,
    );
  }
}
