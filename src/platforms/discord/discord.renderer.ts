import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIButtonComponentWithCustomId,
  APIButtonComponentWithURL,
  APIEmbed,
  APIEmbedField,
  APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, MessageFlags, TextInputStyle } from 'discord-api-types/v10';
import type { Form } from '../../core/forms.js';
import { DISCORD } from '../../core/limits.js';
import { tablesToMonospace, truncate } from '../../core/markdown.js';
import type { Accent, Button, Link, Reply } from '../../core/reply.js';

/** A message body as Discord's API takes it: for replies, follow-ups, edits and channel messages alike. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  flags?: MessageFlags.Ephemeral;
  /** Nothing the bot sends may ping anyone, whatever the text contains. */
  allowed_mentions: { parse: [] };
  /** Describes the uploaded files: `id` n is part `files[n]`, `description` its alt text. */
  attachments?: Array<{ id: string; filename: string; description: string }>;
}

const COLOURS: Record<Accent, number> = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, danger: 0xed4245 };
const STYLES = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, success: ButtonStyle.Success, danger: ButtonStyle.Danger } as const;

/**
 * Cuts Markdown to `max` characters at a paragraph or line boundary when it
 * can, and closes a code block left open by the cut, so the result renders.
 */
export function fitMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - '\n…\n```'.length;
  if (room < 20) return '';
  let cut = text.slice(0, room);
  const boundary = Math.max(cut.lastIndexOf('\n\n'), cut.lastIndexOf('\n'));
  if (boundary > room * 0.6) cut = cut.slice(0, boundary);
  const fences = cut.split('\n').filter((line) => /^\s*```/.test(line)).length;
  return `${cut.trimEnd()}\n…${fences % 2 === 1 ? '\n```' : ''}`;
}

function button(b: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: STYLES[b.style ?? 'secondary'],
    label: truncate(b.label, DISCORD.buttonLabel),
    custom_id: b.action,
    disabled: b.disabled ?? false,
  };
}

/** A link button: Discord opens the URL itself, and the bot never hears of the click. */
function linkButton(link: Link): APIButtonComponentWithURL {
  return { type: ComponentType.Button, style: ButtonStyle.Link, label: truncate(link.label, DISCORD.buttonLabel), url: link.url };
}

/** Action buttons first, then links, five to a row, within Discord's five rows. */
function componentRows(reply: Reply): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIButtonComponent[][] = (reply.buttons ?? []).map((row) => row.slice(0, DISCORD.buttonsPerRow).map(button));
  const links = (reply.links ?? []).map(linkButton);
  for (let i = 0; i < links.length; i += DISCORD.buttonsPerRow) rows.push(links.slice(i, i + DISCORD.buttonsPerRow));
  return rows.slice(0, DISCORD.actionRows).map((components) => ({ type: ComponentType.ActionRow, components }));
}

export function renderDiscord(reply: Reply): DiscordMessage {
  let budget = DISCORD.embedTotal;
  const spend = (text: string | undefined, max: number): string | undefined => {
    if (!text) return undefined;
    const fitted = fitMarkdown(text, Math.min(max, budget));
    budget -= fitted.length;
    return fitted || undefined;
  };
  const embed: APIEmbed = { color: COLOURS[reply.accent ?? 'info'] };
  const title = spend(reply.title && truncate(reply.title, DISCORD.embedTitle), DISCORD.embedTitle);
  if (title) embed.title = title;
  const footer = spend(reply.footer && truncate(reply.footer, DISCORD.embedFooter), DISCORD.embedFooter);
  // The body comes first (the lesson itself); fields share what is left.
  const description = spend(reply.body && tablesToMonospace(reply.body), DISCORD.embedDescription);
  const fields: APIEmbedField[] = [];
  for (const field of (reply.fields ?? []).slice(0, DISCORD.embedFields)) {
    const name = truncate(field.name, DISCORD.embedFieldName);
    if (budget < name.length + 20) break;
    budget -= name.length;
    const value = spend(tablesToMonospace(field.value), DISCORD.embedFieldValue) ?? '\u200b';
    fields.push({ name, value, inline: field.inline ?? false });
  }
  if (description) embed.description = description;
  if (fields.length) embed.fields = fields;
  if (footer) embed.footer = { text: footer };
  if (reply.image) embed.image = { url: `attachment://${reply.image.name}` };
  return {
    embeds: [embed],
    components: componentRows(reply),
    ...(reply.private ? { flags: MessageFlags.Ephemeral as const } : {}),
    allowed_mentions: { parse: [] },
    ...(reply.image ? { attachments: [{ id: '0', filename: reply.image.name, description: truncate(reply.image.alt, DISCORD.attachmentDescription) }] } : {}),
  };
}

/**
 * A core form as a Discord modal (interaction callback type 9): each field a
 * Label around a text input, Discord's current layout (a text input inside a
 * Label carries no label of its own). The field's id comes back as the text
 * input's custom_id, the form's submit action as the modal's.
 */
export function renderDiscordModal(form: Form): APIModalInteractionResponseCallbackData {
  return {
    custom_id: form.submitAction,
    title: form.title,
    components: form.fields.map((field) => ({
      type: ComponentType.Label,
      label: field.label,
      component: {
        type: ComponentType.TextInput,
        custom_id: field.id,
        style: field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
        required: field.required,
        max_length: field.maxLength,
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      },
    })),
  };
}
