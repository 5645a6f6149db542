import type * as Skia from '@napi-rs/canvas';
import { cardAltText, cardTitle, type Card, type CardImage, type CardRenderer } from '../core/cards.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import { registerCardFonts } from './fonts.js';
import { drawLeaderboardCard, leaderboardCardHeight } from './leaderboard-card.js';
import { drawProgressCard, progressCardHeight } from './progress-card.js';
import { drawRevealCard, revealCardHeight } from './reveal-card.js';
import { drawStatsCard, STATS_CARD_HEIGHT } from './stats-card.js';
import { CARD_WIDTH, SCALE } from './theme.js';

/** The same card asked for again within this long (a board everyone checks after the reveal) is not drawn again. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 50;

type Canvas = typeof Skia;
type SkiaCanvas = Skia.Canvas;

/** Canvases kept per size for the next card; more are made while cards are drawn side by side. */
const IDLE_CANVASES_PER_SIZE = 2;

/**
 * Draws cards with Skia (@napi-rs/canvas, prebuilt for linux x64 and arm64).
 * Chosen over satori + resvg by measurement (docs/PERFORMANCE.md, "Cards"):
 * about half the time and a third of the memory, and font fallback across
 * scripts and emoji without extra code. Skia is loaded on the first card, so
 * a bot nobody asks for a picture never maps it.
 */
export class CanvasCardRenderer implements CardRenderer {
  private canvasModule: Promise<Canvas> | undefined;
  private readonly idle = new Map<string, SkiaCanvas[]>();
  private readonly drawn = new ExpiringCache<string, Promise<CardImage>>(CACHE_MS, CACHE_ENTRIES);

  async render(card: Card): Promise<CardImage> {
    const key = JSON.stringify(card);
    const cached = this.drawn.get(key);
    if (cached) return cached;
    const drawing = this.draw(card);
    this.drawn.set(key, drawing);
    // A failed drawing is not kept: the next ask tries again.
    drawing.catch(() => this.drawn.delete(key));
    return drawing;
  }

  private async draw(card: Card): Promise<CardImage> {
    const height = heightOf(card);
    const canvas = await this.canvas(CARD_WIDTH * SCALE, height * SCALE);
    try {
      const ctx = canvas.getContext('2d');
      // Every card starts from the context's defaults, whatever the canvas drew before.
      ctx.save();
      ctx.setTransform(SCALE, 0, 0, SCALE, 0, 0);
      drawCard(ctx, card);
      ctx.restore();
      const png = await canvas.encode('png');
      return { png, name: `${card.kind}.png`, title: cardTitle(card), alt: cardAltText(card), width: CARD_WIDTH * SCALE, height: height * SCALE };
    } finally {
      this.giveBack(canvas);
    }
  }

  /**
   * A canvas of that size, reused: Skia's pixel memory lives outside the JavaScript heap, where
   * the garbage collector does not see it, so a canvas per card left about 75 MB behind after 400
   * cards. Each card paints its whole background, so what the last one drew does not show.
   */
  private async canvas(width: number, height: number): Promise<SkiaCanvas> {
    const { createCanvas } = await this.skia();
    return this.idle.get(`${width}x${height}`)?.pop() ?? createCanvas(width, height);
  }

  private giveBack(canvas: SkiaCanvas): void {
    const key = `${canvas.width}x${canvas.height}`;
    const idle = this.idle.get(key) ?? [];
    if (idle.length < IDLE_CANVASES_PER_SIZE) idle.push(canvas);
    this.idle.set(key, idle);
  }

  private skia(): Promise<Canvas> {
    this.canvasModule ??= import('@napi-rs/canvas').then((canvas) => {
      registerCardFonts(canvas.GlobalFonts);
      return canvas;
    });
    return this.canvasModule;
  }
}

function drawCard(ctx: Skia.SKRSContext2D, card: Card): void {
  switch (card.kind) {
    case 'leaderboard':
      drawLeaderboardCard(ctx, card);
      break;
    case 'stats':
      drawStatsCard(ctx, card);
      break;
    case 'reveal':
      drawRevealCard(ctx, card);
      break;
    case 'progress':
      drawProgressCard(ctx, card);
      break;
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
