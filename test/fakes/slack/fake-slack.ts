/**
 * A fake Slack on 127.0.0.1 for driving a real Bolt app: the Web API, response_urls, signed
 * deliveries to the app's HTTP receiver, and Socket Mode.
 *
 *   const fake = await FakeSlack.start();
 *   const app = new App({ token: 'xoxb-fake', signingSecret: 'fake-signing-secret',
 *     clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } });
 *   const server = await app.start(0);
 *   const result = await fake.slashCommand(`http://127.0.0.1:${port}/slack/events`, '/lesson', '1.1');
 *   await fake.waitForResponse(result.responseUrlId!);
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpHandler } from './http.js';
import { blockActionPayload, eventPayload, homeOpenedEvent, slashCommandPayload, viewSubmissionPayload } from './payloads.js';
import { deliver, formBody } from './signed-client.js';
import { SocketModeServer } from './socket.js';
import type { EnvelopeOptions } from './socket.js';
import { SlackState } from './state.js';
import type {
  BlockActionOptions,
  BuiltPayload,
  DeliveryOptions,
  DeliveryResult,
  EphemeralMessage,
  FakeSlackOptions,
  Json,
  OpenedModal,
  PublishedView,
  RecordedCall,
  ResponseRecord,
  SocketAck,
  SocketEnvelopeType,
  StoredMessage,
} from './types.js';

export type * from './types.js';
export type { EnvelopeOptions } from './socket.js';
export { slackSignature } from './signed-client.js';
export { APP_ID, BOT_ID } from './state.js';

const DEFAULT_TIMEOUT_MS = 5_000;

function waitForEvent<T>(state: SlackState, name: string, found: () => T | undefined, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  const existing = found();
  if (existing !== undefined) return Promise.resolve(existing);
  return new Promise<T>((resolve, reject) => {
    const listener = (): void => {
      const value = found();
      if (value === undefined) return;
      clearTimeout(timer);
      state.events.off(name, listener);
      resolve(value);
    };
    const timer = setTimeout(() => {
      state.events.off(name, listener);
      reject(onTimeout());
    }, timeoutMs);
    state.events.on(name, listener);
  });
}

export class FakeSlack {
  readonly #state: SlackState;
  readonly #server: Server;
  readonly #socket: SocketModeServer;

  private constructor(state: SlackState, server: Server, socket: SocketModeServer) {
    this.#state = state;
    this.#server = server;
    this.#socket = socket;
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const state = new SlackState(options);
    const socket = new SocketModeServer();
    const server = createServer(createHttpHandler(state));
    server.on('upgrade', (req, duplex, head) => socket.handleUpgrade(req, duplex, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    state.port = (server.address() as AddressInfo).port;
    return new FakeSlack(state, server, socket);
  }

  /** What the bot gets as SLACK_API_URL (@slack/web-api appends the method name). */
  get apiUrl(): string {
    return `${this.#state.baseUrl}/api/`;
  }

  get teamId(): string {
    return this.#state.teamId;
  }

  get botUserId(): string {
    return this.#state.botUserId;
  }

  get signingSecret(): string {
    return this.#state.signingSecret;
  }

  // ── Web API ──────────────────────────────────────────────────────────────────────────────

  /** Every Web API call, in the order they were answered (failed ones included). */
  get calls(): RecordedCall[] {
    return this.#state.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.#state.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call to `method` (past or future) that matches `predicate`. */
  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RecordedCall> {
    return waitForEvent(
      this.#state,
      'call',
      () => this.callsTo(method).find(predicate),
      timeoutMs,
      () => {
        const seen = this.#state.calls.map((c) => `${c.method}${c.response['ok'] === true ? '' : ` (${String(c.response['error'])})`}`);
        return new Error(`FakeSlack: no matching ${method} call within ${timeoutMs} ms. Calls: ${seen.length === 0 ? '(none)' : seen.join(', ')}`);
      },
    );
  }

  /** Answers the next `times` calls to `method` with `{ ok: false, error }` (e.g. 'ratelimited', 'fatal_error'). */
  failNext(method: string, error: string, times = 1): void {
    this.#state.failNext(method, error, times);
  }

  /**
   * Until `end()`, Web API calls whose method matches get HTTP `answer` (e.g. 503, as during a
   * Slack incident) or, with 'hang', no answer at all.
   */
  outage(methods: RegExp, answer: number | 'hang'): { end(): void } {
    this.#state.outage = { methods, answer };
    return { end: () => (this.#state.outage = undefined) };
  }

  /** A channel's messages, oldest first: top-level ones and thread replies (with their `thread_ts`). */
  messages(channelId: string): StoredMessage[] {
    return this.#state.listMessages(channelId);
  }

  message(channelId: string, ts: string): StoredMessage | undefined {
    const found = this.#state.findMessage(channelId, ts);
    return found === undefined ? undefined : structuredClone(found);
  }

  /** Ephemeral messages in a channel (chat.postEphemeral and ephemeral response_url replies), optionally for one user. */
  ephemerals(channelId: string, userId?: string): EphemeralMessage[] {
    return structuredClone(this.#state.ephemerals.filter((e) => e.channel === channelId && (userId === undefined || e.user === userId)));
  }

  /** Every view published to the user's Home tab, oldest first. */
  homeViews(userId: string): PublishedView[] {
    return structuredClone(this.#state.views.get(userId) ?? []);
  }

  /** Modals opened with views.open (optionally for one user), oldest first. */
  modals(userId?: string): OpenedModal[] {
    return this.#state.modals.filter((m) => userId === undefined || m.userId === userId);
  }

  /** Resolves with the first modal (past or future) opened for `userId` that matches `predicate`. */
  waitForModal(userId: string, predicate: (modal: OpenedModal) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<OpenedModal> {
    return waitForEvent(
      this.#state,
      'modal',
      () => this.modals(userId).find(predicate),
      timeoutMs,
      () => {
        const seen = this.callsTo('views.open').map((c) => String(c.response['ok'] === true ? 'opened' : c.response['error']));
        return new Error(
          `FakeSlack: no matching modal for ${userId} within ${timeoutMs} ms. views.open calls: ${seen.length === 0 ? '(none)' : seen.join(', ')}`,
        );
      },
    );
  }

  // ── response_url ─────────────────────────────────────────────────────────────────────────

  /** Every POST to a response_url, in order. */
  get responses(): ResponseRecord[] {
    return this.#state.responses;
  }

  responsesFor(id: string): ResponseRecord[] {
    return this.#state.responses.filter((r) => r.id === id);
  }

  waitForResponse(id: string, predicate: (response: ResponseRecord) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ResponseRecord> {
    return waitForEvent(
      this.#state,
      'response',
      () => this.responsesFor(id).find(predicate),
      timeoutMs,
      () => {
        const seen = this.responsesFor(id).map((r) => JSON.stringify(r.body).slice(0, 200));
        return new Error(
          `FakeSlack: no matching response on response_url ${id} within ${timeoutMs} ms. Received: ${seen.length === 0 ? '(none)' : seen.join('; ')}`,
        );
      },
    );
  }

  // ── payloads (for HTTP or Socket Mode) ───────────────────────────────────────────────────

  slashCommandPayload(command: string, text: string, opts: DeliveryOptions = {}): BuiltPayload {
    return slashCommandPayload(this.#state, command, text, opts);
  }

  blockActionPayload(actionId: string, opts: BlockActionOptions = {}): BuiltPayload {
    return blockActionPayload(this.#state, actionId, opts);
  }

  /** An `event_callback` body around `event`. */
  eventPayload(event: object): Json {
    return eventPayload(this.#state, event as Json).payload;
  }

  /** An `app_home_opened` event for a user (default: the first non-admin). */
  homeOpenedEvent(userId?: string): Json {
    return homeOpenedEvent(this.#state, userId);
  }

  // ── signed deliveries to an HTTP receiver (`http://127.0.0.1:<port>/slack/events`) ────────

  async slashCommand(botUrl: string, command: string, text: string, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
    const built = slashCommandPayload(this.#state, command, text, opts);
    const result = await deliver(botUrl, formBody(built.payload), 'application/x-www-form-urlencoded', this.#state.signingSecret, opts);
    return { ...result, ...(built.responseUrlId === undefined ? {} : { responseUrlId: built.responseUrlId }) };
  }

  async blockAction(botUrl: string, actionId: string, opts: BlockActionOptions = {}): Promise<DeliveryResult> {
    const built = blockActionPayload(this.#state, actionId, opts);
    const body = formBody({ payload: JSON.stringify(built.payload) });
    const result = await deliver(botUrl, body, 'application/x-www-form-urlencoded', this.#state.signingSecret, opts);
    return { ...result, ...(built.responseUrlId === undefined ? {} : { responseUrlId: built.responseUrlId }) };
  }

  /** The `view_submission` for `modal` (marks it sent), for Socket Mode or to inspect. */
  viewSubmissionPayload(modal: OpenedModal, values: Record<string, string>): BuiltPayload {
    return viewSubmissionPayload(this.#state, modal, values);
  }

  /** The member who opened `modal` sends it with `values` by input block: a signed `view_submission`. */
  async viewSubmission(botUrl: string, modal: OpenedModal, values: Record<string, string>, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
    const built = viewSubmissionPayload(this.#state, modal, values);
    return deliver(botUrl, formBody({ payload: JSON.stringify(built.payload) }), 'application/x-www-form-urlencoded', this.#state.signingSecret, opts);
  }

  async event(botUrl: string, event: object, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
    const built = eventPayload(this.#state, event as Json);
    return deliver(botUrl, JSON.stringify(built.payload), 'application/json', this.#state.signingSecret, opts);
  }

  /** The `url_verification` handshake; a correct receiver answers with the challenge. */
  async urlVerification(botUrl: string, opts: DeliveryOptions = {}): Promise<DeliveryResult & { challenge: string }> {
    const challenge = `challenge-${this.#state.nextId('')}`;
    const body = JSON.stringify({ token: 'fake-verification-token', challenge, type: 'url_verification' });
    return { ...(await deliver(botUrl, body, 'application/json', this.#state.signingSecret, opts)), challenge };
  }

  // ── Socket Mode ──────────────────────────────────────────────────────────────────────────

  /** Open Socket Mode connections. */
  get socketConnections(): number {
    return this.#socket.connections;
  }

  /** Every ack Socket Mode clients sent. */
  get socketAcks(): SocketAck[] {
    return this.#socket.acks;
  }

  waitForSocketConnection(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    return this.#socket.waitForConnection(timeoutMs);
  }

  /** Sends an envelope (waiting for a connection if there is none yet) and resolves with the client's ack. */
  sendSocketEnvelope(type: SocketEnvelopeType, payload: object, opts: EnvelopeOptions = {}): Promise<SocketAck> {
    return this.#socket.send(type, payload as Json, opts);
  }

  async close(): Promise<void> {
    await this.#socket.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
