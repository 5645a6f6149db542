import { randomBytes } from 'node:crypto';
import { decodeAction, staleAction } from './actions.js';
import { CommandOptions, type ChannelRef, type CommandDefinition, type OptionChoice, type Actor, type Tenant } from './command.js';
import { UserError, forbidden } from './errors.js';
import { parseArguments, splitCommandName } from './command-line.js';
import { coerceOptions } from './options.js';
import { notice, type Reply } from './reply.js';
import type { CommandRegistry } from './registry.js';
import { quoteUserText } from './sanitize.js';
import type { Services } from './services.js';

export interface Invocation {
  tenant: Tenant;
  user: Actor;
  channel?: ChannelRef;
}

export interface CommandInvocation extends Invocation {
  name: string;
  subcommand?: string;
  /** Raw option values as the platform delivered them. */
  options: Record<string, unknown>;
}

export interface AutocompleteInvocation extends Invocation {
  name: string;
  subcommand?: string;
  option: string;
  value: string;
}

export interface ActionInvocation extends Invocation {
  actionId: string;
}

/**
 * The one entry point every adapter calls. It routes commands, autocomplete
 * and button clicks to their definitions, enforces admin-only commands, and
 * turns every failure into a reply: an adapter never has to catch anything.
 */
export class Bot {
  constructor(
    readonly registry: CommandRegistry,
    readonly services: Services,
  ) {}

  usage(def: CommandDefinition, subcommand?: string): string {
    const sub = def.subcommands?.find((s) => s.name === subcommand);
    return sub?.usage ?? def.usage[0]!;
  }

  async command(inv: CommandInvocation): Promise<Reply> {
    return this.guard({ kind: 'command', name: inv.name, inv }, async () => {
      const def = this.registry.get(inv.name);
      if (!def) throw new UserError('unknown-command', `There is no \`/${quoteUserText(inv.name, 32)}\` command. Try \`/help\`.`);
      const sub = def.subcommands?.find((s) => s.name === inv.subcommand);
      if (def.subcommands?.length && !sub) {
        throw new UserError('bad-input', `\`/${def.name}\` needs one of: ${def.subcommands.map((s) => `\`${s.name}\``).join(', ')}.`);
      }
      if ((def.adminOnly || sub?.adminOnly) && !inv.user.isAdmin) {
        throw forbidden(`\`/${def.name}${sub ? ` ${sub.name}` : ''}\` is for server admins (Manage Server).`);
      }
      const options = coerceOptions(sub?.options ?? def.options ?? [], inv.options, this.usage(def, sub?.name));
      await this.services.identities.ensure(inv.tenant, inv.user);
      return def.execute({ ...this.context(inv), options: new CommandOptions(options), subcommand: sub?.name });
    });
  }

  /** A typed command line (console, Slack): `/lesson topic:fargate`, `/team create "Night Owls"`. */
  async commandLine(text: string, inv: Invocation): Promise<Reply> {
    const split = splitCommandName(text);
    if (!split) return notice('Commands look like `/lesson 17.3`. `/help` lists them all.');
    const def = this.registry.get(split.name);
    if (!def) return this.command({ ...inv, name: split.name, options: {} }); // answers "there is no such command"
    let parsed;
    try {
      parsed = parseArguments(def, split.rest, def.usage[0]!);
    } catch (error) {
      if (error instanceof UserError) return notice(error.message);
      throw error;
    }
    return this.command({ ...inv, name: def.name, subcommand: parsed.subcommand, options: parsed.options });
  }

  /** Autocomplete never touches the database and never throws: worst case, no choices. */
  async autocomplete(inv: AutocompleteInvocation): Promise<OptionChoice[]> {
    const def = this.registry.get(inv.name);
    if (!def?.autocomplete) return [];
    try {
      const choices = await def.autocomplete(this.context(inv), { option: inv.option, value: String(inv.value ?? ''), subcommand: inv.subcommand });
      return choices.slice(0, 25);
    } catch (error) {
      this.services.logger.error({ err: error, command: inv.name }, 'autocomplete failed');
      return [];
    }
  }

  async action(inv: ActionInvocation): Promise<Reply> {
    return this.guard({ kind: 'action', name: inv.actionId, inv }, async () => {
      const parsed = decodeAction(inv.actionId);
      const action = this.registry.get(parsed.command)?.actions?.[parsed.action];
      if (!action) throw staleAction();
      const args = action.args.safeParse(parsed.args);
      if (!args.success) throw staleAction();
      await this.services.identities.ensure(inv.tenant, inv.user);
      return action.handle(this.context(inv), args.data);
    });
  }

  private context(inv: Invocation) {
    return { tenant: inv.tenant, user: inv.user, channel: inv.channel, services: this.services };
  }

  private async guard(what: { kind: string; name: string; inv: Invocation }, run: () => Promise<Reply>): Promise<Reply> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof UserError) return notice(error.message);
      const ref = randomBytes(4).toString('hex');
      this.services.logger.error(
        { err: error, ref, kind: what.kind, name: what.name, tenant: what.inv.tenant.id, user: what.inv.user.id },
        'interaction failed',
      );
      return notice(`Something went wrong on my side (ref \`${ref}\`). Please try again in a moment.`, 'danger');
    }
  }
}
