import { splitBlocks, tablesToMonospace } from '../../core/markdown.js';
import type { Button, Reply } from '../../core/reply.js';

export interface TerminalStyle {
  color: boolean;
  width: number;
}

const ansi = (code: string, on: boolean) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Renders a core reply for a terminal: bold title, wrapped text, bullets, numbered buttons. */
export function renderReply(reply: Reply, style: TerminalStyle): string {
  const bold = ansi('1', style.color);
  const dim = ansi('2', style.color);
  const out: string[] = [];
  if (reply.title) out.push(bold(reply.title), '');
  if (reply.body) out.push(...renderMarkdown(reply.body, style), '');
  for (const field of reply.fields ?? []) out.push(bold(field.name), ...renderMarkdown(field.value, style), '');
  if (reply.footer) out.push(dim(reply.footer));
  if (reply.links?.length) out.push('', bold('Sources'), ...reply.links.map((link) => `  ${link.label.replace(/^📄 /, '')}: ${link.url}`));
  const buttons = (reply.buttons ?? []).flat();
  if (buttons.length) out.push(renderButtons(buttons, style));
  while (out.at(-1) === '') out.pop();
  return out.join('\n');
}

export function renderButtons(buttons: Button[], style: TerminalStyle): string {
  const cyan = ansi('36', style.color);
  return buttons.map((b, i) => cyan(`[${i + 1}] ${b.label}`)).join('  ');
}

/** A private-use character that never occurs in content: marks set-aside escapes. */
const MARK = '\uE000';
const ESCAPED = new RegExp(`${MARK}(\\d+)${MARK}`, 'g');

/** Markdown inline marks for a terminal. Escaped characters are set aside first so `\*` stays a star. */
function inline(text: string, style: TerminalStyle): string {
  const bold = ansi('1', style.color);
  const escaped: string[] = [];
  return text
    .replace(/\\([\\*_`~|>[\]])/g, (_, ch: string) => `${MARK}${escaped.push(ch) - 1}${MARK}`)
    .replace(/\*\*(.+?)\*\*/g, (_, t: string) => bold(t))
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, (_, t: string) => (style.color ? ansi('36', true)(t) : t))
    .replace(/<#([^>|]+)(?:\|[^>]*)?>/g, '#$1')
    .replace(ESCAPED, (_, i: string) => escaped[Number(i)]!);
}

export function renderMarkdown(markdown: string, style: TerminalStyle): string[] {
  const dim = ansi('2', style.color);
  const lines: string[] = [];
  for (const block of splitBlocks(tablesToMonospace(markdown))) {
    if (block.kind === 'code') {
      lines.push(...block.lines.filter((l) => !/^\s*```/.test(l)).map((l) => dim(`  ${l}`)));
      continue;
    }
    for (const line of block.lines) {
      const bullet = /^(\s*)[-*•]\s+(.*)$/.exec(line);
      if (bullet) lines.push(...wrap(inline(bullet[2]!, style), style.width, `${bullet[1]}• `, `${bullet[1]}  `));
      else if (/^#{1,6}\s/.test(line)) lines.push(inline(`**${line.replace(/^#+\s*/, '')}**`, style));
      else lines.push(...wrap(inline(line, style), style.width, '', ''));
    }
  }
  return lines;
}

const ANSI_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const visibleLength = (text: string): number => [...text.replace(ANSI_CODE, '')].length;

/** Greedy word wrap that ignores ANSI codes when measuring. */
export function wrap(text: string, width: number, firstIndent: string, restIndent: string): string[] {
  if (!text.trim()) return [''];
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = firstIndent;
  let empty = true;
  for (const word of words) {
    if (!empty && visibleLength(current) + 1 + visibleLength(word) > width) {
      lines.push(current);
      current = restIndent;
      empty = true;
    }
    current += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(current);
  return lines;
}
