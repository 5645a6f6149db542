/** The Gateway half of the fake: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME, dispatches. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { GUILD_OWNER_ID, guildCreate } from './payloads.js';
import type { FakeState } from './state.js';
import type { Json } from './types.js';

export interface GatewaySession {
  id: string;
  seq: number;
  socket: WebSocket | undefined;
  /** [shard id, shard count] as identified ([0, 1] without sharding). */
  shard: [number, number];
}

/** Discord's shard formula: which shard a guild's events go to. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Guild ids, one on each of `count` shards (index = shard), for tests of sharding. */
export function guildIdsOnShards(count: number): string[] {
  const ids: string[] = [];
  for (let id = 100000000000000001n; ids.filter(Boolean).length < count; id += 1n << 22n) ids[shardOf(id.toString(), count)] ??= id.toString();
  return ids;
}

/** Discord allows one IDENTIFY per rate-limit bucket (shard id % max_concurrency) every 5 seconds. */
export const IDENTIFY_INTERVAL_MS = 5_000;

export interface GatewayFrame {
  direction: 'in' | 'out';
  op: number;
  t: string | null;
  sessionId: string | undefined;
  at: number;
}

export interface IdentifyRecord {
  intents: unknown;
  properties: unknown;
  shard: unknown;
  at: number;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Gateway {
  readonly sessions = new Map<string, GatewaySession>();
  readonly frames: GatewayFrame[] = [];
  readonly identifies: IdentifyRecord[] = [];
  identifyCount = 0;
  resumeCount = 0;
  /** IDENTIFYs that came sooner than 5 s after the previous one of the same bucket (Discord would refuse them). */
  identifyRateViolations = 0;
  readonly #lastIdentifyByBucket = new Map<number, number>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();

  constructor(private readonly state: FakeState) {
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/gateway' && path !== '/gateway/') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  /** Sessions with an open, identified or resumed socket. */
  live(): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => s.socket !== undefined && s.socket.readyState === s.socket.OPEN);
  }

  /** Sends a dispatch to every live session (of the guild's shard, for a guild's event); returns how many got it. */
  dispatch(t: string, d: unknown): number {
    const guildId = isJson(d) && typeof d['guild_id'] === 'string' ? d['guild_id'] : undefined;
    const live = this.live().filter((s) => guildId === undefined || shardOf(guildId, s.shard[1]) === s.shard[0]);
    for (const session of live) this.#dispatchTo(session, t, d);
    return live.length;
  }

  dropConnections(code = 4000): void {
    for (const socket of this.#sockets) socket.close(code, 'Dropped by the fake');
  }

  sendReconnect(): void {
    for (const socket of this.#sockets) this.#send(socket, undefined, { op: 7, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #send(socket: WebSocket, session: GatewaySession | undefined, frame: { op: number; d: unknown; s: number | null; t: string | null }): void {
    if (socket.readyState !== socket.OPEN) return;
    this.frames.push({ direction: 'out', op: frame.op, t: frame.t, sessionId: session?.id, at: Date.now() });
    socket.send(JSON.stringify(frame));
  }

  #dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    if (session.socket === undefined) return;
    session.seq += 1;
    this.#send(session.socket, session, { op: 0, t, s: session.seq, d });
  }

  #onConnection(socket: WebSocket): void {
    this.#sockets.add(socket);
    let session: GatewaySession | undefined;
    this.#send(socket, undefined, { op: 10, d: { heartbeat_interval: this.state.heartbeatIntervalMs }, s: null, t: null });

    socket.on('message', (data: RawData) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      if (!isJson(frame) || typeof frame['op'] !== 'number') {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      const op = frame['op'];
      const d = isJson(frame['d']) ? frame['d'] : {};
      this.frames.push({ direction: 'in', op, t: null, sessionId: session?.id, at: Date.now() });
      switch (op) {
        case 1:
          this.#send(socket, session, { op: 11, d: null, s: null, t: null });
          return;
        case 2:
          if (session !== undefined) socket.close(4005, 'Already authenticated.');
          else if (d['token'] !== this.state.validToken) socket.close(4004, 'Authentication failed.');
          else if (this.#shardProblem(d) !== undefined) socket.close(...this.#shardProblem(d)!);
          else session = this.#identify(socket, d);
          return;
        case 6:
          if (session !== undefined) socket.close(4005, 'Already authenticated.');
          else if (d['token'] !== this.state.validToken) socket.close(4004, 'Authentication failed.');
          else session = this.#resume(socket, d);
          return;
        case 3:
        case 4:
        case 8:
          if (session === undefined) socket.close(4003, 'Not authenticated.');
          return;
        default:
          socket.close(4001, 'Unknown opcode.');
      }
    });

    socket.on('close', (code: number) => {
      this.#sockets.delete(socket);
      if (session === undefined || session.socket !== socket) return;
      session.socket = undefined;
      // A normal close ends the session for good; anything else (4000, 4200…) leaves it resumable.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
    });
  }

  /** Discord's close codes for a shard it will not accept: 4011 when sharding is required, 4010 for a bad [id, count]. */
  #shardProblem(d: Json): [number, string] | undefined {
    const shard = d['shard'];
    if (shard === undefined) return this.state.shards > 1 ? [4011, 'Sharding required.'] : undefined;
    const valid =
      Array.isArray(shard) && shard.length === 2 && shard.every((n) => Number.isInteger(n)) && shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1];
    return valid ? undefined : [4010, 'Invalid shard.'];
  }

  #identify(socket: WebSocket, d: Json): GatewaySession {
    const shard: [number, number] = Array.isArray(d['shard']) ? [Number(d['shard'][0]), Number(d['shard'][1])] : [0, 1];
    const session: GatewaySession = { id: randomBytes(16).toString('hex'), seq: 0, socket, shard };
    this.sessions.set(session.id, session);
    this.identifyCount += 1;
    const now = Date.now();
    const bucket = shard[0] % this.state.maxConcurrency;
    const previous = this.#lastIdentifyByBucket.get(bucket);
    if (previous !== undefined && now - previous < IDENTIFY_INTERVAL_MS) this.identifyRateViolations += 1;
    this.#lastIdentifyByBucket.set(bucket, now);
    this.identifies.push({ intents: d['intents'], properties: d['properties'], shard: d['shard'], at: now });
    const { state } = this;
    const bot = state.botUser;
    const guilds = state.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
    this.#dispatchTo(session, 'READY', {
      v: 10,
      user: { ...bot, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: state.gatewayUrl,
      shard,
      application: { id: state.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
      geo_ordered_rtc_regions: ['local'],
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    for (const guild of guilds) this.#dispatchTo(session, 'GUILD_CREATE', guildCreate(guild, GUILD_OWNER_ID, bot));
    state.events.emit('session', session);
    return session;
  }

  #resume(socket: WebSocket, d: Json): GatewaySession | undefined {
    const session = typeof d['session_id'] === 'string' ? this.sessions.get(d['session_id']) : undefined;
    if (session === undefined) {
      this.#send(socket, undefined, { op: 9, d: false, s: null, t: null });
      return undefined;
    }
    if (session.socket !== undefined && session.socket !== socket) session.socket.close(4000, 'Session resumed elsewhere');
    session.socket = socket;
    this.resumeCount += 1;
    this.#dispatchTo(session, 'RESUMED', { _trace: ['["fake-discord",{"micros":0}]'] });
    this.state.events.emit('session', session);
    return session;
  }
}
