/**
 * Socket Mode: the WebSocket `apps.connections.open` points at. Sends `hello` on connect, then
 * envelopes, and matches the client's acks (`{ envelope_id, payload }`) to them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { APP_ID } from './state.js';
import type { Json, SocketAck, SocketEnvelopeType } from './types.js';

export interface EnvelopeOptions {
  /** Sent as `retry_attempt` (0 for a first delivery). */
  retryAttempt?: number;
  retryReason?: string;
  timeoutMs?: number;
}

interface Pending {
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SocketModeServer {
  /** Every ack (or other frame with an envelope_id) the clients sent, in order. */
  readonly acks: SocketAck[] = [];
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets: WebSocket[] = [];
  readonly #pending = new Map<string, Pending>();
  readonly #waiters = new Set<() => void>();

  constructor() {
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/socket') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  /** Open connections that got their `hello`. */
  get connections(): number {
    return this.#live().length;
  }

  #live(): WebSocket[] {
    return this.#sockets.filter((s) => s.readyState === s.OPEN);
  }

  #onConnection(socket: WebSocket): void {
    this.#sockets.push(socket);
    socket.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(data, isBinary));
    socket.on('close', () => {
      const index = this.#sockets.indexOf(socket);
      if (index >= 0) this.#sockets.splice(index, 1);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#live().length,
        debug_info: { host: 'fake-slack-socket', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    for (const wake of [...this.#waiters]) wake();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (!isJson(frame) || typeof frame['envelope_id'] !== 'string') return;
    const ack: SocketAck = { envelope_id: frame['envelope_id'] };
    if (isJson(frame['payload'])) ack.payload = frame['payload'];
    this.acks.push(ack);
    const pending = this.#pending.get(ack.envelope_id);
    if (pending === undefined) return;
    this.#pending.delete(ack.envelope_id);
    clearTimeout(pending.timer);
    pending.resolve(ack);
  }

  /** Resolves once a client is connected. */
  async waitForConnection(timeoutMs: number): Promise<void> {
    if (this.connections > 0) return;
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`FakeSlack: no Socket Mode connection within ${timeoutMs} ms (did the app call apps.connections.open?)`));
      }, timeoutMs);
      this.#waiters.add(wake);
    });
  }

  /** Sends an envelope to the newest connection; resolves with the client's ack, rejects after `timeoutMs`. */
  async send(type: SocketEnvelopeType, payload: Json, opts: EnvelopeOptions = {}): Promise<SocketAck> {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    const started = Date.now();
    await this.waitForConnection(timeoutMs);
    const socket = this.#live().at(-1);
    if (socket === undefined) throw new Error('FakeSlack: the Socket Mode connection closed before the envelope was sent');
    const envelopeId = randomUUID();
    const retryAttempt = opts.retryAttempt ?? 0;
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: true,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? (opts.retryReason ?? 'timeout') : '',
    };
    const acked = new Promise<SocketAck>((resolve, reject) => {
      const remaining = Math.max(1, timeoutMs - (Date.now() - started));
      const timer = setTimeout(() => {
        this.#pending.delete(envelopeId);
        reject(new Error(`FakeSlack: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, remaining);
      this.#pending.set(envelopeId, { resolve, reject, timer });
    });
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  /**
   * Completes the close handshake, so a client that is disconnecting (Bolt's `stop()` in Socket Mode
   * returns before its close frame is answered) sees a clean close instead of an error.
   */
  #closeGracefully(socket: WebSocket): Promise<void> {
    if (socket.readyState === socket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 1000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (socket.readyState === socket.OPEN) socket.close(1001, 'fake Slack closing');
    });
  }

  async close(): Promise<void> {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`FakeSlack closed before envelope ${id} was acked`));
    }
    this.#pending.clear();
    await Promise.all([...this.#sockets].map((socket) => this.#closeGracefully(socket)));
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
