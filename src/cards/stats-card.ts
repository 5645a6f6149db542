import type { SKRSContext2D } from '@napi-rs/canvas';
import type { StatsCard } from '../core/cards.js';
import { SANS, SANS_BOLD } from './fonts.js';
import { PAD, drawFrame, drawKey, roundedRect } from './parts.js';
import { CARD_WIDTH, THEME } from './theme.js';

export const STATS_CARD_HEIGHT = 560;
const WEEKS = 12;
const CELL = 22;
const CELL_GAP = 5;

/** A member's numbers: accuracy as a ring, points by part, streaks, and 12 weeks of quiz days. */
export function drawStatsCard(ctx: SKRSContext2D, card: StatsCard): void {
  drawFrame(ctx, STATS_CARD_HEIGHT, `📊 ${card.name}`, card.rank && `#${card.rank.rank} of ${card.rank.of} this week`);

  drawAccuracyRing(ctx, card.accuracy, PAD + 80, 190);
  drawStreaks(ctx, card.streak, PAD, 318);
  drawPoints(ctx, card.points, 230, 120);
  drawCalendar(ctx, card.calendar.days, 230, 346);
}

function drawAccuracyRing(ctx: SKRSContext2D, { correct, answered }: StatsCard['accuracy'], x: number, y: number): void {
  const share = answered ? correct / answered : 0;
  ctx.lineWidth = 16;
  ctx.lineCap = 'round';
  ctx.strokeStyle = THEME.panel;
  ctx.beginPath();
  ctx.arc(x, y, 64, 0, Math.PI * 2);
  ctx.stroke();
  if (share > 0) {
    ctx.strokeStyle = THEME.right;
    ctx.beginPath();
    ctx.arc(x, y, 64, -Math.PI / 2, -Math.PI / 2 + share * Math.PI * 2);
    ctx.stroke();
  }
  ctx.textAlign = 'center';
  ctx.fillStyle = THEME.text;
  ctx.font = `30px ${SANS_BOLD}`;
  ctx.fillText(answered ? `${Math.round(share * 100)}%` : '–', x, y + 8);
  ctx.fillStyle = THEME.muted;
  ctx.font = `15px ${SANS}`;
  ctx.fillText(`${correct} of ${answered} right`, x, y + 100);
  ctx.textAlign = 'left';
}

function drawStreaks(ctx: SKRSContext2D, streak: StatsCard['streak'], x: number, y: number): void {
  ctx.fillStyle = THEME.streak;
  ctx.font = `26px ${SANS_BOLD}`;
  ctx.fillText(`🔥 ${streak.current}`, x + 20, y + 40);
  ctx.fillStyle = THEME.muted;
  ctx.font = `16px ${SANS}`;
  ctx.fillText(`streak now · best ${streak.best}`, x + 20, y + 66);
}

/** One bar per period, split into answers, speed and streak points. */
function drawPoints(ctx: SKRSContext2D, lines: StatsCard['points'], x: number, y: number): void {
  const width = CARD_WIDTH - PAD - x;
  const labelWidth = 110;
  const barWidth = width - labelWidth - 90;
  const most = Math.max(1, ...lines.map((l) => l.base + l.speed + l.streak));
  lines.forEach((line, i) => {
    const top = y + i * 48;
    const total = line.base + line.speed + line.streak;
    ctx.fillStyle = THEME.muted;
    ctx.font = `17px ${SANS}`;
    ctx.fillText(line.label, x, top + 20);
    roundedRect(ctx, x + labelWidth, top + 4, barWidth, 20, 6);
    ctx.fillStyle = THEME.panel;
    ctx.fill();
    let left = x + labelWidth;
    for (const [value, colour] of [
      [line.base, THEME.accent],
      [line.speed, THEME.speed],
      [line.streak, THEME.streak],
    ] as const) {
      const part = (value / most) * barWidth;
      if (part <= 0) continue;
      ctx.fillStyle = colour;
      ctx.fillRect(left, top + 4, part, 20);
      left += part;
    }
    ctx.fillStyle = THEME.text;
    ctx.font = `20px ${SANS_BOLD}`;
    ctx.textAlign = 'right';
    ctx.fillText(total.toLocaleString('en-US'), CARD_WIDTH - PAD, top + 22);
    ctx.textAlign = 'left';
  });
  drawKey(ctx, x + labelWidth, y + lines.length * 48 + 13, 14, [
    ['answers', THEME.accent],
    ['speed', THEME.speed],
    ['streak', THEME.streak],
  ]);
}

/** Twelve columns of weeks, Monday on top: right, wrong, missed, or no quiz that day. */
function drawCalendar(ctx: SKRSContext2D, days: StatsCard['calendar']['days'], x: number, y: number): void {
  ctx.fillStyle = THEME.muted;
  ctx.font = `15px ${SANS}`;
  ctx.fillText('Last 12 weeks of quiz days', x, y - 14);
  const colours = { right: THEME.right, wrong: THEME.wrong, missed: THEME.missed } as const;
  for (let week = 0; week < WEEKS; week++) {
    for (let day = 0; day < 7; day++) {
      const result = days[week * 7 + day];
      const left = x + week * (CELL + CELL_GAP);
      const top = y + day * (CELL + CELL_GAP) - 4;
      roundedRect(ctx, left, top, CELL, CELL, 4);
      if (result) {
        ctx.fillStyle = colours[result];
        ctx.fill();
      } else {
        ctx.strokeStyle = THEME.panel;
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
  }
  const keyLeft = x + WEEKS * (CELL + CELL_GAP) + 16;
  ctx.font = `14px ${SANS}`;
  (['right', 'wrong', 'missed'] as const).forEach((result, i) => {
    ctx.fillStyle = colours[result];
    ctx.fillRect(keyLeft, y + i * 24, 12, 12);
    ctx.fillStyle = THEME.muted;
    ctx.fillText(result, keyLeft + 18, y + i * 24 + 11);
  });
}
