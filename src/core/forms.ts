import { z } from 'zod';
import { actionNameOf, decodeAction, encodeAction, staleAction, type ActionArgsSchema } from './actions.js';
import type { InteractionContext } from './command.js';
import { badInput } from './errors.js';
import type { Reply } from './reply.js';

/**
 * Forms: a reply can ask the member to fill in a few text fields (a Discord
 * modal, a Slack modal view), and what they submit comes back to the core
 * through `Bot.submit`, with the form's submit action id and the values. Like a
 * button, a form is one `defineForm` beside the feature that owns it: the id
 * it is opened with and the handler that reads the submission are typed from
 * the same schema, and the values are checked against the same fields it was
 * drawn with. Nothing here knows about any platform.
 */
export interface FormField<Id extends string = string> {
  /** Names the value in the submission (Discord's custom_id, Slack's block_id and action_id). */
  id: Id;
  label: string;
  /** One line, or a paragraph (multiline). */
  style: 'short' | 'paragraph';
  required: boolean;
  /** The platforms refuse longer input; `Bot.submit` checks it again. */
  maxLength: number;
  placeholder?: string;
}

/** A form a reply asks the platform to open (see `Reply.form`). */
export interface Form {
  title: string;
  /** The submit button (Slack; Discord's modal has its own). */
  submitLabel: string;
  /** The action id the submission is routed back with: `v1:<namespace>:<form>[:<arg>…]`. */
  submitAction: string;
  fields: FormField[];
  /**
   * Where no dialog can open (the console), the form is sent at once with every
   * field blank, and `/<typedAs> <text>` typed afterwards sends it again with the
   * text in its first field. Only for forms whose fields are all optional.
   */
  typedAs?: string;
}

/** What a member submitted: every field of the form, a blank one as ''. */
export type FormValues<Id extends string> = Readonly<Record<Id, string>>;

export interface FormDefinition<Args extends ActionArgsSchema = ActionArgsSchema, Id extends string = string> {
  /** `<namespace>:<form>`, the submit id's segments after the version; frozen like a button's. */
  readonly name: string;
  readonly args: Args;
  readonly fields: ReadonlyArray<FormField<Id>>;
  handle(ctx: InteractionContext, args: z.output<Args>, values: FormValues<Id>): Promise<Reply> | Reply;
  /** The form to put in a reply, its submission carrying these arguments. */
  open(args: z.output<Args>): Form;
  /** The submit action id for these arguments. */
  id(args: z.output<Args>): string;
}

export interface FormSpec<Args extends ActionArgsSchema, Id extends string> {
  name: string;
  args: Args;
  title: string;
  submitLabel: string;
  fields: ReadonlyArray<FormField<Id>>;
  typedAs?: string;
  // A property, not a method, so a handler that declares other arguments than `args` gives does not compile.
  handle: (ctx: InteractionContext, args: z.output<Args>, values: FormValues<Id>) => Promise<Reply> | Reply;
}

export function defineForm<Args extends ActionArgsSchema, Id extends string>(spec: FormSpec<Args, Id>): FormDefinition<Args, Id> {
  const wire: ActionArgsSchema = spec.args;
  const [namespace = '', action = ''] = spec.name.split(':');
  const id = (args: z.output<Args>) => encodeAction(namespace, action, ...z.encode(wire, args));
  return {
    name: spec.name,
    args: spec.args,
    fields: spec.fields,
    handle: spec.handle,
    id,
    open: (args) => ({
      title: spec.title,
      submitLabel: spec.submitLabel,
      submitAction: id(args),
      fields: spec.fields.map((field) => ({ ...field })),
      ...(spec.typedAs ? { typedAs: spec.typedAs } : {}),
    }),
  };
}

/** Finds registered forms by name (the command registry). */
export interface FormLookup {
  form(name: string): FormDefinition | undefined;
}

/** The form a submit id names and its parsed arguments; anything forged, stale or unknown is a stale form. */
export function resolveForm(id: string, registered: FormLookup): { definition: FormDefinition; args: unknown } {
  const parsed = decodeAction(id);
  const definition = registered.form(actionNameOf(parsed));
  if (!definition) throw staleAction();
  const args = definition.args.safeParse(parsed.args);
  if (!args.success) throw staleAction();
  return { definition, args: args.data };
}

/** Control characters other than line breaks; `\r\n` and `\r` become `\n` first. */
const CONTROL = /[^\P{Cc}\n]/gu;

/**
 * What a member typed into a form, as the handler gets it: every declared field
 * (blank as ''), trimmed, without control characters, none longer than its
 * field allows and none required left blank. Anything else the platform sent
 * is ignored. A refusal is a friendly UserError, and nothing has run yet.
 */
export function readFormValues<Id extends string>(fields: ReadonlyArray<FormField<Id>>, raw: Readonly<Record<string, unknown>>): FormValues<Id> {
  const values = {} as Record<Id, string>;
  for (const field of fields) {
    const given = Object.hasOwn(raw, field.id) ? raw[field.id] : undefined;
    const text = typeof given === 'string' ? given.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim() : '';
    if (field.required && text === '') throw badInput(`"${field.label}" needs an answer. Nothing was saved.`);
    const length = [...text].length;
    if (length > field.maxLength) {
      throw badInput(
        `"${field.label}" takes at most ${field.maxLength} characters, and yours has ${length.toLocaleString('en-US')}. Nothing was saved: shorten it and try again.`,
      );
    }
    values[field.id] = text;
  }
  return values;
}
