/** The REST half of the fake: parses, authenticates, rate limits, routes and records every request. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route, RouteReply } from './api.js';
import { apiError, errors } from './api.js';
import { rejectedBySpec } from './openapi.js';
import { commandRoutes, readRoutes } from './routes-commands.js';
import { channelRoutes, interactionRoutes } from './routes-messages.js';
import type { FakeState } from './state.js';
import type { RecordedFile, RecordedRequest } from './types.js';

export const API_PREFIX = '/api/v10';
const ROUTES: Route[] = [...readRoutes, ...commandRoutes, ...channelRoutes, ...interactionRoutes];

interface Window {
  startedAt: number;
  count: number;
}

interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  error?: RouteReply;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [] };
  try {
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
      let body: unknown;
      const files: RecordedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
        } else {
          files.push({ field, name: value.name, size: value.size, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
        }
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: raw.toString('utf8'), files: [], error: apiError(400, 'The request body contains invalid JSON.', 50109) };
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function match(method: string, path: string): { route: Route; params: Record<string, string | undefined> } | RouteReply {
  if (!path.startsWith(`${API_PREFIX}/`)) return errors.notFound;
  const sub = path.slice(API_PREFIX.length);
  let pathMatched = false;
  for (const route of ROUTES) {
    const found = route.pattern.exec(sub);
    if (found === null) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: { ...found.groups } };
  }
  return pathMatched ? apiError(405, '405: Method Not Allowed', 0) : errors.notFound;
}

/** Discord's global limit: a fixed one-second window over every bot-authenticated request. */
class GlobalLimiter {
  #window: Window = { startedAt: 0, count: 0 };
  constructor(private readonly perSecond: number) {}

  check(now: number): RouteReply | undefined {
    if (now - this.#window.startedAt >= 1000) this.#window = { startedAt: now, count: 0 };
    if (this.#window.count < this.perSecond) {
      this.#window.count += 1;
      return undefined;
    }
    const retryAfter = Math.max(0, this.#window.startedAt + 1000 - now) / 1000;
    return {
      status: 429,
      headers: { 'retry-after': retryAfter.toFixed(3), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
    };
  }
}

/** A fixed one-second window per bucket (route × major parameter), with Discord's headers. */
class RateLimiter {
  readonly #windows = new Map<string, Window>();
  constructor(private readonly perSecond: number) {}

  check(route: Route, params: Record<string, string | undefined>, now: number): { headers: Record<string, string>; limited: RouteReply | undefined } {
    const bucket = createHash('sha1').update(`${route.method} ${route.pattern.source}`).digest('hex').slice(0, 16);
    const major = params['channel'] ?? params['guild'] ?? (params['token'] === undefined ? '' : `${params['app'] ?? ''}/${params['token']}`);
    const key = `${bucket}:${major}`;
    let window = this.#windows.get(key);
    if (window === undefined || now - window.startedAt >= 1000) {
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    const resetAfter = Math.max(0, window.startedAt + 1000 - now) / 1000;
    const limited = window.count >= this.perSecond;
    if (!limited) window.count += 1;
    const headers = {
      'x-ratelimit-limit': String(this.perSecond),
      'x-ratelimit-remaining': String(Math.max(0, this.perSecond - window.count)),
      'x-ratelimit-reset': ((window.startedAt + 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
    };
    if (!limited) return { headers, limited: undefined };
    return {
      headers: { ...headers, 'retry-after': resetAfter.toFixed(3), 'x-ratelimit-scope': 'user' },
      limited: { status: 429, body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false } },
    };
  }
}

/** A request as the fake's API reads it, whether it came over HTTP or from the fake itself. */
export interface RestRequest {
  method: string;
  /** Path and query, as in an HTTP request line. */
  url: string;
  headers: Record<string, string>;
  raw: Buffer;
}

/** The fake's answer, or `hang` for a fault that never answers. */
export type RestAnswer = { status: number; headers: Record<string, string>; body?: string } | 'hang';

export interface RestHandler {
  /** The API over HTTP. */
  http(req: IncomingMessage, res: ServerResponse): void;
  /**
   * The same API without the round trip: the fake records an Interactions Endpoint's answer as the
   * callback it stands for through this (over HTTP to itself it cost the harness more than half of its
   * CPU a click in the HTTP benchmark, on the cores the replicas share).
   */
  answer(request: RestRequest): Promise<RestAnswer>;
}

export function createRestHandler(state: FakeState): RestHandler {
  const limiter = state.rateLimit?.perSecond === undefined ? undefined : new RateLimiter(state.rateLimit.perSecond);
  const globalLimiter = state.rateLimit?.globalPerSecond === undefined ? undefined : new GlobalLimiter(state.rateLimit.globalPerSecond);

  async function answer({ method: requestMethod, url: requestUrl, headers, raw }: RestRequest): Promise<RestAnswer> {
    const at = Date.now();
    const arrivalPerf = performance.now();
    const url = new URL(requestUrl, 'http://127.0.0.1');
    const method = requestMethod.toUpperCase();
    const parsed = await parseBody(raw, headers['content-type'] ?? '');
    const query = Object.fromEntries(url.searchParams);
    // discord.js sends `@original` as `%40original`; routes and records use the decoded path.
    const path = url.pathname
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
    const found = match(method, path);
    // A webhook edit sent right after an HTTP answer may overtake it on the wire: it waits for the answer to be recorded.
    const webhookToken = /^\/api\/v10\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
    const pending = webhookToken === undefined ? undefined : state.interactionsByToken.get(webhookToken)?.callbackPending;
    if (pending !== undefined) await pending.catch(() => undefined);

    const fault = state.faults.find((f) => f.remaining > 0 && (f.method === undefined || f.method === method) && f.path.test(path.slice(API_PREFIX.length)));
    if (fault !== undefined) {
      fault.remaining -= 1;
      state.record(
        { method, path, query, body: parsed.body, headers, at, status: fault.answer === 'hang' ? 0 : fault.answer, response: undefined, files: parsed.files },
        arrivalPerf,
      );
      if (fault.answer === 'hang') return 'hang'; // no answer: the client's timeout must end it
      return {
        status: fault.answer,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: `${fault.answer}: Service Unavailable`, code: 0 }),
      };
    }

    let reply: RouteReply;
    let extraHeaders: Record<string, string> = {};
    let accepted: (() => void) | undefined;
    const request = { state, query, body: parsed.body, files: parsed.files, headers, params: {} as Record<string, string | undefined> };
    if (!('route' in found)) reply = found;
    else if (found.route.auth !== false && headers['authorization'] !== `Bot ${state.validToken}`) reply = errors.unauthorized;
    else {
      const limit = limiter !== undefined && found.route.limited !== false ? limiter.check(found.route, found.params, at) : undefined;
      // Interaction callbacks and webhooks are not bot-authenticated, so the global limit skips them, as Discord's does.
      const globalLimited = globalLimiter !== undefined && found.route.auth !== false ? globalLimiter.check(at) : undefined;
      extraHeaders = limit?.headers ?? {};
      if (globalLimited !== undefined) {
        state.rateLimited += 1;
        state.globalRateLimited += 1;
        reply = globalLimited;
      } else if (limit?.limited !== undefined) {
        state.rateLimited += 1;
        reply = limit.limited;
      } else if (parsed.error !== undefined) reply = parsed.error;
      else {
        request.params = found.params;
        // Every body is checked against Discord's OpenAPI spec first, as Discord's own form validation does.
        reply = rejectedBySpec(method, path.slice(API_PREFIX.length), parsed.body) ?? found.route.handle(request);
        const after = found.route.accepted;
        if (after !== undefined) accepted = () => after(request, recorded);
      }
    }

    const recorded: RecordedRequest = {
      method,
      path,
      query,
      body: parsed.body,
      headers,
      at,
      status: reply.status,
      response: reply.body === undefined ? undefined : structuredClone(reply.body),
      files: parsed.files,
    };
    state.record(recorded, arrivalPerf);
    if (reply.status < 300) accepted?.();

    const outHeaders: Record<string, string> = { ...extraHeaders, ...reply.headers };
    if (reply.body === undefined || reply.status === 204) return { status: reply.status, headers: outHeaders };
    return { status: reply.status, headers: { ...outHeaders, 'content-type': 'application/json' }, body: JSON.stringify(reply.body) };
  }

  async function overHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answered = await answer({ method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req), raw: await readBody(req) });
    if (answered === 'hang') return;
    res.writeHead(answered.status, answered.headers).end(answered.body);
  }

  return {
    answer,
    http: (req, res) => {
      overHttp(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fake Discord crashed: ${String(error)}`, code: 0 }));
      });
    },
  };
}
