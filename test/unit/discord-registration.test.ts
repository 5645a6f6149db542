import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/command-loader.js';
import { registeredCommand, sameCommands, toDiscordCommand } from '../../src/platforms/discord/discord.commands.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';

/**
 * Discord allows 200 command creates a day: a restart must recognise the
 * commands it registered last time, as discord.js hands them back.
 */
let fake: FakeDiscord;
let client: Client;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token');
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('GIVEN the commands are registered on Discord', () => {
  it('THEN fetched back through discord.js they are the same, and a changed description or option is not', async () => {
    const wanted = (await loadCommands()).list().map(toDiscordCommand);
    await client.application!.commands.set(wanted);
    const registered = [...(await client.application!.commands.fetch({})).values()].map(registeredCommand);

    expect(sameCommands(registered, wanted)).toBe(true);
    const lesson = wanted.findIndex((c) => c.name === 'lesson');
    const renamed = wanted.map((c, i) => (i === lesson ? { ...c, description: 'Read a lesson' } : c));
    expect(sameCommands(registered, renamed)).toBe(false);
    const required = wanted.map((c, i) => (i === lesson ? { ...c, options: c.options?.map((o) => ({ ...o, required: true })) } : c));
    expect(sameCommands(registered, required)).toBe(false);
    const everyone = wanted.map((c) => ({ ...c, default_member_permissions: null }));
    expect(sameCommands(registered, everyone)).toBe(false);
  });

  it('THEN an admin command keeps Manage Server and the server-only context through the round trip', async () => {
    const fetched = [...(await client.application!.commands.fetch({})).values()].map(registeredCommand);
    expect(fetched.find((c) => c.name === 'quiz-setup')).toMatchObject({ default_member_permissions: '32', contexts: [0] });
    expect(fetched.find((c) => c.name === 'lesson')).toMatchObject({ default_member_permissions: null });
  });
});
