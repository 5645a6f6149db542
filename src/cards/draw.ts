import type * as Skia from '@napi-rs/canvas';
import type { Card } from '../core/cards.js';
import { registerCardFonts } from './fonts.js';
import { drawLeaderboardCard, leaderboardCardHeight } from './leaderboard-card.js';
import { drawProgressCard, progressCardHeight } from './progress-card.js';
import { drawRevealCard, revealCardHeight } from './reveal-card.js';
import { drawStatsCard, STATS_CARD_HEIGHT } from './stats-card.js';
import { CARD_WIDTH, SCALE } from './theme.js';

type SkiaModule = typeof Skia;

/** Canvases kept per size for the next card. */
const IDLE_CANVASES_PER_SIZE = 2;

export interface DrawnCard {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * Draws cards into PNGs with Skia (@napi-rs/canvas). Skia is loaded with the
 * first card. Canvases are reused per size: Skia's pixel memory lives outside
 * the JavaScript heap, where the garbage collector does not see it, and a
 * canvas per card left about 75 MB behind after 400 cards. Each card paints its
 * whole background, so what the canvas drew before does not show.
 */
export class CardPainter {
  private skia: Promise<SkiaModule> | undefined;
  private readonly idle = new Map<string, Skia.Canvas[]>();

  async draw(card: Card): Promise<DrawnCard> {
    const [width, height] = [CARD_WIDTH * SCALE, heightOf(card) * SCALE];
    const canvas = await this.canvas(width, height);
    try {
      const ctx = canvas.getContext('2d');
      // Every card starts from the context's defaults, whatever the canvas drew before.
      ctx.save();
      ctx.setTransform(SCALE, 0, 0, SCALE, 0, 0);
      drawCard(ctx, card);
      ctx.restore();
      return { png: await canvas.encode('png'), width, height };
    } finally {
      this.giveBack(canvas);
    }
  }

  private async canvas(width: number, height: number): Promise<Skia.Canvas> {
    const { createCanvas } = await this.load();
    return this.idle.get(`${width}x${height}`)?.pop() ?? createCanvas(width, height);
  }

  private giveBack(canvas: Skia.Canvas): void {
    const key = `${canvas.width}x${canvas.height}`;
    const idle = this.idle.get(key) ?? [];
    if (idle.length < IDLE_CANVASES_PER_SIZE) idle.push(canvas);
    this.idle.set(key, idle);
  }

  private load(): Promise<SkiaModule> {
    this.skia ??= import('@napi-rs/canvas').then((skia) => {
      registerCardFonts(skia.GlobalFonts);
      return skia;
    });
    return this.skia;
  }
}

function drawCard(ctx: Skia.SKRSContext2D, card: Card): void {
  switch (card.kind) {
    case 'leaderboard':
      return drawLeaderboardCard(ctx, card);
    case 'stats':
      return drawStatsCard(ctx, card);
    case 'reveal':
      return drawRevealCard(ctx, card);
    case 'progress':
      return drawProgressCard(ctx, card);
  }
}

function heightOf(card: Card): number {
  switch (card.kind) {
    case 'leaderboard':
      return leaderboardCardHeight(card);
    case 'stats':
      return STATS_CARD_HEIGHT;
    case 'reveal':
      return revealCardHeight(card);
    case 'progress':
      return progressCardHeight(card);
  }
}
