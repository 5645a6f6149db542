import type { ActionDefinition, ActionLookup } from './actions.js';
import type { CommandDefinition, OptionDefinition, SubcommandDefinition } from './command.js';
import type { FormDefinition, FormLookup } from './forms.js';

const NAME = /^[a-z0-9-]{1,32}$/;
/** `<namespace>:<action>`, as in the ids already posted (the namespace was the name of the command that owned the button). */
const ACTION_NAME = /^[a-z0-9-]{1,32}:[a-z0-9-]{1,20}$/;

export class CommandDefinitionError extends Error {
  override name = 'CommandDefinitionError';
}

/**
 * Holds the validated command definitions. Validation follows the strictest
 * platform (Discord's application command rules) and fails loudly: an invalid
 * command is a bug, never silently skipped.
 */
export class CommandRegistry implements ActionLookup, FormLookup {
  private readonly commands = new Map<string, CommandDefinition>();
  // A Map, not an object: a forged name such as `quiz:__proto__` finds nothing.
  private readonly actions = new Map<string, ActionDefinition>();
  private readonly forms = new Map<string, FormDefinition>();

  constructor(definitions: CommandDefinition[]) {
    const problems: string[] = [];
    for (const def of definitions) {
      problems.push(...validateCommand(def).map((p) => `/${def.name}: ${p}`));
      if (this.commands.has(def.name)) problems.push(`/${def.name}: defined twice`);
      this.commands.set(def.name, def);
      for (const action of def.actions ?? []) {
        if (this.actions.has(action.name) || this.forms.has(action.name)) problems.push(`/${def.name}: action "${action.name}" is registered twice`);
        this.actions.set(action.name, action);
      }
      for (const form of def.forms ?? []) {
        // One name, one meaning: a form's submit id never reaches a button's handler, nor the reverse.
        if (this.forms.has(form.name) || this.actions.has(form.name)) problems.push(`/${def.name}: form "${form.name}" is registered twice`);
        this.forms.set(form.name, form);
      }
    }
    if (problems.length) throw new CommandDefinitionError(`Invalid command definitions:\n  - ${problems.join('\n  - ')}`);
  }

  get(name: string): CommandDefinition | undefined {
    return this.commands.get(name);
  }

  /** The button registered under `<namespace>:<action>`, the name its ids carry. */
  action(name: string): ActionDefinition | undefined {
    return this.actions.get(name);
  }

  /** The form registered under `<namespace>:<form>`, the name its submit ids carry. */
  form(name: string): FormDefinition | undefined {
    return this.forms.get(name);
  }

  list(): CommandDefinition[] {
    return [...this.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

function validateCommand(def: CommandDefinition): string[] {
  const problems: string[] = [];
  if (!NAME.test(def.name ?? '')) problems.push(`name must match ${NAME}`);
  problems.push(...validateDescription(def.description));
  if (typeof def.execute !== 'function') problems.push('execute must be a function');
  if (!Array.isArray(def.usage) || def.usage.length === 0) problems.push('usage needs at least one example');
  if (def.options?.length && def.subcommands?.length) problems.push('a command has either options or subcommands, not both');
  problems.push(...validateOptions(def.options ?? [], Boolean(def.autocomplete)));
  const subNames = new Set<string>();
  for (const sub of def.subcommands ?? []) {
    problems.push(...validateSubcommand(sub, Boolean(def.autocomplete)).map((p) => `${sub.name}: ${p}`));
    if (subNames.has(sub.name)) problems.push(`subcommand ${sub.name} defined twice`);
    subNames.add(sub.name);
  }
  if ((def.subcommands?.length ?? 0) > 25) problems.push('at most 25 subcommands');
  if ((def.subcommands ?? []).filter((s) => s.default).length > 1) problems.push('at most one default subcommand');
  for (const action of def.actions ?? []) {
    if (!ACTION_NAME.test(action.name ?? '')) {
      problems.push(`action "${action.name}" must be <namespace>:<action>, 1–32 and 1–20 lowercase letters, digits or dashes`);
    }
    if (typeof action.handle !== 'function') problems.push(`action "${action.name}" needs a handle function`);
  }
  for (const form of def.forms ?? []) {
    if (!ACTION_NAME.test(form.name ?? '')) problems.push(`form "${form.name}" must be <namespace>:<form>, 1–32 and 1–20 lowercase letters, digits or dashes`);
    if (typeof form.handle !== 'function') problems.push(`form "${form.name}" needs a handle function`);
  }
  return problems;
}

function validateSubcommand(sub: SubcommandDefinition, hasAutocomplete: boolean): string[] {
  const problems: string[] = [];
  if (!NAME.test(sub.name ?? '')) problems.push(`name must match ${NAME}`);
  problems.push(...validateDescription(sub.description));
  problems.push(...validateOptions(sub.options ?? [], hasAutocomplete));
  return problems;
}

function validateDescription(description: string | undefined): string[] {
  return !description || description.length > 100 ? ['description must be 1–100 characters'] : [];
}

function validateOptions(options: OptionDefinition[], hasAutocomplete: boolean): string[] {
  const problems: string[] = [];
  if (options.length > 25) problems.push('at most 25 options');
  let sawOptional = false;
  const names = new Set<string>();
  for (const option of options) {
    const where = `option "${option.name}"`;
    if (!NAME.test(option.name ?? '')) problems.push(`${where}: name must match ${NAME}`);
    if (names.has(option.name)) problems.push(`${where}: defined twice`);
    names.add(option.name);
    problems.push(...validateDescription(option.description).map((p) => `${where}: ${p}`));
    if (option.required && sawOptional) problems.push(`${where}: required options must come before optional ones`);
    if (!option.required) sawOptional = true;
    if (option.choices && option.autocomplete) problems.push(`${where}: choices and autocomplete exclude each other`);
    if (option.choices && option.choices.length > 25) problems.push(`${where}: at most 25 choices`);
    if (option.autocomplete && option.type !== 'string' && option.type !== 'integer') {
      problems.push(`${where}: only string and integer options can autocomplete`);
    }
    if (option.autocomplete && !hasAutocomplete) problems.push(`${where}: autocomplete is on but the command has no autocomplete handler`);
  }
  return problems;
}
