import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/command-loader.js';
import { fetchApplicationId, syncCommands } from '../../src/platforms/discord/command-sync.js';
import { sameCommands, toDiscordCommand, type RegisteredCommand } from '../../src/platforms/discord/discord.commands.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';

/**
 * Discord allows 200 command creates a day: a restart (or every replica
 * starting) must recognise the commands registered last time, as Discord's
 * REST API hands them back, and only write when they changed.
 */
let fake: FakeDiscord;
let rest: REST;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  rest = new REST({ api: fake.apiUrl }).setToken('fake-token');
});

afterAll(async () => {
  await fake?.close();
});

const puts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands')).length;

describe('GIVEN the commands are registered on Discord', () => {
  it('THEN a second sync writes nothing, and a changed description, option or permission is written', async () => {
    const wanted = (await loadCommands()).list().map(toDiscordCommand);
    const scope = { applicationId: await fetchApplicationId(rest) };
    expect(scope.applicationId).toBe(fake.applicationId);
    expect(await syncCommands(rest, scope, wanted)).toBe('updated');
    expect(await syncCommands(rest, scope, wanted)).toBe('unchanged');
    expect(puts()).toBe(1);

    const registered = fake.commands() as unknown as RegisteredCommand[];
    expect(sameCommands(registered, wanted)).toBe(true);
    const lesson = wanted.findIndex((c) => c.name === 'lesson');
    const renamed = wanted.map((c, i) => (i === lesson ? { ...c, description: 'Read a lesson' } : c));
    expect(sameCommands(registered, renamed)).toBe(false);
    const required = wanted.map((c, i) => (i === lesson ? { ...c, options: c.options?.map((o) => ({ ...o, required: true })) } : c));
    expect(sameCommands(registered, required)).toBe(false);
    const everyone = wanted.map((c) => ({ ...c, default_member_permissions: null }));
    expect(sameCommands(registered, everyone)).toBe(false);
    expect(await syncCommands(rest, scope, renamed)).toBe('updated');
    expect(fake.commands().find((c) => c['name'] === 'lesson')).toMatchObject({ description: 'Read a lesson' });
  });

  it('THEN an admin command keeps Manage Server and the server-only context through the round trip', () => {
    const fetched = fake.commands();
    expect(fetched.find((c) => c['name'] === 'quiz-setup')).toMatchObject({ default_member_permissions: '32', contexts: [0] });
    expect(fetched.find((c) => c['name'] === 'lesson')).toMatchObject({ default_member_permissions: null });
  });
});
