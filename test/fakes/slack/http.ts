/** The fake's HTTP side: `POST /api/<method>` (the Web API) and `POST /respond/<id>` (response_urls). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackState } from './state.js';
import { APP_ID, BOT_ID } from './state.js';
import type { Json } from './types.js';
import { blockKitRejection, messageRejection } from './block-kit.js';
import { METHODS, fail } from './web-api.js';

/** Fields @slack/web-api sends as JSON strings inside a form body. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata', 'files'];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Step 2 of an upload: the bytes, raw or as the one file of a multipart form (@slack/web-api sends either). */
async function receiveUpload(state: SlackState, id: string, bytes: Buffer, contentType: string): Promise<{ status: number; text: string }> {
  const upload = state.uploads.get(id);
  if (upload === undefined) return { status: 404, text: 'unknown upload' };
  let data = bytes;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) }).formData();
    const file = [...form.values()].find((value) => typeof value !== 'string');
    if (file === undefined || typeof file === 'string') return { status: 400, text: 'no file in the form' };
    data = Buffer.from(await file.arrayBuffer());
  }
  upload.data = data;
  return { status: 200, text: `OK - ${data.length}` };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form or JSON body, merged over the query string, with the JSON-string fields parsed. */
export function parseApiBody(raw: string, contentType: string, query: URLSearchParams): Json {
  const body: Json = Object.fromEntries(query);
  if (raw !== '') {
    if (contentType.startsWith('application/json')) {
      const parsed: unknown = JSON.parse(raw);
      if (isJson(parsed)) Object.assign(body, parsed);
    } else {
      Object.assign(body, Object.fromEntries(new URLSearchParams(raw)));
    }
  }
  for (const field of JSON_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    try {
      body[field] = JSON.parse(value);
    } catch {
      // Left as the string it was; the method answers invalid_arguments or invalid_blocks.
    }
  }
  return body;
}

function tokenOf(req: IncomingMessage, body: Json): string | undefined {
  const header = req.headers['authorization'];
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return typeof body['token'] === 'string' && body['token'] !== '' ? body['token'] : undefined;
}

function callApi(state: SlackState, method: string, req: IncomingMessage, body: Json): Json {
  const found = METHODS[method];
  const token = tokenOf(req, body);
  if (token === undefined) return fail('not_authed');
  if (token !== state.botToken && token !== state.appToken) return fail('invalid_auth');
  if (found === undefined) return fail('unknown_method', { req_method: method });
  const expected = found.token === 'bot' ? state.botToken : state.appToken;
  if (token !== expected) return fail('not_allowed_token_type');
  const injected = state.takeFailure(method);
  if (injected !== undefined) return fail(injected);
  const rejected = blockKitRejection(method, body);
  if (rejected !== undefined) return fail(rejected.error, rejected.messages.length > 0 ? { response_metadata: { messages: rejected.messages } } : {});
  return found.handle({ state, body });
}

/**
 * What a response_url POST does to the workspace, as on Slack: `delete_original` and
 * `replace_original` act on the message the action came from; otherwise `in_channel` posts a new
 * message and anything else is an ephemeral message for the user who acted.
 */
function applyResponse(state: SlackState, id: string, body: Json): void {
  const target = state.responseTargets.get(id);
  if (target === undefined || target.channelId === undefined) return;
  const { channelId, messageTs, userId } = target;
  const blocks = Array.isArray(body['blocks']) ? (body['blocks'] as Json[]) : undefined;
  const text = typeof body['text'] === 'string' ? body['text'] : undefined;
  const ephemeral = target.ephemeral ? state.ephemerals.find((e) => e.channel === channelId && e.ts === messageTs) : undefined;
  if (body['delete_original'] === true && messageTs !== undefined) {
    if (ephemeral !== undefined) state.ephemerals.splice(state.ephemerals.indexOf(ephemeral), 1);
    else state.deleteMessage(channelId, messageTs);
    return;
  }
  if (body['replace_original'] === true && messageTs !== undefined) {
    const original = ephemeral ?? state.findMessage(channelId, messageTs);
    if (original === undefined) return;
    original.text = text ?? '';
    if (blocks !== undefined) original.blocks = blocks;
    else delete original.blocks;
    return;
  }
  const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
  if (body['response_type'] === 'in_channel') {
    state.storeMessage({
      type: 'message',
      channel: channelId,
      ts: state.nextTs(),
      text: text ?? '',
      user: state.botUserId,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: state.teamId,
      ...(blocks === undefined ? {} : { blocks }),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
    return;
  }
  state.ephemerals.push({
    channel: channelId,
    user: userId,
    ts: state.nextTs(),
    text: text ?? '',
    via: 'response_url',
    ...(blocks === undefined ? {} : { blocks }),
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
  });
}

function respondToUrl(state: SlackState, id: string, raw: string): { status: number; text: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { status: 400, text: 'invalid_payload' };
  }
  if (!isJson(body)) return { status: 400, text: 'invalid_payload' };
  // Slack answers a response_url POST over Block Kit's limits with HTTP 400 (Bolt's respond() then throws).
  const rejected = messageRejection(body);
  if (rejected !== undefined) return { status: 400, text: rejected.error };
  state.recordResponse({ id, body, at: Date.now() });
  applyResponse(state, id, body);
  return { status: 200, text: 'ok' };
}

export function createHttpHandler(state: SlackState): (req: IncomingMessage, res: ServerResponse) => void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const uploadId = /^\/upload\/([A-Za-z0-9]+)$/.exec(url.pathname)?.[1];
    if (uploadId !== undefined && req.method === 'POST') {
      const answer = await receiveUpload(state, uploadId, bytes, req.headers['content-type'] ?? '');
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
      return;
    }
    const apiMethod = /^\/api\/([A-Za-z0-9._-]+)\/?$/.exec(url.pathname)?.[1];
    const outage = state.outage;
    if (apiMethod !== undefined && outage !== undefined && outage.methods.test(apiMethod)) {
      state.record({ method: apiMethod, body: {}, at: Date.now(), response: { ok: false, error: `http_${outage.answer}` } });
      if (outage.answer === 'hang') return; // no answer: the client's own timeout must end it
      res.writeHead(outage.answer, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
      return;
    }
    if (apiMethod !== undefined) {
      let body: Json;
      let response: Json;
      try {
        body = parseApiBody(raw, req.headers['content-type'] ?? '', url.searchParams);
        response = callApi(state, apiMethod, req, body);
      } catch {
        body = { raw };
        response = fail('invalid_json');
      }
      state.record({ method: apiMethod, body, at: Date.now(), response: structuredClone(response) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(response));
      return;
    }
    const respondId = /^\/respond\/([A-Za-z0-9_-]+)$/.exec(url.pathname)?.[1];
    if (respondId !== undefined && req.method === 'POST') {
      const answer = respondToUrl(state, respondId, raw);
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake Slack crashed: ${String(error)}`);
    });
  };
}
