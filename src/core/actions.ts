import { z } from 'zod';
import type { InteractionContext } from './command.js';
import { DISCORD } from './limits.js';
import { UserError } from './errors.js';
import type { Reply } from './reply.js';

/**
 * Action ids travel inside buttons and come back on click. They are short,
 * versioned strings, `v1:<command>:<action>[:<arg>…]`, so an old message's
 * buttons can be recognised after a format change and a tampered id is refused
 * with a friendly message instead of reaching a handler.
 */
export const ACTION_VERSION = 'v1';
const SEGMENT = /^[A-Za-z0-9._~-]{1,40}$/;

export interface ParsedAction {
  /** The id's first segment: the namespace half of an action's name (it was the command's name when commands owned buttons). */
  command: string;
  action: string;
  args: string[];
}

// Discord's custom_id (100) is stricter than Slack's action_id (255), so one limit keeps an id valid on both.
export function encodeAction(command: string, action: string, ...args: Array<string | number>): string {
  const parts = [ACTION_VERSION, command, action, ...args.map(String)];
  for (const part of parts) {
    if (!SEGMENT.test(part)) throw new Error(`action id segment "${part}" must match ${SEGMENT}`);
  }
  const id = parts.join(':');
  if (id.length > DISCORD.customId) throw new Error(`action id "${id}" is longer than ${DISCORD.customId} characters`);
  return id;
}

export const staleAction = (): UserError => new UserError('stale-action', "That button isn't valid any more. Run the command again to get fresh buttons.");

export function decodeAction(id: string): ParsedAction {
  if (typeof id !== 'string' || id.length > DISCORD.customId) throw staleAction();
  const [version, command, action, ...args] = id.split(':');
  if (version !== ACTION_VERSION || !command || !action) throw staleAction();
  if (![command, action, ...args].every((part) => SEGMENT.test(part))) throw staleAction();
  return { command, action, args };
}

/** The name an id is registered under: its two segments after the version. */
export const actionNameOf = (parsed: ParsedAction): string => `${parsed.command}:${parsed.action}`;

/**
 * A button's arguments as they travel: one string per id segment. The handler
 * and `.id()` see the schema's output instead, so a codec (`z.codec`) can carry
 * a number or a name as its digits or letter. Use codecs, not `.transform`:
 * `.id()` runs the schema backwards, which a one-way transform cannot do.
 */
export type ActionArgsSchema = z.ZodType<unknown, readonly string[]>;

/**
 * One kind of button: its id and what a click on it does, in one place, so a
 * builder and a handler cannot disagree about the arguments (they are both
 * typed from `args`). Define one with `defineAction` next to the replies that
 * carry it, and list it in a command's `actions` so the registry knows it.
 */
export interface ActionDefinition<Args extends ActionArgsSchema = ActionArgsSchema> {
  /**
   * `<namespace>:<action>`, the id's segments after the version. Buttons already
   * posted carry it, so it never changes, even if a command is renamed.
   */
  readonly name: string;
  /** Validates the id's arguments on the way back in; a mismatch is a stale button. */
  readonly args: Args;
  handle(ctx: InteractionContext, args: z.output<Args>): Promise<Reply> | Reply;
  /** The id of a button carrying these arguments. Throws (a bug) if its own handler would refuse them. */
  id(args: z.output<Args>): string;
}

export interface ActionSpec<Args extends ActionArgsSchema> {
  name: string;
  args: Args;
  // A property, not a method, so it is checked strictly: a handler declaring other arguments than `args` gives does not compile.
  handle: (ctx: InteractionContext, args: z.output<Args>) => Promise<Reply> | Reply;
}

export function defineAction<Args extends ActionArgsSchema>(spec: ActionSpec<Args>): ActionDefinition<Args> {
  const wire: ActionArgsSchema = spec.args;
  const [namespace = '', action = ''] = spec.name.split(':');
  return {
    name: spec.name,
    args: spec.args,
    handle: spec.handle,
    // Encoding validates too: an argument the handler would refuse is caught where the button is made.
    id: (args) => encodeAction(namespace, action, ...z.encode(wire, args)),
  };
}

/** Finds registered actions by name (the command registry). */
export interface ActionLookup {
  action(name: string): ActionDefinition | undefined;
}

export interface ResolvedAction {
  definition: ActionDefinition;
  /** Parsed by the definition's own schema. */
  args: unknown;
}

/** The action an id names and its parsed arguments; anything forged, stale or unknown is a stale button. */
export function resolveAction(id: string, registered: ActionLookup): ResolvedAction {
  const parsed = decodeAction(id);
  const definition = registered.action(actionNameOf(parsed));
  if (!definition) throw staleAction();
  const args = definition.args.safeParse(parsed.args);
  if (!args.success) throw staleAction();
  return { definition, args: args.data };
}
