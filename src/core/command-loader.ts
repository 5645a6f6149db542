import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandDefinition } from './command.js';
import { CommandDefinitionError, CommandRegistry } from './registry.js';

/** `commands/` beside `src/`, both under tsx (repo root) and in the build (dist/). */
export const COMMANDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../commands');

const isCommandFile = (name: string): boolean => /\.(ts|js)$/.test(name) && !/\.(d|test|spec)\.(ts|js)$/.test(name);

/**
 * Imports every file in `commands/`: adding a command means adding one file.
 * A file without a valid default export stops the bot with its name.
 */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<CommandRegistry> {
  const files = (await readdir(dir)).filter(isCommandFile).sort();
  const definitions = await Promise.all(
    files.map(async (file) => {
      const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: CommandDefinition };
      if (!module.default || typeof module.default !== 'object') {
        throw new CommandDefinitionError(`commands/${file} must export a command definition as its default export`);
      }
      return module.default;
    }),
  );
  return new CommandRegistry(definitions);
}
