import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cardAltText, cardTitle, type Card, type CardImage, type CardRenderer } from '../core/cards.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import type { CardRequest, CardResponse } from './card-process.js';

/** The same card asked for again within this long (a board everyone checks after the reveal) is not drawn again. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 50;
/** A card not back from the drawing process by then counts as failed (the reply goes out without it). */
const DRAW_TIMEOUT_MS = 10_000;
/**
 * How long the drawing process is kept after its last card. Skia keeps 50–70 MB (its code, glyph
 * caches, pixel memory) once it has drawn; a bot that draws a burst of cards after the daily reveal
 * and then nothing for hours should not hold that all day. Starting it again costs about 300 ms,
 * spent after the reply, before its card.
 */
export const DEFAULT_IDLE_MS = 60_000;
/**
 * Cards waiting for the drawing process past which new ones are not drawn (those replies stay
 * text). At 15–40 ms a card, a burst of 200 `/stats` would queue for seconds, and the reveal's
 * chart, which the outbox waits for, behind them; 16 keep the wait under a second.
 */
export const MAX_WAITING_CARDS = 16;

export interface CanvasCardRendererOptions {
  /** How long the drawing process outlives its last card (DEFAULT_IDLE_MS). */
  idleMs?: number;
}

/**
 * Draws cards with Skia (@napi-rs/canvas, prebuilt for linux x64 and arm64),
 * chosen over satori + resvg by measurement (docs/PERFORMANCE.md, "Cards"):
 * about half the time and memory, and font fallback across scripts and emoji
 * without extra code.
 *
 * Drawing takes 10–40 ms of CPU a card; done on the bot's event loop, a burst of
 * 200 `/stats` held every other interaction up for seconds. So cards are drawn
 * in a child process at the lowest priority (card-process.ts), started with the
 * first card (a bot nobody asks for a picture never loads Skia) and let go when
 * idle; this side keeps the cache and the alt text. A process rather than a
 * worker thread because Skia's memory is the process's: a thread that ends gives
 * back its JavaScript heap, not Skia's caches, and a native crash in a thread
 * would take the bot down with it.
 */
export class CanvasCardRenderer implements CardRenderer {
  private drawer: ChildProcess | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly idleMs: number;
  private readonly pending = new Map<number, { resolve: (drawn: CardImage) => void; reject: (error: Error) => void; card: Card; drawer: ChildProcess }>();
  private readonly drawn = new ExpiringCache<string, Promise<CardImage>>(CACHE_MS, CACHE_ENTRIES);

  constructor(options: CanvasCardRendererOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  render(card: Card): Promise<CardImage | undefined> {
    const key = JSON.stringify(card);
    const cached = this.drawn.get(key);
    if (cached) return cached;
    // Shed load: a picture is a bonus, never worth a queue.
    if (this.pending.size >= MAX_WAITING_CARDS) return Promise.resolve(undefined);
    const drawing = this.draw(card);
    this.drawn.set(key, drawing);
    // A failed drawing is not kept: the next ask tries again.
    drawing.catch(() => this.drawn.delete(key));
    return drawing;
  }

  /** The drawing process's pid while it runs (tests and the bench look at it). */
  get drawerPid(): number | undefined {
    return this.drawer?.pid;
  }

  /** Lets the drawing process go now (it also goes by itself when idle, and with the bot). */
  async close(): Promise<void> {
    const drawer = this.drawer;
    this.retire();
    if (drawer && drawer.exitCode === null && drawer.signalCode === null) await new Promise((resolve) => drawer.once('exit', resolve));
  }

  private draw(card: Card): Promise<CardImage> {
    const id = this.nextId++;
    return new Promise<CardImage>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, { id, error: `no card from the drawing process within ${DRAW_TIMEOUT_MS} ms` }), DRAW_TIMEOUT_MS);
      timer.unref();
      const drawer = this.process();
      this.pending.set(id, {
        card,
        drawer,
        resolve: (image) => (clearTimeout(timer), resolve(image)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      clearTimeout(this.idleTimer);
      // Held while a card is on its way (a console reading a script would otherwise exit before it), let go after.
      drawer.channel?.ref();
      drawer.send({ id, card } satisfies CardRequest);
    });
  }

  private process(): ChildProcess {
    if (this.drawer) return this.drawer;
    const drawer = startDrawingProcess();
    drawer.on('message', (response: CardResponse) => this.settle(response.id, response));
    const fail = (error: Error): void => {
      if (this.drawer === drawer) this.drawer = undefined;
      for (const [id, waiting] of this.pending) if (waiting.drawer === drawer) this.settle(id, { id, error: error.message });
    };
    drawer.on('error', fail);
    drawer.on('exit', (code, signal) => fail(new Error(`the drawing process exited (${signal ?? code})`)));
    this.drawer = drawer;
    return drawer;
  }

  /** Disconnecting is the drawing process's cue to exit; the cards it was drawing, if any, fail. */
  private retire(): void {
    clearTimeout(this.idleTimer);
    const drawer = this.drawer;
    this.drawer = undefined;
    if (drawer?.connected) drawer.disconnect();
  }

  private settle(id: number, response: CardResponse): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0 && this.drawer) {
      this.drawer.channel?.unref();
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.retire(), this.idleMs);
      this.idleTimer.unref();
    }
    if ('error' in response) return waiting.reject(new Error(`drawing a ${waiting.card.kind} card failed: ${response.error}`));
    const { card } = waiting;
    waiting.resolve({
      png: response.png,
      name: `${card.kind}.png`,
      title: cardTitle(card),
      alt: cardAltText(card),
      width: response.width,
      height: response.height,
    });
  }
}

/**
 * The built bot runs card-process.js with plain node; from source (npm start under tsx, the tests)
 * the process loads tsx first. Either way it gets none of the bot's own node options (a test
 * runner's or a profiler's), and its output is the bot's.
 */
function startDrawingProcess(): ChildProcess {
  const compiled = !import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./card-process.${compiled ? 'js' : 'ts'}`, import.meta.url));
  const execArgv = compiled ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const drawer = fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The drawing process never keeps the bot alive: it is held only while a card is on its way.
  drawer.unref();
  drawer.channel?.unref();
  return drawer;
}
