import type { SKRSContext2D } from '@napi-rs/canvas';
import { cardText } from '../core/cards.js';
import { drawable, graphemes } from './fonts.js';

/** `text` cut at a grapheme (an emoji with its modifiers is one) so it fits `width` pixels in the current font, with "…". */
export function fitText(ctx: SKRSContext2D, text: string, width: number): string {
  text = drawable(text);
  if (ctx.measureText(text).width <= width) return text;
  const parts = [...graphemes.segment(text)].map((s) => s.segment);
  // Binary search on the number of graphemes kept.
  let low = 0;
  let high = parts.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (ctx.measureText(`${parts.slice(0, middle).join('').trimEnd()}…`).width <= width) low = middle;
    else high = middle - 1;
  }
  return `${parts.slice(0, low).join('').trimEnd()}…`;
}

/** The first letter of a name, for its avatar. */
export function initialOf(name: string): string {
  const first = [...graphemes.segment(drawable(cardText(name)))][0]?.segment ?? '?';
  return first.toLocaleUpperCase();
}

/** A stable colour per member, so the same person keeps the same avatar on every card. */
export function avatarColour(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360}, 55%, 45%)`;
}

/** `text` broken into lines of at most `width` pixels at spaces, at most `maxLines`, the last one cut with "…" if more is left. */
export function wrapText(ctx: SKRSContext2D, text: string, width: number, maxLines: number): string[] {
  text = drawable(text);
  const lines: string[] = [];
  let line = '';
  const words = text.split(' ');
  for (const [index, word] of words.entries()) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= width || !line) {
      line = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) return [...lines, fitText(ctx, `${line} ${words.slice(index).join(' ')}`, width)];
    lines.push(line);
    line = word;
  }
  // A single word wider than the card is cut too.
  return [...lines, fitText(ctx, line, width)];
}
