import type { types } from '@slack/bolt';
import type { Form } from '../../core/forms.js';
import { SLACK } from '../../core/limits.js';
import { splitBlocks, tablesToMonospace, truncate } from '../../core/markdown.js';
import type { Reply } from '../../core/reply.js';

/** The Block Kit blocks a reply becomes, as Bolt's own types (`@slack/types`) name them. */
export type SlackBlock = types.HeaderBlock | types.SectionBlock | types.ContextBlock | types.ActionsBlock;

export interface SlackMessage {
  /** Plain text: notifications and clients that cannot show blocks. */
  text: string;
  blocks: SlackBlock[];
}

const CHANNEL_LINK = /<#([A-Z0-9]{6,})>/g;

/**
 * Escapes Slack's control characters so no text (content or user input) can
 * become a mention, `<!channel>` or a link; only the core's own channel links
 * (`<#C123>`, ids only) survive.
 */
export function escapeSlack(text: string): string {
  const links: string[] = [];
  const kept = text.replace(CHANNEL_LINK, (_, id: string) => `\uE001${links.push(id) - 1}\uE001`);
  return kept
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\uE001(\d+)\uE001/g, (_, i: string) => `<#${links[Number(i)]}>`);
}

/**
 * mrkdwn cannot escape its formatting characters, so those the core escaped
 * (user text, see quoteUserText) are shown as look-alikes: a member's `*bold*`
 * or `_italic_` stays plain text on Slack, as it does on Discord.
 */
const LOOK_ALIKES: Record<string, string> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };

/** Markdown (as the core writes it) to Slack mrkdwn: *bold*, code as is, tables as monospace, headings bold. */
export function toMrkdwn(markdown: string): string {
  return splitBlocks(tablesToMonospace(markdown))
    .map((block) => {
      const text = block.lines.join('\n');
      if (block.kind === 'code') return escapeSlack(text);
      return escapeSlack(text)
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
        .replace(/\\([\\*_`~|[\]]|&gt;)/g, (_, escaped: string) => LOOK_ALIKES[escaped] ?? escaped);
    })
    .join('\n');
}

/** Splits mrkdwn into pieces of at most `max`, at line boundaries, keeping code blocks closed. */
export function splitMrkdwn(text: string, max: number = SLACK.sectionText): string[] {
  const pieces: string[] = [];
  let current = '';
  let inCode = false;
  for (const line of text.split('\n')) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > max - 4 && current) {
      pieces.push(inCode ? `${current}\n\`\`\`` : current);
      current = inCode ? `\`\`\`\n${line}` : line;
    } else {
      current = next;
    }
    if (/^\s*```/.test(line)) inCode = !inCode;
    while (current.length > max - 4) {
      pieces.push(current.slice(0, max - 4));
      current = current.slice(max - 4);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The action ids of link buttons: clicks Slack reports but nothing has to handle. */
export const SLACK_LINK_ACTION_PREFIX = 'link:';
/** Slack allows 25 elements in an actions block. */
const SLACK_LINKS_PER_BLOCK = 25;

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function renderSlack(reply: Reply): SlackMessage {
  const blocks: SlackBlock[] = [];
  if (reply.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(reply.title, SLACK.headerText), emoji: true } });
  if (reply.body) for (const piece of splitMrkdwn(toMrkdwn(reply.body))) blocks.push(section(piece));
  for (const field of reply.fields ?? []) {
    for (const piece of splitMrkdwn(`*${escapeSlack(field.name)}*\n${toMrkdwn(field.value)}`)) blocks.push(section(piece));
  }
  if (reply.footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(toMrkdwn(reply.footer), SLACK.sectionText) }] });
  const actions: types.ActionsBlock[] = (reply.buttons ?? []).map((row, r) => ({
    type: 'actions',
    block_id: `row-${r}`,
    elements: row.map((b) => ({
      type: 'button',
      text: { type: 'plain_text', text: truncate(b.label, SLACK.buttonText), emoji: true },
      action_id: b.action,
      value: b.action,
      ...(b.style === 'primary' ? { style: 'primary' } : b.style === 'danger' ? { style: 'danger' } : {}),
    })),
  }));
  // Link buttons open the URL in the browser; Slack still tells the app of the click, which the
  // adapter acknowledges and ignores (action ids starting with "link:").
  if (reply.links?.length) {
    actions.push({
      type: 'actions',
      block_id: 'links',
      elements: reply.links.slice(0, SLACK_LINKS_PER_BLOCK).map((link, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(link.label, SLACK.buttonText), emoji: true },
        action_id: `${SLACK_LINK_ACTION_PREFIX}${i}`,
        url: link.url,
      })),
    });
  }
  // Buttons matter more than the tail of a long text: keep them within the 50-block limit.
  const room = SLACK.blocks - actions.length;
  const kept = blocks.length > room ? [...blocks.slice(0, room - 1), section('…')] : blocks;
  return { text: truncate(escapeSlack(reply.fallback || reply.title || ''), 3000), blocks: [...kept, ...actions] };
}

/**
 * A core form as a Slack modal view (`views.open`): one input block per field,
 * its block_id and action_id the field's id, so the view_submission's
 * `state.values[id][id]` is the field's value. The submit action id is the
 * view's callback_id; `privateMetadata` comes back with the submission.
 */
export function renderSlackModal(form: Form, privateMetadata: string): types.ModalView {
  const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text, emoji: true });
  return {
    type: 'modal',
    callback_id: form.submitAction,
    title: plain(form.title),
    submit: plain(form.submitLabel),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks: form.fields.map(
      (field): types.InputBlock => ({
        type: 'input',
        block_id: field.id,
        optional: !field.required,
        label: plain(field.label),
        element: {
          type: 'plain_text_input',
          action_id: field.id,
          multiline: field.style === 'paragraph',
          max_length: field.maxLength,
          ...(field.placeholder ? { placeholder: plain(field.placeholder) } : {}),
        },
      }),
    ),
  };
}
