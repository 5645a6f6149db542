import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../../src/core/actions.js';
import { loadCommands } from '../../src/core/command-loader.js';
import type { CommandDefinition } from '../../src/core/command.js';
import { CommandDefinitionError, CommandRegistry } from '../../src/core/registry.js';
import { reply } from '../../src/core/reply.js';

const base = (overrides: Partial<CommandDefinition> = {}): CommandDefinition => ({
  name: 'ok',
  description: 'A fine command',
  usage: ['/ok'],
  execute: () => reply({ body: 'ok' }),
  ...overrides,
});

describe('GIVEN command definitions', () => {
  it('WHEN the real commands/ folder is loaded THEN it includes /lesson and /help', async () => {
    const registry = await loadCommands();
    expect(registry.list().map((c) => c.name)).toEqual(expect.arrayContaining(['help', 'lesson']));
  });

  it.each<[string, Partial<CommandDefinition>, string]>([
    ['an invalid name', { name: 'Bad Name' }, '/Bad Name: name must match'],
    ['a long description', { description: 'x'.repeat(101) }, 'description must be 1–100 characters'],
    ['no usage example', { usage: [] }, 'usage needs at least one example'],
    [
      'required after optional',
      {
        options: [
          { name: 'a', type: 'string', description: 'd' },
          { name: 'b', type: 'string', description: 'd', required: true },
        ],
      },
      'option "b": required options must come before optional ones',
    ],
    [
      'autocomplete without a handler',
      { options: [{ name: 'a', type: 'string', description: 'd', autocomplete: true }] },
      'option "a": autocomplete is on but the command has no autocomplete handler',
    ],
    [
      'autocomplete on a boolean',
      { autocomplete: () => [], options: [{ name: 'a', type: 'boolean', description: 'd', autocomplete: true }] },
      'only string and integer options can autocomplete',
    ],
    [
      'choices with autocomplete',
      { autocomplete: () => [], options: [{ name: 'a', type: 'string', description: 'd', autocomplete: true, choices: [{ name: 'x', value: 'x' }] }] },
      'choices and autocomplete exclude each other',
    ],
    [
      'options and subcommands',
      { options: [{ name: 'a', type: 'string', description: 'd' }], subcommands: [{ name: 's', description: 'd' }] },
      'either options or subcommands',
    ],
    ['a bad action name', { actions: [defineAction({ name: 'Do It', args: z.tuple([]), handle: () => reply({ body: '' }) })] }, 'action "Do It" must be'],
  ])('WHEN a definition has %s THEN it is rejected loudly', (_name, overrides, message) => {
    expect(() => new CommandRegistry([base(overrides)])).toThrow(CommandDefinitionError);
    expect(() => new CommandRegistry([base(overrides)])).toThrow(message);
  });

  it('WHEN the real commands are loaded THEN every button kind is registered under the name its ids carry', async () => {
    const registry = await loadCommands();
    for (const name of ['quiz:answer', 'quiz:practice', 'quiz:more', 'lesson:open', 'lesson:chapter', 'lesson:contents']) {
      expect(registry.action(name)?.name).toBe(name);
    }
    expect(registry.action('quiz:__proto__')).toBeUndefined();
  });

  it('WHEN one button name is registered twice, even by two commands, THEN it is rejected', () => {
    const button = defineAction({ name: 'ok:go', args: z.tuple([]), handle: () => reply({ body: '' }) });
    expect(() => new CommandRegistry([base({ actions: [button] }), base({ name: 'other', actions: [button] })])).toThrow(
      '/other: action "ok:go" is registered twice',
    );
  });

  it('WHEN two commands have the same name THEN they are rejected', () => {
    expect(() => new CommandRegistry([base(), base()])).toThrow('/ok: defined twice');
  });

  it('WHEN a command file has no default export THEN loading fails loudly, naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'studybot-commands-'));
    await writeFile(path.join(dir, 'broken.js'), 'export const notDefault = 1;\n');
    await expect(loadCommands(dir)).rejects.toThrow('commands/broken.js must export a command definition as its default export');
  });
});
