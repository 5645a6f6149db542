import { DISCORD } from './limits.js';
import { UserError } from './errors.js';

/**
 * Action ids travel inside buttons and come back on click. They are short,
 * versioned strings, `v1:<command>:<action>[:<arg>…]`, so an old message's
 * buttons can be recognised after a format change and a tampered id is refused
 * with a friendly message instead of reaching a handler.
 */
export const ACTION_VERSION = 'v1';
const SEGMENT = /^[A-Za-z0-9._~-]{1,40}$/;

export interface ParsedAction {
  command: string;
  action: string;
  args: string[];
}

export function encodeAction(command: string, action: string, ...args: Array<string | number>): string {
  const parts = [ACTION_VERSION, command, action, ...args.map(String)];
  for (const part of parts) {
    if (!SEGMENT.test(part)) throw new Error(`action id segment "${part}" must match ${SEGMENT}`);
  }
  const id = parts.join(':');
  if (id.length > DISCORD.customId) throw new Error(`action id "${id}" is longer than ${DISCORD.customId} characters`);
  return id;
}

export const staleAction = (): UserError =>
  new UserError('stale-action', "That button isn't valid any more. Run the command again to get fresh buttons.");

export function decodeAction(id: string): ParsedAction {
  if (typeof id !== 'string' || id.length > DISCORD.customId) throw staleAction();
  const [version, command, action, ...args] = id.split(':');
  if (version !== ACTION_VERSION || !command || !action) throw staleAction();
  if (![command, action, ...args].every((part) => SEGMENT.test(part))) throw staleAction();
  return { command, action, args };
}
