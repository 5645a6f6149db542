import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { actionNameOf, decodeAction, resolveAction } from './actions.js';
import { CommandOptions, type CommandDefinition, type OptionChoice } from './command.js';
import type {
  ActionInvocation,
  AutocompleteInvocation,
  CommandInvocation,
  InteractionObserver,
  InteractionRecord,
  Invocation,
  Outcome,
  SubmitInvocation,
} from './invocation.js';

// The invocation types are part of the Bot's API: adapters import them from here.
export type * from './invocation.js';
import { withDrawing } from './cards.js';
import { UserError, forbidden } from './errors.js';
import { readFormValues, resolveForm } from './forms.js';
import { parseArguments, splitCommandName } from './command-line.js';
import { coerceOptions } from './options.js';
import { notice, type Reply } from './reply.js';
import { homeReply } from '../quiz/home.js';
import type { CommandRegistry } from './registry.js';
import { RateLimiter } from './rate-limit.js';
import { quoteUserText } from './sanitize.js';
import type { Services } from './services.js';

/** What a running interaction settles with when the bot abandons it at shutdown. */
const ABANDONED = Symbol('abandoned');

/** Longer than any command needs (Slack caps a slash command's text at 4,000 characters too). */
export const MAX_COMMAND_LINE = 4_000;

/**
 * The one entry point every adapter calls. It routes commands, autocomplete
 * and button clicks to their definitions, enforces admin-only commands, and
 * turns every failure into a reply: an adapter never has to catch anything.
 */
export class Bot {
  private inFlight = 0;
  private readonly idle: Array<() => void> = [];
  private observer: InteractionObserver = () => {};
  /** One per running interaction: settles it at once with ABANDONED (see abandon()). */
  private readonly abandoners = new Set<() => void>();

  constructor(
    readonly registry: CommandRegistry,
    readonly services: Services,
    private readonly limiter = new RateLimiter(),
  ) {}

  observe(observer: InteractionObserver): void {
    this.observer = observer;
  }

  /** Resolves when no interaction is running, or after `timeoutMs` (graceful shutdown). */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return true;
    return Promise.race([
      new Promise<boolean>((resolve) => this.idle.push(() => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
    ]);
  }

  /**
   * Shutdown, after the drain ran out: every interaction still running (on a
   * database gone silent, say) answers now that it could not finish, so the
   * member is not left watching "thinking…" until Discord gives up. Its work
   * goes on unawaited; an answer that did land still counts once.
   */
  abandon(): void {
    for (const abandon of this.abandoners) abandon();
  }

  usage(def: CommandDefinition, subcommand?: string): string {
    const sub = def.subcommands?.find((s) => s.name === subcommand);
    return sub?.usage ?? def.usage[0]!;
  }

  async command(inv: CommandInvocation): Promise<Reply> {
    return this.guard({ kind: 'command', name: inv.name, inv }, async () => {
      const def = this.registry.get(inv.name);
      if (!def) throw new UserError('unknown-command', `There is no \`/${quoteUserText(inv.name, 32)}\` command. Try \`/help\`.`);
      const sub = def.subcommands?.find((s) => (inv.subcommand === undefined ? s.default : s.name === inv.subcommand));
      if (def.subcommands?.length && !sub) {
        throw new UserError('bad-input', `\`/${def.name}\` needs one of: ${def.subcommands.map((s) => `\`${s.name}\``).join(', ')}.`);
      }
      if ((def.adminOnly || sub?.adminOnly) && !inv.user.isAdmin) {
        throw forbidden(`\`/${def.name}${sub ? ` ${sub.name}` : ''}\` is for server admins (Manage Server).`);
      }
      const options = coerceOptions(sub?.options ?? def.options ?? [], inv.options, this.usage(def, sub?.name));
      await this.services.identities.ensure(inv.tenant, inv.user);
      return this.illustrate(await def.execute({ ...this.context(inv), options: new CommandOptions(options), subcommand: sub?.name }));
    });
  }

  /** A typed command line (console, Slack): `/lesson topic:fargate`, `/team create "Night Owls"`. */
  async commandLine(text: string, inv: Invocation): Promise<Reply> {
    if (text.length > MAX_COMMAND_LINE) {
      return notice(`That command is ${text.length.toLocaleString('en-US')} characters long; keep it under ${MAX_COMMAND_LINE.toLocaleString('en-US')}.`);
    }
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
    const started = performance.now();
    let outcome: Outcome = 'ok';
    try {
      const choices = await def.autocomplete(this.context(inv), { option: inv.option, value: String(inv.value ?? ''), subcommand: inv.subcommand });
      return choices.slice(0, 25);
    } catch (error) {
      outcome = 'error';
      this.services.logger.error({ err: error, command: inv.name }, 'autocomplete failed');
      return [];
    } finally {
      this.record(inv, 'autocomplete', inv.name, outcome, started);
    }
  }

  async action(inv: ActionInvocation): Promise<Reply> {
    return this.guard({ kind: 'action', name: inv.actionId, inv }, async () => {
      const { definition, args } = resolveAction(inv.actionId, this.registry);
      await this.services.identities.ensure(inv.tenant, inv.user);
      const reply = this.illustrate(await definition.handle(this.context(inv), args));
      return inv.onPublicMessage && reply.updateSource ? { ...reply, updateSource: false, private: true } : reply;
    });
  }

  /**
   * A form the member filled in and sent. Through the same guard as a click:
   * rate limited, the member recorded, counted in the metrics, a failure
   * answered. The id is resolved like a button's (forged or stale: refused),
   * and the values are checked against the form's own fields before its
   * handler runs, so too long a text changes nothing.
   */
  async submit(inv: SubmitInvocation): Promise<Reply> {
    return this.guard({ kind: 'submit', name: inv.actionId, inv }, async () => {
      const { definition, args } = resolveForm(inv.actionId, this.registry);
      const values = readFormValues(definition.fields, inv.values ?? {});
      await this.services.identities.ensure(inv.tenant, inv.user);
      return definition.handle(this.context(inv), args, values);
    });
  }

  /**
   * A member's home page (Slack's App Home). It goes through the same guard as
   * a command: rate limited, the member recorded, counted in the metrics, and
   * a failure (the database away) becomes a friendly page instead of silence.
   */
  async home(inv: Invocation, memberChannels?: () => Promise<ReadonlySet<string> | undefined>): Promise<Reply> {
    return this.guard({ kind: 'home', name: 'home', inv }, async () => {
      await this.services.identities.ensure(inv.tenant, inv.user);
      return homeReply(this.context(inv), memberChannels);
    });
  }

  /** The reply goes out at once; its card, if it asks for one, follows when drawn (see `Reply.drawing`). */
  private illustrate(reply: Reply): Reply {
    return withDrawing(reply, this.services.cards, this.services.logger);
  }

  /**
   * What an interaction is called in logs and metrics: a registered command or
   * action name (`quiz:answer`), never what a member typed (an unbounded set of
   * labels would grow the metrics without end).
   */
  private labelOf(kind: 'command' | 'action' | 'submit', name: string): string {
    if (kind === 'command') return this.registry.get(name) ? name : 'unknown';
    try {
      const registered = actionNameOf(decodeAction(name));
      return (kind === 'submit' ? this.registry.form(registered) : this.registry.action(registered))?.name ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }

  private context(inv: Invocation) {
    return { tenant: inv.tenant, user: inv.user, channel: inv.channel, services: this.services };
  }

  private record(inv: Invocation, kind: InteractionRecord['kind'], name: string, outcome: Outcome, started: number): void {
    this.observer({ platform: inv.tenant.platform, tenant: inv.tenant.id, kind, name, outcome, ms: performance.now() - started });
  }

  private async guard(what: { kind: 'command' | 'action' | 'home' | 'submit'; name: string; inv: Invocation }, run: () => Promise<Reply>): Promise<Reply> {
    const started = performance.now();
    let outcome: Outcome = 'ok';
    let abandoner: (() => void) | undefined;
    this.inFlight += 1;
    try {
      if (!this.limiter.take(`${what.inv.tenant.id}\u0000${what.inv.user.id}`)) {
        outcome = 'user-error';
        const wait = this.limiter.waitSeconds(`${what.inv.tenant.id}\u0000${what.inv.user.id}`);
        return notice(`Slow down a little: that's a lot of requests at once. Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`, 'info');
      }
      const work = run();
      // Per interaction, not one shared promise: a race leaves its reaction on both sides until they settle.
      const result = await Promise.race([work, new Promise<typeof ABANDONED>((resolve) => this.abandoners.add((abandoner = () => resolve(ABANDONED))))]);
      if (result !== ABANDONED) return result;
      work.catch((error: unknown) => this.services.logger.warn({ err: error, kind: what.kind, name: what.name }, 'an abandoned interaction failed'));
      outcome = 'error';
      return notice("I'm restarting, so I couldn't finish that. Please try again in a minute.");
    } catch (error) {
      outcome = error instanceof UserError ? 'user-error' : 'error';
      return this.failure(what, error);
    } finally {
      if (abandoner) this.abandoners.delete(abandoner);
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
      this.record(what.inv, what.kind, what.kind === 'home' ? 'home' : this.labelOf(what.kind, what.name), outcome, started);
    }
  }

  private failure(what: { kind: string; name: string; inv: Invocation }, error: unknown): Reply {
    if (error instanceof UserError) return notice(error.message);
    const ref = randomBytes(4).toString('hex');
    this.services.logger.error({ err: error, ref, kind: what.kind, name: what.name, tenant: what.inv.tenant.id, user: what.inv.user.id }, 'interaction failed');
    return notice(`Something went wrong on my side (ref \`${ref}\`). Please try again in a moment.`, 'danger');
  }
}
