import type { SKRSContext2D } from '@napi-rs/canvas';
import { cardText } from '../core/cards.js';
import { SANS, SANS_BOLD } from './fonts.js';
import { fitText } from './text.js';
import { CARD_WIDTH, THEME } from './theme.js';

/** The margin every card keeps. */
export const PAD = 32;

/** The card's background, and its title (an icon and a name) with a line under it. */
export function drawFrame(ctx: SKRSContext2D, height: number, title: string, subtitle?: string): void {
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, CARD_WIDTH, height);
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = THEME.text;
  ctx.font = `30px ${SANS_BOLD}`;
  ctx.fillText(fitText(ctx, cardText(title), CARD_WIDTH - 2 * PAD), PAD, 52);
  if (!subtitle) return;
  ctx.fillStyle = THEME.muted;
  ctx.font = `18px ${SANS}`;
  ctx.fillText(fitText(ctx, cardText(subtitle), CARD_WIDTH - 2 * PAD), PAD, 82);
}

/** A key to a card's colours, left to right from `x` on the line `baseline`; returns where it ends. */
export function drawKey(
  ctx: SKRSContext2D,
  x: number,
  baseline: number,
  fontPx: number,
  entries: ReadonlyArray<readonly [label: string, colour: string]>,
): number {
  ctx.font = `${fontPx}px ${SANS}`;
  for (const [label, colour] of entries) {
    ctx.fillStyle = colour;
    ctx.fillRect(x, baseline - 11, 12, 12);
    ctx.fillStyle = THEME.muted;
    ctx.fillText(label, x + 18, baseline);
    x += ctx.measureText(label).width + 44;
  }
  return x;
}

/** A rectangle with rounded corners, as the current path (fill or stroke it). */
export function roundedRect(ctx: SKRSContext2D, x: number, y: number, width: number, height: number, radius: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, radius);
}
