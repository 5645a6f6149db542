import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
} from 'discord.js';
import type { Interaction, TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { FakeDiscordOptions } from '../fakes/discord/fake-discord.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';

let fake: FakeDiscord | undefined;
const clients: Client[] = [];

async function startFake(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  fake = await FakeDiscord.start(options);
  return fake;
}

function newClient(server: FakeDiscord): Client {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiUrl } });
  clients.push(client);
  return client;
}

/** A real discord.js client, logged in to the fake and ready (guilds cached). */
async function connect(server: FakeDiscord): Promise<Client<true>> {
  const client = newClient(server);
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token');
  await ready;
  if (!client.isReady()) throw new Error('client not ready');
  return client;
}

/** Routes every interaction to `handler`, reporting handler failures instead of losing them. */
function onInteraction(client: Client, handler: (interaction: Interaction) => Promise<unknown>): unknown[] {
  const failures: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => failures.push(error));
  });
  return failures;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function bodyOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new Error(`not an object: ${String(value)}`);
  return value as Record<string, unknown>;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await fake?.close();
  fake = undefined;
});

describe('GIVEN FakeDiscord driven by a real discord.js client', () => {
  it('WHEN it logs in THEN it goes through gateway/bot, IDENTIFY, READY and a GUILD_CREATE per guild', async () => {
    const server = await startFake();
    const client = await connect(server);

    expect(client.user.id).toBe(server.botUserId);
    expect(client.application.id).toBe(server.applicationId);
    const guild = client.guilds.cache.get(GUILD);
    expect(guild?.name).toBe('Study Group');
    expect(guild?.channels.cache.get(CHANNEL)?.name).toBe('study');
    expect(server.identifyCount).toBe(1);
    expect(server.sessions).toBe(1);
    expect(server.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v10/gateway/bot']);
    expect(server.requests[0]?.headers['authorization']).toBe('Bot fake-token');
  });

  it('WHEN global and guild commands are registered THEN they are stored, keeping ids on a second bulk overwrite', async () => {
    const server = await startFake();
    const client = await connect(server);
    const definitions = [
      { name: 'lesson', description: 'Open a lesson', options: [{ name: 'id', description: 'Lesson id', type: 3, autocomplete: true }] },
      { name: 'quiz-now', description: 'Post a quiz now' },
    ];

    const created = await client.application.commands.set(definitions);
    await client.application.commands.set([{ name: 'admin', description: 'Admin only', defaultMemberPermissions: '32' }], GUILD);

    expect(created.size).toBe(2);
    const global = server.commands();
    expect(global.map((c) => c['name'])).toEqual(['lesson', 'quiz-now']);
    expect(global[0]).toMatchObject({ application_id: server.applicationId, type: 1, description: 'Open a lesson' });
    expect(server.commands({ guildId: GUILD })).toMatchObject([{ name: 'admin', guild_id: GUILD, default_member_permissions: '32' }]);

    await client.application.commands.set(definitions);
    expect(server.commands().map((c) => c['id'])).toEqual(global.map((c) => c['id']));
    expect((await client.application.commands.fetch()).size).toBe(2);
  });

  it('WHEN a command Discord would reject (upper-case name) is registered THEN it is rejected with 50035', async () => {
    const server = await startFake();
    const client = await connect(server);
    const error = await client.application.commands.set([{ name: 'Lesson', description: 'x' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it('WHEN a slash command is injected THEN the ephemeral reply is recorded, and options and resolved channels arrive', async () => {
    const server = await startFake();
    const client = await connect(server);
    await client.application.commands.set([{ name: 'lesson', description: 'Open a lesson' }]);
    const seen: Array<{ id: string | null; channel: string | undefined; admin: boolean | undefined; commandId: string }> = [];
    const failures = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push({
        id: interaction.options.getString('id'),
        channel: interaction.options.getChannel('where')?.name ?? undefined,
        admin: interaction.memberPermissions?.has('ManageGuild'),
        commandId: interaction.commandId,
      });
      await interaction.reply({ content: 'hi', flags: MessageFlags.Ephemeral });
    });

    const result = await server.inject(
      server.chatInput('lesson', [
        { name: 'id', type: 3, value: '1.1' },
        { name: 'where', type: 7, value: CHANNEL },
      ]),
    );

    expect(failures).toEqual([]);
    expect(seen).toEqual([{ id: '1.1', channel: 'study', admin: false, commandId: server.commands()[0]?.['id'] }]);
    expect(result.callback.status).toBe(204);
    expect(result.callback.query).toEqual({ with_response: 'false' });
    expect(result.callback.headers['authorization']).toBeUndefined();
    expect(result.callback.body).toMatchObject({ type: 4, data: { content: 'hi', flags: 64 } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.messages(CHANNEL)).toEqual([]); // ephemeral replies are not in the channel history
  });

  it('WHEN an admin runs a command THEN they are marked with Manage Server, and with_response=true is answered with the message', async () => {
    const server = await startFake();
    const client = await connect(server);
    const admins: boolean[] = [];
    const failures = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      admins.push(interaction.memberPermissions?.has('ManageGuild') ?? false);
      const response = await interaction.reply({ content: 'posted', withResponse: true });
      admins.push(response.resource?.message?.content === 'posted');
    });

    const result = await server.inject(server.chatInput('quiz-now', [], { admin: true, userId: '400000000000000009', username: 'grace' }));

    await until(() => admins.length === 2);
    expect(failures).toEqual([]);
    expect(admins).toEqual([true, true]);
    expect(result.callback.status).toBe(200);
    expect(bodyOf(result.callback.response)['resource']).toMatchObject({ type: 4, message: { content: 'posted' } });
    expect(server.messages(CHANNEL).map((m) => m['content'])).toEqual(['posted']);
  });

  it('WHEN autocomplete is answered with respond() THEN it arrives as a type 8 callback', async () => {
    const server = await startFake();
    const client = await connect(server);
    const failures = onInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      await interaction.respond([{ name: `Lesson ${focused.value}`, value: focused.value }]);
    });

    const result = await server.inject(server.autocomplete('lesson', { name: 'id', value: '17' }));

    expect(failures).toEqual([]);
    expect(result.callback.body).toEqual({ type: 8, data: { choices: [{ name: 'Lesson 17', value: '17' }] } });
  });

  it('WHEN a button on a message posted to a channel is clicked THEN the click is answered with update() (type 7)', async () => {
    const server = await startFake();
    const client = await connect(server);
    const channel = await client.channels.fetch(CHANNEL);
    if (channel?.type !== ChannelType.GuildText) throw new Error('expected a text channel');
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('v1:quiz:answer:A').setLabel('A').setStyle(ButtonStyle.Primary),
    );
    const sent = await (channel as TextChannel).send({ content: 'Question 1', components: [row], allowedMentions: { parse: [] } });

    const stored = server.messages(CHANNEL);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: sent.id, content: 'Question 1', author: { id: server.botUserId, bot: true, username: 'studybot' } });
    expect(bodyOf(server.requests.at(-1)?.body)['allowed_mentions']).toEqual({ parse: [] });

    const failures = onInteraction(client, async (interaction) => {
      if (!interaction.isButton()) return;
      expect(interaction.message.content).toBe('Question 1');
      await interaction.update({ content: `Answered ${interaction.customId}`, components: [] });
    });
    const result = await server.inject(server.button('v1:quiz:answer:A', { id: sent.id, channel_id: CHANNEL }));

    expect(failures).toEqual([]);
    expect(result.callback.body).toMatchObject({ type: 7, data: { content: 'Answered v1:quiz:answer:A', components: [] } });
    expect(server.messages(CHANNEL)[0]).toMatchObject({ id: sent.id, content: 'Answered v1:quiz:answer:A', components: [] });
  });

  it('WHEN the bot uses deferReply, editReply (@original) and followUp THEN they work through the interaction webhook', async () => {
    const server = await startFake();
    const client = await connect(server);
    const failures = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'done' });
      await interaction.followUp({ content: 'and one more', flags: MessageFlags.Ephemeral });
    });

    const result = await server.inject(server.chatInput('review'));
    expect(result.callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const post = await result.waitForFollowUp((r) => r.method === 'POST');

    expect(failures).toEqual([]);
    expect(result.followUps().map((r) => `${r.method} ${r.path.split('/').at(-1)} ${r.status}`)).toEqual([
      'PATCH @original 200',
      `POST ${result.interaction.token} 200`,
    ]);
    expect(post.query).toEqual({ wait: 'true' });
    expect(bodyOf(post.response)).toMatchObject({ content: 'and one more', flags: 64 });
  });

  it('WHEN a reply is over 2000 characters THEN it is rejected with 50035, as Discord does', async () => {
    const server = await startFake();
    const client = await connect(server);
    const failures = onInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({ content: 'x'.repeat(2001) });
    });

    const error = await server.inject(server.chatInput('lesson'), { timeoutMs: 500 }).catch((e: unknown) => e);

    expect(String(error)).toMatch(/no accepted callback .*\/lesson.*callback → 400 .*Must be 2000 or fewer/);
    await until(() => failures.length === 1);
    expect((failures[0] as DiscordAPIError).code).toBe(50035);
  });

  it('WHEN two gateway sessions answer the same interaction THEN the slower gets 40060 "already acknowledged"', async () => {
    const server = await startFake();
    const first = await connect(server);
    const second = await connect(server);
    expect(server.sessions).toBe(2);
    const outcomes: string[] = [];
    for (const client of [first, second]) {
      onInteraction(client, async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply({ content: 'hi' }).then(
          () => outcomes.push('ok'),
          (error: unknown) => outcomes.push(error instanceof DiscordAPIError ? `${error.code}` : String(error)),
        );
      });
    }

    const result = await server.inject(server.chatInput('lesson'));
    await until(() => outcomes.length === 2);

    expect(outcomes.sort()).toEqual(['40060', 'ok']);
    expect(result.callback.status).toBe(204);
    const callbacks = server.requests.filter((r) => r.path.endsWith('/callback'));
    expect(callbacks.map((r) => r.status).sort()).toEqual([204, 400]);
    expect(callbacks.find((r) => r.status === 400)?.response).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
  });

  it('WHEN connections drop or op 7 is sent THEN discord.js resumes and interactions are still delivered', async () => {
    const server = await startFake();
    const client = await connect(server);
    const failures = onInteraction(client, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'still here' });
    });

    server.dropConnections();
    await until(() => server.resumeCount === 1 && server.sessions === 1);
    const afterDrop = await server.inject(server.chatInput('lesson'));

    server.sendReconnect();
    await until(() => server.resumeCount === 2 && server.sessions === 1);
    const afterReconnect = await server.inject(server.chatInput('lesson'));

    expect(failures).toEqual([]);
    expect(server.identifyCount).toBe(1);
    expect(afterDrop.callback.body).toMatchObject({ type: 4, data: { content: 'still here' } });
    expect(afterReconnect.callback.status).toBe(204);
    expect(server.gatewayFrames.filter((f) => f.t === 'RESUMED')).toHaveLength(2);
  });

  it('WHEN heartbeats come at a short interval THEN they are acknowledged', async () => {
    const server = await startFake({ heartbeatIntervalMs: 100 });
    const client = await connect(server);
    await until(() => server.gatewayFrames.filter((f) => f.direction === 'in' && f.op === 1).length >= 2);
    await until(() => client.ws.ping >= 0);
    expect(server.gatewayFrames.some((f) => f.direction === 'out' && f.op === 11)).toBe(true);
  });

  it('WHEN the token is wrong THEN it is refused: 401 on gateway/bot (login rejects) and 4004 on IDENTIFY', async () => {
    const server = await startFake();
    const client = newClient(server);
    await expect(client.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(server.requests[0]).toMatchObject({ path: '/api/v10/gateway/bot', status: 401, response: { message: '401: Unauthorized', code: 0 } });

    const socket = new WebSocket(`${server.gatewayUrl}?v=10&encoding=json`);
    const [hello] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(hello.toString())).toEqual({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    socket.send(JSON.stringify({ op: 2, d: { token: 'wrong-token', intents: 1, properties: {} } }));
    const [code, reason] = (await once(socket, 'close')) as [number, Buffer];
    expect([code, reason.toString()]).toEqual([4004, 'Authentication failed.']);
  });

  it('WHEN a route, channel or session is unknown THEN the answer is the one Discord gives', async () => {
    const server = await startFake();
    const client = await connect(server);
    const unknownChannel = await client.rest.post(Routes.channelMessages('999'), { body: { content: 'x' } }).catch((e: unknown) => e);
    expect(unknownChannel).toMatchObject({ code: 10003, status: 404 });
    const unknownRoute = await client.rest.get('/nothing/here' as `/${string}`).catch((e: unknown) => e);
    expect(unknownRoute).toMatchObject({ status: 404 });
    expect(server.requests.at(-1)).toMatchObject({ path: '/api/v10/nothing/here', status: 404, response: { message: '404: Not Found', code: 0 } });

    const socket = new WebSocket(`${server.gatewayUrl}?v=10&encoding=json`);
    await once(socket, 'message');
    socket.send(JSON.stringify({ op: 6, d: { token: 'fake-token', session_id: 'nope', seq: 3 } }));
    const [invalid] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(invalid.toString())).toMatchObject({ op: 9, d: false });
    socket.close();
  });

  it('WHEN requests go over the rate limit THEN they get 429 with retry-after and x-ratelimit headers, and discord.js waits and retries', async () => {
    const server = await startFake({ rateLimit: { perSecond: 2 } });
    const url = `${server.apiUrl}/v10/channels/${CHANNEL}`;
    const headers = { authorization: 'Bot fake-token' };
    const responses = await Promise.all([1, 2, 3].map(() => fetch(url, { headers })));
    const limited = responses.find((r) => r.status === 429);

    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited?.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(server.rateLimited).toBe(1);

    const client = await connect(server);
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    await Promise.all([1, 2, 3].map((n) => channel.send(`message ${n}`)));
    expect(
      server
        .messages(CHANNEL)
        .map((m) => m['content'])
        .sort(),
    ).toEqual(['message 1', 'message 2', 'message 3']);
    // discord.js read the x-ratelimit headers and paced itself: no further 429.
    expect(server.rateLimited).toBe(1);
  });

  it('WHEN requests across channels go over the global limit THEN they are limited, flagged global, and interaction callbacks are left alone', async () => {
    const server = await startFake({ rateLimit: { globalPerSecond: 3 } });
    const headers = { authorization: 'Bot fake-token' };
    const responses = await Promise.all([1, 2, 3, 4].map(() => fetch(`${server.apiUrl}/v10/channels/${CHANNEL}`, { headers })));
    const limited = responses.filter((r) => r.status === 429);

    expect(limited).toHaveLength(1);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(await limited[0]!.json()).toMatchObject({ global: true });
    expect(server.globalRateLimited).toBe(1);

    const client = await connect(server);
    client.on('interactionCreate', (interaction) => void (interaction.isChatInputCommand() && interaction.reply('pong')));
    // The window is full, yet the callback goes through: Discord exempts interaction responses from the global limit.
    await Promise.all([1, 2, 3].map(() => fetch(`${server.apiUrl}/v10/channels/${CHANNEL}`, { headers })));
    const result = await server.inject(server.chatInput('ping'));
    expect(result.callback.status).toBe(204);
    expect(result.callback.body).toMatchObject({ type: 4, data: { content: 'pong' } });
  });

  it('GIVEN a button click WHEN the bot answers with a modal (type 9) THEN it is validated like Discord, and the MODAL_SUBMIT carries the values and the source message', async () => {
    const server = await startFake();
    const client = await connect(server);
    const modal = (inputLabel?: string, title = 'Report this question') => ({
      custom_id: 'v1:quiz:report-form:17.3:0a1b2c3d4e',
      title,
      components: [
        {
          type: 18,
          label: 'What is wrong?',
          component: { type: 4, custom_id: 'note', style: 2, required: false, max_length: 300, ...(inputLabel ? { label: inputLabel } : {}) },
        },
      ],
    });
    let next = modal();
    const submitted: Array<{ customId: string; note: string; messageId: string | undefined }> = [];
    const failures = onInteraction(client, async (interaction) => {
      if (interaction.isButton()) await interaction.showModal({ toJSON: () => next } as never);
      if (interaction.isModalSubmit()) {
        submitted.push({ customId: interaction.customId, note: interaction.fields.getTextInputValue('note'), messageId: interaction.message?.id });
        // discord.js offers no showModal here, because Discord refuses it: ask anyway, then reply.
        const body = { type: 9, data: modal() };
        await client.rest
          .post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false })
          .catch(() => interaction.reply({ content: 'Thanks', flags: MessageFlags.Ephemeral }));
      }
    });
    const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
    const sent = await channel.send({ content: 'Feedback', allowedMentions: { parse: [] } });

    const opened = await server.inject(server.button('v1:quiz:report:17.3:0a1b2c3d4e', { id: sent.id, channel_id: CHANNEL }));
    expect(opened.callback.body).toEqual({ type: 9, data: modal() });
    expect(opened.modal()).toEqual(modal());
    expect(() => server.modalSubmit(opened, { note: 'x'.repeat(301) })).toThrow(/at most 300 characters/);
    expect(() => server.modalSubmit(opened, { other: 'x' })).toThrow(/no text input "other"/);
    const result = await server.inject(server.modalSubmit(opened, { note: 'B is right too' }));
    expect(submitted).toEqual([{ customId: 'v1:quiz:report-form:17.3:0a1b2c3d4e', note: 'B is right too', messageId: sent.id }]);
    // A modal cannot answer a modal submit (the bot's attempt got 400): it replied instead.
    expect(result.callback.body).toMatchObject({ type: 4, data: { content: 'Thanks' } });
    expect(server.requests.some((r) => r.status === 400 && JSON.stringify(r.response).includes('INTERACTION_CALLBACK_TYPE_INVALID'))).toBe(true);
    expect(() => server.modalSubmit(opened, {})).toThrow(/already sent/);

    // What Discord refuses: a 46-character title (the spec), a label on a text input inside a Label (the docs).
    for (const [bad, problem] of [
      [modal(undefined, 'T'.repeat(46)), { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 45 or fewer in length.' }] } }],
      [
        modal('Note'),
        {
          components: {
            0: { component: { label: { _errors: [{ code: 'COMPONENT_LABEL_INVALID', message: 'A text input in a label component cannot have a label' }] } } },
          },
        },
      ],
    ] as const) {
      next = bad;
      await expect(server.inject(server.button('v1:quiz:report:17.3:0a1b2c3d4e', { id: sent.id, channel_id: CHANNEL }), { timeoutMs: 500 })).rejects.toThrow(
        /no accepted callback/,
      );
      expect(server.requests.findLast((r) => r.path.endsWith('/callback'))?.response).toEqual({
        message: 'Invalid Form Body',
        code: 50035,
        errors: { data: problem },
      });
    }
    await until(() => failures.length === 2);
  });

  it('WHEN inject times out THEN the error explains the unanswered interaction', async () => {
    const server = await startFake();
    await connect(server);
    await expect(server.inject(server.button('v1:lesson:next:1'), { timeoutMs: 200 })).rejects.toThrow(
      /no accepted callback for interaction \d+ \(button v1:lesson:next:1\) within 200 ms; 1 live gateway session\(s\)\. REST requests since it was sent: \(none\)/,
    );
  });
});

describe('GIVEN FakeDiscord delivering an interaction to an Interactions Endpoint URL', () => {
  /** An endpoint that answers every interaction with a message after `delayMs`. */
  async function endpointAnsweringAfter(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 4, data: { content: 'hi' } })), delayMs),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it("WHEN the answer comes inside Discord's window THEN it is the callback, timed at its arrival", async () => {
    const server = await startFake({ interactionResponseWindowMs: 1_000 });
    const endpoint = await endpointAnsweringAfter(300);
    try {
      server.useInteractionsEndpoint([endpoint.url]);
      const result = await server.inject(server.chatInput('lesson', [], { guildId: GUILD, channelId: CHANNEL }), { timeoutMs: 5_000 });
      expect(result.callback.body).toMatchObject({ type: 4, data: { content: 'hi' } });
      expect(result.latencyMs).toBeGreaterThanOrEqual(300);
      expect(result.latencyMs).toBeLessThan(1_000);
    } finally {
      await endpoint.close();
    }
  });

  it("WHEN the answer comes after Discord's window THEN it is refused, as Discord refuses it", async () => {
    const server = await startFake({ interactionResponseWindowMs: 500 });
    const endpoint = await endpointAnsweringAfter(800);
    try {
      server.useInteractionsEndpoint([endpoint.url]);
      await expect(server.inject(server.chatInput('lesson', [], { guildId: GUILD, channelId: CHANNEL }), { timeoutMs: 2_000 })).rejects.toThrow(
        /no accepted callback/,
      );
    } finally {
      await endpoint.close();
    }
  });
});
