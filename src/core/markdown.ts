/**
 * Small, platform-neutral Markdown helpers.
 *
 * Neither Discord embeds nor Slack mrkdwn render Markdown tables, so lessons keep
 * authoring tables in standard Markdown and every renderer calls
 * `tablesToMonospace` to turn them into aligned code blocks that read well in a
 * fixed-width font on any platform.
 */

import { ExpiringCache } from './expiring-cache.js';

const FENCE = /^\s*```/;

export interface Block {
  kind: 'text' | 'code' | 'table';
  lines: string[];
}

/** Splits Markdown into text, fenced code and table blocks (tables outside code only). */
export function splitBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let current: Block | undefined;
  const push = (kind: Block['kind'], line: string): void => {
    if (!current || current.kind !== kind) {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  };
  let inCode = false;
  for (const line of lines) {
    if (inCode) {
      push('code', line);
      if (FENCE.test(line)) {
        inCode = false;
        current = undefined;
      }
      continue;
    }
    if (FENCE.test(line)) {
      current = undefined;
      push('code', line);
      inCode = true;
      continue;
    }
    push(isTableRow(line) ? 'table' : 'text', line);
  }
  return blocks;
}

export function isTableRow(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length > 1;
}

function isSeparatorRow(cells: string[]): boolean {
  return cells.every((cell) => /^:?-{2,}:?$/.test(cell.trim()) || cell.trim() === '');
}

export function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim().replace(/\*\*|__|`/g, ''));
}

/** Renders one Markdown table as aligned plain-text rows (no fence). */
export function formatTable(lines: string[]): string[] {
  const rows = lines.map(tableCells).filter((cells) => !isSeparatorRow(cells));
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const render = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === columns - 1 ? cell : cell + ' '.repeat((widths[c] ?? 0) - [...cell].length)))
      .join(' │ ')
      .trimEnd();
  const out: string[] = [];
  rows.forEach((cells, index) => {
    const padded = Array.from({ length: columns }, (_, c) => cells[c] ?? '');
    out.push(render(padded));
    if (index === 0 && rows.length > 1) {
      out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    }
  });
  return out;
}

/** Converted texts: every Discord, Slack or console reply of a lesson converts the same body again (about 33 KB of garbage each time). */
const monospaced = new ExpiringCache<string, string>(Number.POSITIVE_INFINITY, 512);

/** Replaces every Markdown table with an aligned fenced code block. */
export function tablesToMonospace(markdown: string): string {
  return monospaced.remember(markdown, () =>
    splitBlocks(markdown)
      .map((block) => (block.kind === 'table' ? ['```', ...formatTable(block.lines), '```'].join('\n') : block.lines.join('\n')))
      .join('\n'),
  );
}

/** True when every ``` fence is closed. */
export function fencesBalanced(markdown: string): boolean {
  const fences = markdown.split('\n').filter((line) => FENCE.test(line)).length;
  return fences % 2 === 0;
}

/** Lines that a reader sees in a fixed-width font: code lines and rendered table rows. */
export function monospaceLines(markdown: string): string[] {
  return splitBlocks(markdown).flatMap((block) => {
    if (block.kind === 'code') return block.lines.filter((line) => !FENCE.test(line));
    if (block.kind === 'table') return formatTable(block.lines);
    return [];
  });
}

/** Counts words the way a reader would: code blocks excluded. */
export function wordCount(markdown: string): number {
  return splitBlocks(markdown)
    .filter((block) => block.kind !== 'code')
    .flatMap((block) => block.lines)
    .join(' ')
    .replace(/[|#*_`>-]/g, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Shortens text to `max` characters (by code point), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  // No string of max UTF-16 units or fewer has more than max code points: most never need counting.
  // Longer ones are walked only as far as the cut, never spread into an array (a card's alt text
  // runs to a thousand characters, and this is on every reply's path).
  if (text.length <= max) return text;
  let points = 0;
  let units = 0;
  let kept = 0;
  for (const point of text) {
    if (points === max - 1) kept = units;
    points += 1;
    units += point.length;
    if (points > max) return text.slice(0, kept).trimEnd() + '…';
  }
  return text;
}
