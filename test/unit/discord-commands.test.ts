import { ApplicationCommandOptionType } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/command-loader.js';
import type { CommandRegistry } from '../../src/core/registry.js';
import { sameCommands, toDiscordCommand } from '../../src/platforms/discord/discord.commands.js';

let registry: CommandRegistry;
beforeAll(async () => {
  registry = await loadCommands();
});
const json = (name: string) => toDiscordCommand(registry.get(name)!);

describe('Discord command registration', () => {
  it('GIVEN /lesson THEN a string option with autocomplete and a boolean, usable by everyone, in servers only', () => {
    expect(json('lesson')).toMatchObject({
      name: 'lesson',
      default_member_permissions: null,
      contexts: [0],
      options: [
        { type: ApplicationCommandOptionType.String, name: 'topic', autocomplete: true, required: false },
        { type: ApplicationCommandOptionType.Boolean, name: 'share' },
      ],
    });
  });

  it('GIVEN admin commands THEN Manage Server by default (still checked at run time)', () => {
    for (const name of ['quiz-setup', 'quiz-now']) expect(json(name).default_member_permissions).toBe('32');
    expect(json('quiz-setup').options!.find((o) => o.name === 'channel')!.type).toBe(ApplicationCommandOptionType.Channel);
  });

  it('GIVEN /team THEN subcommands with their options', () => {
    const team = json('team');
    expect(team.options!.map((o) => [o.type, o.name])).toEqual([
      [ApplicationCommandOptionType.Subcommand, 'list'],
      [ApplicationCommandOptionType.Subcommand, 'join'],
      [ApplicationCommandOptionType.Subcommand, 'leave'],
      [ApplicationCommandOptionType.Subcommand, 'create'],
      [ApplicationCommandOptionType.Subcommand, 'delete'],
    ]);
  });

  it('GIVEN what Discord returns for the same commands (with ids and defaults) THEN nothing needs re-registering; a changed description does', () => {
    const wanted = registry.list().map(toDiscordCommand);
    const registered = wanted.map((c, i) => ({ ...c, id: String(i), application_id: '1', version: '1', type: 1, nsfw: false, integration_types: [0] }));
    expect(sameCommands(registered, wanted)).toBe(true);
    expect(sameCommands(registered.slice(1), wanted)).toBe(false);
    expect(sameCommands([{ ...registered[0]!, description: 'changed' }, ...registered.slice(1)], wanted)).toBe(false);
  });
});
