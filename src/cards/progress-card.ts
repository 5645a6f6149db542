import type { SKRSContext2D } from '@napi-rs/canvas';
import type { ProgressCard } from '../core/cards.js';
import { SANS, SANS_BOLD } from './fonts.js';
import { PAD, drawFrame, drawKey, roundedRect } from './parts.js';
import { CARD_WIDTH, THEME } from './theme.js';

const COLUMNS = 11;
const TILE = 56;
const GAP = 12;
const GRID_TOP = 124;

export function progressCardHeight(card: ProgressCard): number {
  const rows = Math.ceil(card.chapters.length / COLUMNS);
  return GRID_TOP + rows * (TILE + GAP) + 64;
}

const FILL = { mastered: THEME.right, started: THEME.accent, 'not-started': THEME.panel } as const;

/**
 * The course as a map: one tile per chapter in course order, filled as far as
 * its lessons are done, green once mastered; a ring marks where the member goes
 * next and a flag where the channel's study plan is.
 */
export function drawProgressCard(ctx: SKRSContext2D, card: ProgressCard): void {
  const height = progressCardHeight(card);
  const mastered = card.chapters.filter((c) => c.state === 'mastered').length;
  drawFrame(
    ctx,
    height,
    `🎯 ${card.name}`,
    `${card.lessonsDone} of ${card.lessonsTotal} lessons done · ${mastered} of ${card.chapters.length} chapters mastered`,
  );

  const gridWidth = COLUMNS * TILE + (COLUMNS - 1) * GAP;
  const left = (CARD_WIDTH - gridWidth) / 2;
  card.chapters.forEach((chapter, i) => {
    const x = left + (i % COLUMNS) * (TILE + GAP);
    const y = GRID_TOP + Math.floor(i / COLUMNS) * (TILE + GAP);
    roundedRect(ctx, x, y, TILE, TILE, 10);
    ctx.fillStyle = THEME.panel;
    ctx.fill();
    // Filled from the bottom as far as the chapter's lessons are done; all of it once mastered.
    const share = chapter.state === 'mastered' ? 1 : chapter.lessons ? chapter.done / chapter.lessons : 0;
    if (share > 0) {
      ctx.save();
      roundedRect(ctx, x, y, TILE, TILE, 10);
      ctx.clip();
      ctx.fillStyle = FILL[chapter.state];
      ctx.fillRect(x, y + TILE * (1 - share), TILE, TILE * share);
      ctx.restore();
    }
    if (chapter.number === card.next) {
      ctx.strokeStyle = THEME.text;
      ctx.lineWidth = 3;
      roundedRect(ctx, x - 4, y - 4, TILE + 8, TILE + 8, 13);
      ctx.stroke();
    }
    ctx.fillStyle = THEME.text;
    ctx.font = `20px ${SANS_BOLD}`;
    ctx.textAlign = 'center';
    ctx.fillText(String(chapter.number), x + TILE / 2, y + TILE / 2 + 7);
    ctx.textAlign = 'left';
    if (chapter.number === card.plan) {
      ctx.font = `18px ${SANS}`;
      ctx.fillText('🚩', x + TILE - 18, y + 18);
    }
  });

  // The key.
  const y = height - 28;
  const x = drawKey(ctx, PAD, y, 15, [
    ['mastered', THEME.right],
    ['lessons done', THEME.accent],
    ['not started', THEME.panel],
  ]);
  ctx.strokeStyle = THEME.text;
  ctx.lineWidth = 2;
  roundedRect(ctx, x, y - 12, 14, 14, 4);
  ctx.stroke();
  ctx.fillStyle = THEME.muted;
  ctx.fillText('your next lesson', x + 20, y);
  if (card.plan) ctx.fillText('🚩 the study plan', x + ctx.measureText('your next lesson').width + 44, y);
}
