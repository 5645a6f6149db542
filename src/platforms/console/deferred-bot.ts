import type { CommandRegistry } from '../../core/registry.js';
import type { ConsoleBot } from './console.adapter.js';

/**
 * The bot as the console sees it while the embedded database is still
 * opening: the command list (for Tab completion) at once, and every request
 * waiting for the bot. A person typing their first command rarely notices;
 * a script piped in is answered in order as before.
 */
export function deferredBot(registry: CommandRegistry, bot: Promise<ConsoleBot>): ConsoleBot {
  return {
    registry,
    action: async (inv) => (await bot).action(inv),
    submit: async (inv) => (await bot).submit(inv),
    commandLine: async (text, inv) => (await bot).commandLine(text, inv),
    autocomplete: async (inv) => (await bot).autocomplete(inv),
  };
}
