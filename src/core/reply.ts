import type { Card, CardImage } from './cards.js';
import type { Form } from './forms.js';
import { DISCORD, FORM, SLACK } from './limits.js';

/**
 * The platform-neutral reply every command returns. Adapters render it: the
 * console as terminal text, Discord as an embed with action rows, Slack as
 * Block Kit. Nothing here knows about any platform.
 */
export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';
export type Accent = 'info' | 'success' | 'warning' | 'danger';

export interface Button {
  label: string;
  /** A versioned action id (see actions.ts) that the core routes back to its handler. */
  action: string;
  style?: ButtonStyle;
  disabled?: boolean;
}

export interface Link {
  label: string;
  /** An https URL; the platform opens it, the bot never hears of the click. */
  url: string;
}

export interface Field {
  name: string;
  /** Markdown. */
  value: string;
  inline?: boolean;
}

export interface Reply {
  title?: string;
  /** Markdown. Tables are allowed; renderers convert them. */
  body?: string;
  fields?: Field[];
  /** A short context line under the reply. */
  footer?: string;
  /** Rows of buttons, at most 5 per row and 5 rows. */
  buttons?: Button[][];
  /** Links out (a lesson's sources): link buttons under the action buttons, five to a row. */
  links?: Link[];
  /** Only the person who asked sees it (Discord ephemeral, Slack ephemeral). */
  private?: boolean;
  /** For button clicks: replace the message the button was on instead of sending a new one. */
  updateSource?: boolean;
  /**
   * Asks the member to fill in a form (a Discord modal, a Slack modal view)
   * instead of showing a message; the submission comes back through
   * `Bot.submit`. Only a click or a command can open one; the rest of the
   * reply is what a platform that cannot open it in time shows instead.
   */
  form?: Form;
  accent?: Accent;
  /** What the reply also shows as a picture; the bot draws it (unless pictures are off) into `image`. */
  card?: Card;
  /** The drawn card, attached beside the text; the text stays complete without it. */
  image?: CardImage;
  /**
   * The card to be drawn, for replies that go out first and get their picture
   * by an edit (interactions: the text never waits for the drawing). Drawn
   * when first awaited, which platforms do once the text is out, so the
   * drawing never delays the text, and a card a platform does not show costs
   * nothing. Resolves to undefined when there is no picture after all;
   * never rejects.
   */
  drawing?: PromiseLike<CardImage | undefined>;
  /** Plain text for notifications and clients that cannot render rich replies. */
  fallback: string;
}

export type ReplyInit = Omit<Reply, 'fallback'> & { fallback?: string };

/** Builds a reply, derives the plain-text fallback and checks the structural limits. */
export function reply(init: ReplyInit): Reply {
  const built: Reply = { ...init, fallback: init.fallback ?? plainText(init) };
  assertReplyShape(built);
  return built;
}

/** A friendly, private message (errors, refusals, "no match"). */
export function notice(body: string, accent: Accent = 'warning'): Reply {
  return reply({ body, private: true, accent });
}

export function plainText(r: ReplyInit): string {
  const parts = [r.title, r.body, ...(r.fields ?? []).map((f) => `${f.name}: ${f.value}`), r.footer];
  return stripMarkdown(parts.filter(Boolean).join('\n')).slice(0, DISCORD.messageContent);
}

export function stripMarkdown(text: string): string {
  return text
    .replace(/```[a-z]*\n?/gi, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}

export class ReplyShapeError extends Error {
  override name = 'ReplyShapeError';
}

/**
 * Buttons are the one part of a reply that cannot be trimmed gracefully: a
 * command that builds too many is a programming error, caught in tests.
 */
export function assertReplyShape(r: Reply): void {
  const rows = r.buttons ?? [];
  const linkRows = Math.ceil((r.links?.length ?? 0) / DISCORD.buttonsPerRow);
  if (rows.length + linkRows > DISCORD.actionRows)
    throw new ReplyShapeError(`${rows.length + linkRows} button rows (links included); at most ${DISCORD.actionRows}`);
  if (r.form) assertFormShape(r.form);
  for (const link of r.links ?? []) {
    if (!link.label || link.label.length > SLACK.buttonText) throw new ReplyShapeError(`link label "${link.label}" must be 1–${SLACK.buttonText} characters`);
    if (!link.url.startsWith('https://') || link.url.length > DISCORD.linkUrl)
      throw new ReplyShapeError(`link "${link.url}" must be an https URL of at most ${DISCORD.linkUrl} characters`);
  }
  for (const row of rows) {
    if (row.length === 0 || row.length > DISCORD.buttonsPerRow) {
      throw new ReplyShapeError(`a button row has ${row.length} buttons; 1–${DISCORD.buttonsPerRow} allowed`);
    }
    for (const button of row) {
      if (!button.label || [...button.label].length > DISCORD.buttonLabel) {
        throw new ReplyShapeError(`button label "${button.label}" must be 1–${DISCORD.buttonLabel} characters`);
      }
      if (button.action.length > DISCORD.customId) {
        throw new ReplyShapeError(`action id "${button.action}" is longer than ${DISCORD.customId} characters`);
      }
    }
  }
}

const FIELD_ID = /^[a-z][a-z0-9-]{0,31}$/;

/** A form every platform can open: the stricter platform's limit on each part (see FORM). */
function assertFormShape(form: Form): void {
  const within = (what: string, text: string | undefined, max: number) => {
    if (text !== undefined && (!text || [...text].length > max)) throw new ReplyShapeError(`form ${what} "${text}" must be 1–${max} characters`);
  };
  within('title', form.title, FORM.title);
  within('submit label', form.submitLabel, FORM.submitLabel);
  if (form.submitAction.length > DISCORD.customId)
    throw new ReplyShapeError(`form action id "${form.submitAction}" is longer than ${DISCORD.customId} characters`);
  if (form.fields.length === 0 || form.fields.length > FORM.fields)
    throw new ReplyShapeError(`a form has ${form.fields.length} fields; 1–${FORM.fields} allowed`);
  const ids = new Set<string>();
  for (const field of form.fields) {
    if (!FIELD_ID.test(field.id) || ids.has(field.id)) throw new ReplyShapeError(`form field id "${field.id}" must match ${FIELD_ID} and be unique`);
    ids.add(field.id);
    within('field label', field.label, FORM.fieldLabel);
    within('placeholder', field.placeholder, FORM.placeholder);
    if (!Number.isInteger(field.maxLength) || field.maxLength < 1 || field.maxLength > FORM.fieldValue) {
      throw new ReplyShapeError(`form field "${field.id}" max length ${field.maxLength} must be 1–${FORM.fieldValue}`);
    }
  }
  if (form.typedAs !== undefined && form.fields.some((f) => f.required))
    throw new ReplyShapeError('a form the console sends at once (typedAs) cannot have required fields');
}
