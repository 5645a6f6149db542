/** Channel messages, interaction callbacks and interaction webhooks (follow-ups and edits). */
import type { Route, RouteReply, RouteRequest } from './api.js';
import { errors } from './api.js';
import { editMessage, message } from './payloads.js';
import type { InteractionRecord } from './state.js';
import type { Json, StoredMessage } from './types.js';
import { ALLOWED_CALLBACKS, EMPTY_MESSAGE, choiceProblems, invalidFormBody, isEmptyMessage, isObject, messageProblems, modalProblems } from './validate.js';
import { pngSize } from '../png.js';

const EPHEMERAL = 64;
/** How long Discord remembers a nonce for enforce_nonce ("a few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;
const LOADING = 128;

function bodyOf(req: RouteRequest): Json {
  return isObject(req.body) ? req.body : {};
}

/** Validates a message body; undefined when Discord would accept it. */
function rejectMessage(body: Json, fileCount: number, prefix = '', allowEmpty = false): RouteReply | undefined {
  const problems = messageProblems(body, prefix);
  if (problems.length > 0) return invalidFormBody(problems);
  if (!allowEmpty && isEmptyMessage(body, fileCount)) return EMPTY_MESSAGE;
  return undefined;
}

/**
 * The uploaded files as the message's attachments. As on Discord, part `files[n]` is described by
 * the body's `attachments` entry whose id is n (its description is the alt text), and images get
 * their width and height.
 */
function attachments(req: RouteRequest, body: Json = {}): Json {
  if (req.files.length === 0) return {};
  const described = Array.isArray(body['attachments']) ? (body['attachments'] as Json[]) : [];
  return {
    attachments: req.files.map((f) => {
      const id = req.state.snowflakes.next();
      const index = /^files\[(\d+)\]$/.exec(f.field)?.[1];
      const description = described.find((a) => String(a['id']) === index)?.['description'];
      return {
        id,
        filename: f.name,
        size: f.size,
        content_type: f.contentType,
        ...(typeof description === 'string' ? { description } : {}),
        ...(f.contentType === 'image/png' ? pngSize(f.data) : {}),
        url: `http://127.0.0.1:${req.state.port}/attachments/${id}/${f.name}`,
        proxy_url: `http://127.0.0.1:${req.state.port}/attachments/${id}/${f.name}`,
      };
    }),
  };
}

function channelMessage(req: RouteRequest): StoredMessage | RouteReply {
  if (req.state.channel(req.params['channel'] ?? '') === undefined) return errors.unknownChannel;
  const stored = req.state.messagesById.get(req.params['message'] ?? '');
  return stored === undefined || stored.channel_id !== req.params['channel'] ? errors.unknownMessage : stored;
}

const isMessage = (value: StoredMessage | RouteReply): value is StoredMessage => 'id' in value;

export const channelRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/channels\/(?<channel>\d+)\/messages$/,
    handle: (req) => {
      const channelId = req.params['channel'] ?? '';
      if (req.state.channel(channelId) === undefined) return errors.unknownChannel;
      const body = bodyOf(req);
      const rejected = rejectMessage(body, req.files.length);
      if (rejected !== undefined) return rejected;
      // enforce_nonce: the same nonce again within a few minutes returns the message it created.
      const nonce =
        body['enforce_nonce'] === true && (typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number')
          ? `${channelId}:${String(body['nonce'])}`
          : undefined;
      const earlier = nonce === undefined ? undefined : req.state.nonces.get(nonce);
      const original = earlier !== undefined && Date.now() - earlier.at < NONCE_WINDOW_MS ? req.state.messagesById.get(earlier.id) : undefined;
      if (original !== undefined) return { status: 200, body: { ...structuredClone(original), nonce: body['nonce'] as Json } };
      const created = message(req.state.snowflakes.next(), channelId, req.state.botUser, body, attachments(req, body));
      if (nonce !== undefined) req.state.nonces.set(nonce, { id: created.id, at: Date.now() });
      // Discord returns the nonce on creation only; fetched messages do not carry it.
      return { status: 200, body: { ...req.state.storeMessage(created, true), ...(body['nonce'] === undefined ? {} : { nonce: body['nonce'] as Json }) } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/channels\/(?<channel>\d+)\/messages$/,
    handle: (req) => {
      const channelId = req.params['channel'] ?? '';
      if (req.state.channel(channelId) === undefined) return errors.unknownChannel;
      const limit = Math.min(Number(req.query['limit'] ?? 50), 100);
      const after = req.query['after'];
      // Newest first; `after` keeps those with a later snowflake.
      const listed = req.state.listMessages(channelId).filter((m) => after === undefined || BigInt(m.id) > BigInt(after));
      return { status: 200, body: listed.reverse().slice(0, limit) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/channels\/(?<channel>\d+)\/messages\/(?<message>\d+)$/,
    handle: (req) => ((found) => (isMessage(found) ? { status: 200, body: found } : found))(channelMessage(req)),
  },
  {
    method: 'PATCH',
    pattern: /^\/channels\/(?<channel>\d+)\/messages\/(?<message>\d+)$/,
    handle: (req) => {
      const found = channelMessage(req);
      if (!isMessage(found)) return found;
      const body = bodyOf(req);
      const rejected = rejectMessage(body, 0, '', true);
      return rejected ?? { status: 200, body: req.state.replaceMessage(editMessage(found, body)) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/channels\/(?<channel>\d+)\/messages\/(?<message>\d+)$/,
    handle: (req) => {
      const found = channelMessage(req);
      if (!isMessage(found)) return found;
      req.state.deleteMessage(found.id);
      return { status: 204 };
    },
  },
];

/** A message the interaction's webhook creates (a reply or a follow-up), stored and listed unless ephemeral. */
function interactionMessage(req: RouteRequest, record: InteractionRecord, data: Json, extraFlags = 0): StoredMessage {
  const flags = (typeof data['flags'] === 'number' ? data['flags'] : 0) | extraFlags;
  const created = message(
    req.state.snowflakes.next(),
    record.payload.channel_id,
    req.state.botUser,
    { ...data, flags },
    {
      ...attachments(req, data),
      webhook_id: req.state.applicationId,
      application_id: req.state.applicationId,
      interaction_metadata: {
        id: record.payload.id,
        type: record.payload.type,
        user: (record.payload['member'] as Json)['user'],
        authorizing_integration_owners: record.payload['authorizing_integration_owners'],
      },
    },
  );
  record.messageIds.add(created.id);
  return req.state.storeMessage(created, (flags & EPHEMERAL) === 0);
}

function callback(req: RouteRequest): RouteReply {
  const record = req.state.interactions.get(req.params['interaction'] ?? '');
  if (record === undefined || record.payload.token !== req.params['token']) return errors.unknownInteraction;
  if (record.callback !== undefined) return errors.alreadyAcknowledged;
  if ((record.answeredAt?.wall ?? Date.now()) - record.sentAt > req.state.interactionResponseWindowMs) return errors.unknownInteraction;
  const body = bodyOf(req);
  const type = body['type'];
  if (typeof type !== 'number' || !(ALLOWED_CALLBACKS[record.payload.type] ?? []).includes(type)) {
    return invalidFormBody([
      {
        path: 'type',
        code: 'INTERACTION_CALLBACK_TYPE_INVALID',
        message: `Callback type ${String(type)} is not valid for interaction type ${record.payload.type}`,
      },
    ]);
  }
  const data = isObject(body['data']) ? body['data'] : {};
  let rejected: RouteReply | undefined;
  if (type === 8) {
    const problems = choiceProblems(data);
    rejected = problems.length > 0 ? invalidFormBody(problems) : undefined;
  } else if (type === 9) {
    const problems = modalProblems(data);
    rejected = problems.length > 0 ? invalidFormBody(problems) : undefined;
  } else if (type === 4) rejected = rejectMessage(data, req.files.length, 'data.');
  else if (type === 7) rejected = rejectMessage(data, req.files.length, 'data.', true);
  if (rejected !== undefined) return rejected;

  let resource: StoredMessage | undefined;
  // A modal opens on the member's screen: nothing is posted, and the interaction's webhook stays unused.
  if (type === 9) record.modal = structuredClone(data);
  if (type === 4) resource = interactionMessage(req, record, data);
  else if (type === 5) resource = interactionMessage(req, record, { flags: data['flags'] }, LOADING);
  else if ((type === 6 || type === 7) && record.source !== undefined) {
    const source = req.state.messagesById.get(record.source.id) ?? record.source;
    resource = type === 7 ? req.state.replaceMessage({ ...editMessage(source, data), ...attachments(req, data) }) : source;
    record.messageIds.add(resource.id);
  }
  record.originalId = resource?.id;
  if (req.query['with_response'] !== 'true') return { status: 204 };
  const flags = typeof resource?.['flags'] === 'number' ? resource['flags'] : 0;
  return {
    status: 200,
    body: {
      interaction: {
        id: record.payload.id,
        type: record.payload.type,
        activity_instance_id: null,
        response_message_id: resource?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: (flags & EPHEMERAL) !== 0,
      },
      resource: { type, ...(resource === undefined ? {} : { message: resource }) },
    },
  };
}

function webhookInteraction(req: RouteRequest): InteractionRecord | undefined {
  const record = req.state.interactionsByToken.get(req.params['token'] ?? '');
  // A token only becomes a webhook once the interaction was acknowledged.
  return record !== undefined && req.params['app'] === req.state.applicationId && record.callback !== undefined ? record : undefined;
}

function webhookMessage(req: RouteRequest): [InteractionRecord, StoredMessage] | RouteReply {
  const record = webhookInteraction(req);
  if (record === undefined) return errors.unknownWebhook;
  const id = req.params['message'] === '@original' ? record.originalId : req.params['message'];
  const stored = id === undefined || !record.messageIds.has(id) ? undefined : req.state.messagesById.get(id);
  return stored === undefined ? errors.unknownMessage : [record, stored];
}

const WEBHOOK_MESSAGE = /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)\/messages\/(?<message>@original|\d+)$/;

export const interactionRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/interactions\/(?<interaction>\d+)\/(?<token>[^/]+)\/callback$/,
    auth: false,
    limited: false,
    handle: callback,
    accepted: (req, recorded) => {
      const record = req.state.interactions.get(req.params['interaction'] ?? '');
      if (record === undefined) return;
      record.callback = recorded;
      req.state.events.emit('callback', recorded, record);
    },
  },
  {
    method: 'POST',
    pattern: /^\/webhooks\/(?<app>\d+)\/(?<token>[^/]+)$/,
    auth: false,
    handle: (req) => {
      const record = webhookInteraction(req);
      if (record === undefined) return errors.unknownWebhook;
      const body = bodyOf(req);
      const rejected = rejectMessage(body, req.files.length);
      if (rejected !== undefined) return rejected;
      const created = interactionMessage(req, record, body);
      return req.query['wait'] === 'true' ? { status: 200, body: created } : { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: WEBHOOK_MESSAGE,
    auth: false,
    handle: (req) => ((found) => (Array.isArray(found) ? { status: 200, body: found[1] } : found))(webhookMessage(req)),
  },
  {
    method: 'PATCH',
    pattern: WEBHOOK_MESSAGE,
    auth: false,
    handle: (req) => {
      const found = webhookMessage(req);
      if (!Array.isArray(found)) return found;
      const body = bodyOf(req);
      const rejected = rejectMessage(body, 0, '', true);
      if (rejected !== undefined) return rejected;
      // New files replace the message's attachments, as `attachments` in an edit does on Discord.
      const edited = { ...editMessage(found[1], body), ...attachments(req, body) };
      // Editing a deferred ("thinking") reply turns it into a real message.
      edited['flags'] = (typeof edited['flags'] === 'number' ? edited['flags'] : 0) & ~LOADING;
      return { status: 200, body: req.state.replaceMessage(edited) };
    },
  },
  {
    method: 'DELETE',
    pattern: WEBHOOK_MESSAGE,
    auth: false,
    handle: (req) => {
      const found = webhookMessage(req);
      if (!Array.isArray(found)) return found;
      req.state.deleteMessage(found[1].id);
      found[0].messageIds.delete(found[1].id);
      return { status: 204 };
    },
  },
];
