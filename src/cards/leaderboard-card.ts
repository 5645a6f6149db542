import type { SKRSContext2D } from '@napi-rs/canvas';
import { cardText, type LeaderboardCard, type LeaderboardCardRow } from '../core/cards.js';
import { SANS, SANS_BOLD } from './fonts.js';
import { PAD, drawFrame, roundedRect } from './parts.js';
import { avatarColour, fitText, initialOf } from './text.js';
import { CARD_WIDTH, THEME } from './theme.js';

const HEADER = 104;
const ROW = 52;
const GAP = 28;
const FOOTER = 56;
/** Where a name must end: the detail column ("12 right", up to 110 px) starts 20 px further right. */
export const NAME_END = CARD_WIDTH - PAD - 350;

export function leaderboardCardHeight(card: LeaderboardCard): number {
  const rows = Math.max(card.rows.length, 1) + (card.caller ? 1 : 0);
  return HEADER + rows * ROW + (card.caller ? GAP : 0) + FOOTER;
}

/** The top of a board, one row per member, the caller's own row under a gap when they are further down. */
export function drawLeaderboardCard(ctx: SKRSContext2D, card: LeaderboardCard): void {
  drawFrame(ctx, leaderboardCardHeight(card), `🏆 ${card.title}`, card.place);

  let y = HEADER;
  if (!card.rows.length) {
    ctx.fillStyle = THEME.muted;
    ctx.font = `20px ${SANS}`;
    ctx.fillText('No points yet: answer the daily quiz to get on the board.', PAD, y + 32);
    y += ROW;
  }
  for (const row of card.rows) {
    drawRow(ctx, row, y);
    y += ROW;
  }
  if (card.caller) {
    ctx.fillStyle = THEME.muted;
    ctx.font = `20px ${SANS_BOLD}`;
    ctx.fillText('…', PAD + 12, y + 18);
    y += GAP;
    drawRow(ctx, card.caller, y);
    y += ROW;
  }

  ctx.fillStyle = THEME.muted;
  ctx.font = `16px ${SANS}`;
  ctx.fillText(fitText(ctx, cardText(card.footer), CARD_WIDTH - 2 * PAD), PAD, y + 36);
}

function drawRow(ctx: SKRSContext2D, row: LeaderboardCardRow, top: number): void {
  const middle = top + ROW / 2;
  if (row.you) {
    ctx.fillStyle = THEME.you;
    roundedRect(ctx, PAD - 12, top + 4, CARD_WIDTH - 2 * PAD + 24, ROW - 8, 10);
    ctx.fill();
  }

  // Rank: a medal disc for the top three who scored, a number otherwise.
  const medal = row.points > 0 ? THEME.medals[row.rank - 1] : undefined;
  ctx.textAlign = 'center';
  if (medal) {
    ctx.fillStyle = medal;
    ctx.beginPath();
    ctx.arc(PAD + 18, middle, 16, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = THEME.background;
  } else {
    ctx.fillStyle = THEME.muted;
  }
  ctx.font = `18px ${SANS_BOLD}`;
  ctx.fillText(String(row.rank), PAD + 18, middle + 6);

  // Avatar: the name's initial on its own colour.
  const name = cardText(row.name);
  ctx.fillStyle = avatarColour(name);
  ctx.beginPath();
  ctx.arc(PAD + 66, middle, 17, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = `18px ${SANS_BOLD}`;
  ctx.fillText(initialOf(name), PAD + 66, middle + 6);

  // Numbers from the right edge: streak, points.
  const right = CARD_WIDTH - PAD;
  ctx.textAlign = 'right';
  ctx.font = `20px ${SANS}`;
  const streak = row.streak ?? 0;
  ctx.fillStyle = streak >= 2 ? THEME.streak : THEME.missed;
  ctx.fillText(streak >= 2 ? `🔥 ${streak}` : '–', right, middle + 7);
  ctx.fillStyle = THEME.text;
  ctx.font = `22px ${SANS_BOLD}`;
  ctx.fillText(`${row.points.toLocaleString('en-US')} pts`, right - 90, middle + 8);
  ctx.fillStyle = THEME.muted;
  ctx.font = `16px ${SANS}`;
  ctx.fillText(fitText(ctx, cardText(row.detail, ''), 110), right - 220, middle + 6);

  // The name takes what is left.
  ctx.textAlign = 'left';
  ctx.fillStyle = THEME.text;
  ctx.font = `22px ${row.you ? SANS_BOLD : SANS}`;
  const nameLeft = PAD + 96;
  // 20 px clear of the detail column, which ends its right-aligned text at most 110 px wide at right - 220.
  ctx.fillText(fitText(ctx, name, NAME_END - nameLeft), nameLeft, middle + 8);
}
