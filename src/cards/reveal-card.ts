import type { SKRSContext2D } from '@napi-rs/canvas';
import { cardText, type RevealCard } from '../core/cards.js';
import { SANS, SANS_BOLD } from './fonts.js';
import { PAD, roundedRect } from './parts.js';
import { fitText, wrapText } from './text.js';
import { CARD_WIDTH, THEME } from './theme.js';

const BAR = 58;
const QUESTION_LINES = 3;
const QUESTION_LINE = 30;

export function revealCardHeight(card: RevealCard): number {
  return PAD + QUESTION_LINES * QUESTION_LINE + 24 + card.choices.length * BAR + 40;
}

/** How the channel answered: a bar per choice, the right one in green with a tick. */
export function drawRevealCard(ctx: SKRSContext2D, card: RevealCard): void {
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, CARD_WIDTH, revealCardHeight(card));
  ctx.textBaseline = 'alphabetic';

  ctx.fillStyle = THEME.text;
  ctx.font = `24px ${SANS_BOLD}`;
  const lines = wrapText(ctx, cardText(card.question), CARD_WIDTH - 2 * PAD, QUESTION_LINES);
  lines.forEach((line, i) => ctx.fillText(line, PAD, PAD + 24 + i * QUESTION_LINE));

  const total = card.choices.reduce((n, c) => n + c.count, 0);
  const most = Math.max(1, ...card.choices.map((c) => c.count));
  const barLeft = PAD + 44;
  const barWidth = CARD_WIDTH - barLeft - PAD - 120;
  let y = PAD + QUESTION_LINES * QUESTION_LINE + 24;
  for (const choice of card.choices) {
    // The letter in a disc, green for the right answer.
    ctx.fillStyle = choice.correct ? THEME.right : THEME.panel;
    ctx.beginPath();
    ctx.arc(PAD + 16, y + 22, 16, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = THEME.text;
    ctx.font = `18px ${SANS_BOLD}`;
    ctx.textAlign = 'center';
    ctx.fillText(choice.label, PAD + 16, y + 28);
    ctx.textAlign = 'left';

    roundedRect(ctx, barLeft, y + 6, barWidth, 32, 8);
    ctx.fillStyle = THEME.panel;
    ctx.fill();
    const filled = (choice.count / most) * barWidth;
    if (filled > 0) {
      roundedRect(ctx, barLeft, y + 6, Math.max(filled, 16), 32, 8);
      ctx.fillStyle = choice.correct ? THEME.right : THEME.missed;
      ctx.fill();
    }
    ctx.fillStyle = THEME.text;
    ctx.font = `${choice.correct ? '17px ' + SANS_BOLD : '17px ' + SANS}`;
    ctx.fillText(fitText(ctx, `${choice.correct ? '✔ ' : ''}${cardText(choice.text)}`, barWidth - 24), barLeft + 12, y + 28);

    ctx.textAlign = 'right';
    ctx.font = `20px ${SANS_BOLD}`;
    ctx.fillText(String(choice.count), CARD_WIDTH - PAD - 48, y + 29);
    ctx.fillStyle = THEME.muted;
    ctx.font = `16px ${SANS}`;
    ctx.fillText(total ? `${Math.round((100 * choice.count) / total)}%` : '–', CARD_WIDTH - PAD, y + 29);
    ctx.textAlign = 'left';
    y += BAR;
  }
  ctx.fillStyle = THEME.muted;
  ctx.font = `16px ${SANS}`;
  ctx.fillText(total === 1 ? '1 answer' : `${total} answers`, PAD, y + 22);
}
