/** Application command routes (global and guild scope) and the simple read routes. */
import { GUILD_OWNER_ID, guild as guildPayload, channel as channelPayload, member } from './payloads.js';
import type { Route, RouteReply, RouteRequest } from './api.js';
import { apiError, errors } from './api.js';
import type { Json } from './types.js';
import { commandProblems, invalidFormBody, isObject } from './validate.js';
import type { Problem } from './validate.js';

function scopeCheck(req: RouteRequest): RouteReply | undefined {
  if (req.params['app'] !== req.state.applicationId) return errors.missingAccess;
  const guildId = req.params['guild'];
  if (guildId !== undefined && req.state.guild(guildId) === undefined) return errors.missingAccess;
  return undefined;
}

function normalize(req: RouteRequest, body: Json, previous: Json | undefined): Json {
  const guildId = req.params['guild'];
  const type = typeof body['type'] === 'number' ? body['type'] : 1;
  return {
    id: previous?.['id'] ?? req.state.snowflakes.next(),
    application_id: req.state.applicationId,
    version: req.state.snowflakes.next(),
    type,
    name: body['name'],
    name_localizations: body['name_localizations'] ?? null,
    description: typeof body['description'] === 'string' ? body['description'] : '',
    description_localizations: body['description_localizations'] ?? null,
    ...(Array.isArray(body['options']) && body['options'].length > 0 ? { options: body['options'] } : {}),
    default_member_permissions: body['default_member_permissions'] ?? null,
    dm_permission: guildId === undefined ? body['dm_permission'] !== false : undefined,
    contexts: body['contexts'] ?? null,
    integration_types: body['integration_types'] ?? [0],
    nsfw: body['nsfw'] === true,
    ...(guildId === undefined ? {} : { guild_id: guildId }),
  };
}

const sameCommand = (a: Json, b: Json): boolean => a['name'] === b['name'] && (a['type'] ?? 1) === (b['type'] ?? 1);

function current(req: RouteRequest): Json[] {
  return req.state.commands.get(req.state.scopeKey(req.params['guild'])) ?? [];
}

function save(req: RouteRequest, commands: Json[]): void {
  req.state.commands.set(req.state.scopeKey(req.params['guild']), commands);
}

function findCommand(req: RouteRequest): Json | undefined {
  return current(req).find((c) => c['id'] === req.params['command']);
}

const COMMANDS = /^\/applications\/(?<app>\d+)(?:\/guilds\/(?<guild>\d+))?\/commands$/;
const COMMAND = /^\/applications\/(?<app>\d+)(?:\/guilds\/(?<guild>\d+))?\/commands\/(?<command>\d+)$/;

export const commandRoutes: Route[] = [
  {
    method: 'GET',
    pattern: COMMANDS,
    handle: (req) => scopeCheck(req) ?? { status: 200, body: current(req) },
  },
  {
    method: 'PUT',
    pattern: COMMANDS,
    handle: (req) => {
      const denied = scopeCheck(req);
      if (denied !== undefined) return denied;
      if (!Array.isArray(req.body)) return invalidFormBody([{ path: '_root', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
      const problems: Problem[] = req.body.flatMap((c, i) => commandProblems(c, String(i)));
      const bodies = req.body.filter(isObject);
      bodies.forEach((c, i) => {
        if (bodies.findIndex((other) => sameCommand(other, c)) !== i) {
          problems.push({ path: String(i), code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
        }
      });
      if (bodies.filter((c) => (c['type'] ?? 1) === 1).length > 100)
        problems.push({ path: '_root', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
      if (problems.length > 0) return invalidFormBody(problems);
      const before = current(req);
      const next = bodies.map((c) =>
        normalize(
          req,
          c,
          before.find((p) => sameCommand(p, c)),
        ),
      );
      save(req, next);
      return { status: 200, body: next };
    },
  },
  {
    method: 'POST',
    pattern: COMMANDS,
    handle: (req) => {
      const denied = scopeCheck(req);
      if (denied !== undefined) return denied;
      const problems = commandProblems(req.body, '_root');
      if (problems.length > 0 || !isObject(req.body)) return invalidFormBody(problems);
      const body = req.body;
      const before = current(req);
      const previous = before.find((p) => sameCommand(p, body));
      const command = normalize(req, body, previous);
      save(req, previous === undefined ? [...before, command] : before.map((c) => (c === previous ? command : c)));
      return { status: previous === undefined ? 201 : 200, body: command };
    },
  },
  {
    method: 'GET',
    pattern: COMMAND,
    handle: (req) => scopeCheck(req) ?? ((command) => (command === undefined ? errors.unknownCommand : { status: 200, body: command }))(findCommand(req)),
  },
  {
    method: 'PATCH',
    pattern: COMMAND,
    handle: (req) => {
      const denied = scopeCheck(req);
      if (denied !== undefined) return denied;
      const previous = findCommand(req);
      if (previous === undefined) return errors.unknownCommand;
      const merged = { ...previous, ...(isObject(req.body) ? req.body : {}) };
      const problems = commandProblems(merged, '_root');
      if (problems.length > 0) return invalidFormBody(problems);
      const command = normalize(req, merged, previous);
      save(
        req,
        current(req).map((c) => (c === previous ? command : c)),
      );
      return { status: 200, body: command };
    },
  },
  {
    method: 'DELETE',
    pattern: COMMAND,
    handle: (req) => {
      const denied = scopeCheck(req);
      if (denied !== undefined) return denied;
      const previous = findCommand(req);
      if (previous === undefined) return errors.unknownCommand;
      save(
        req,
        current(req).filter((c) => c !== previous),
      );
      return { status: 204 };
    },
  },
];

export const readRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/gateway\/bot$/,
    handle: (req) => ({
      status: 200,
      body: {
        url: req.state.gatewayUrl,
        shards: req.state.shards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: req.state.maxConcurrency },
      },
    }),
  },
  { method: 'GET', pattern: /^\/gateway$/, auth: false, handle: (req) => ({ status: 200, body: { url: req.state.gatewayUrl } }) },
  { method: 'GET', pattern: /^\/users\/@me$/, handle: (req) => ({ status: 200, body: req.state.botUser }) },
  {
    method: 'GET',
    pattern: /^\/applications\/@me$/,
    handle: (req) => ({
      status: 200,
      body: {
        id: req.state.applicationId,
        name: 'studybot',
        icon: null,
        description: '',
        bot_public: false,
        bot_require_code_grant: false,
        flags: 0,
        bot: req.state.botUser,
        verify_key: '0'.repeat(64),
        team: null,
      },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/channels\/(?<channel>\d+)$/,
    handle: (req) => {
      const found = req.state.channel(req.params['channel'] ?? '');
      return found === undefined ? errors.unknownChannel : { status: 200, body: channelPayload(found.channel, found.guild.id, found.position) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/guilds\/(?<guild>\d+)$/,
    handle: (req) => {
      const found = req.state.guild(req.params['guild'] ?? '');
      return found === undefined ? apiError(404, 'Unknown Guild', 10004) : { status: 200, body: guildPayload(found, GUILD_OWNER_ID) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/guilds\/(?<guild>\d+)\/members\/(?<user>\d+)$/,
    handle: (req) => {
      const found = req.state.guild(req.params['guild'] ?? '');
      if (found === undefined) return apiError(404, 'Unknown Guild', 10004);
      // The fake's servers have two known members: the owner and the bot (no roles beyond @everyone).
      if (req.params['user'] === req.state.botUserId) return { status: 200, body: member(req.state.botUser) };
      return apiError(404, 'Unknown Member', 10007);
    },
  },
  {
    method: 'GET',
    pattern: /^\/guilds\/(?<guild>\d+)\/channels$/,
    handle: (req) => {
      const found = req.state.guild(req.params['guild'] ?? '');
      return found === undefined ? apiError(404, 'Unknown Guild', 10004) : { status: 200, body: found.channels.map((c, i) => channelPayload(c, found.id, i)) };
    },
  },
];
