import type { ActionDefinition } from './actions.js';
import type { FormDefinition } from './forms.js';
import type { Reply } from './reply.js';
import type { Services } from './services.js';

export type OptionType = 'string' | 'integer' | 'boolean' | 'channel' | 'user';
export type OptionValue = string | number | boolean;

export interface OptionChoice {
  name: string;
  value: string | number;
}

export interface OptionDefinition {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: OptionChoice[];
  autocomplete?: boolean;
  /** For strings: longest accepted value (platforms enforce it too). */
  maxLength?: number;
  /** For integers. */
  min?: number;
  max?: number;
}

export interface SubcommandDefinition {
  name: string;
  description: string;
  options?: OptionDefinition[];
  adminOnly?: boolean;
  usage?: string;
  /** Typed alone (`/reports` in the console or on Slack), the command runs this subcommand; Discord always names one. */
  default?: boolean;
}

export type Platform = 'console' | 'discord' | 'slack';

/** A server or workspace. Every stored row belongs to exactly one. */
export interface Tenant {
  /** `<platform>:<external id>`, e.g. `discord:81384788765712384`, `console:local`. */
  id: string;
  platform: Platform;
  externalId: string;
  name?: string;
}

export interface Actor {
  /** The platform's user id (opaque to the core). */
  id: string;
  displayName: string;
  /** Decided by the adapter from the platform's own permissions, never from user input. */
  isAdmin: boolean;
}

export interface ChannelRef {
  id: string;
  name?: string;
}

/** Everything a handler may use: who, where, and the services. */
export interface InteractionContext {
  tenant: Tenant;
  user: Actor;
  channel?: ChannelRef;
  services: Services;
}

export interface CommandContext extends InteractionContext {
  options: CommandOptions;
  subcommand?: string;
}

/** Typed access to validated option values. */
export class CommandOptions {
  constructor(private readonly values: Readonly<Record<string, OptionValue>>) {}
  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }
  integer(name: string): number | undefined {
    const v = this.values[name];
    return typeof v === 'number' ? v : undefined;
  }
  boolean(name: string): boolean | undefined {
    const v = this.values[name];
    return typeof v === 'boolean' ? v : undefined;
  }
}

export interface AutocompleteRequest {
  /** The option being typed. */
  option: string;
  /** What the user has typed so far. */
  value: string;
  subcommand?: string;
}

export interface CommandDefinition {
  name: string;
  description: string;
  /** Examples shown by /help, e.g. ["/lesson 17.3", "/lesson fargate"]. */
  usage: string[];
  options?: OptionDefinition[];
  subcommands?: SubcommandDefinition[];
  adminOnly?: boolean;
  execute(ctx: CommandContext): Promise<Reply> | Reply;
  autocomplete?(ctx: InteractionContext, request: AutocompleteRequest): Promise<OptionChoice[]> | OptionChoice[];
  /** Buttons the bot answers (see `defineAction`): the registry finds them by name, whichever command lists them. */
  actions?: ActionDefinition[];
  /** Forms the bot answers (see `defineForm`), found by name like the buttons. */
  forms?: FormDefinition[];
}

/** Identity helper that gives a command file full type checking. */
export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}
