import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cardAltText, cardTitle, type Card, type CardImage, type CardRenderer } from '../core/cards.js';
import { CARD_UPLOAD_TIMEOUT_MS } from './card-upload.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import type { CardRequest, CardResponse } from './card-protocol.js';

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
  private readonly pending = new Map<number, { settle: (response: CardResponse) => void; drawer: ChildProcess }>();
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
    const drawing = this.image(card);
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
    if (!drawer || drawer.exitCode !== null || drawer.signalCode !== null) return;
    // The drawing process is unreferenced so that it never keeps the bot alive; while close waits
    // for it, it must, or a program whose last await this is ends before the exit comes (code 13).
    drawer.ref();
    await new Promise((resolve) => drawer.once('exit', resolve));
  }

  /**
   * Draws the card; its PNG stays in the drawing process, which sends it or
   * hands it over when asked. A drawing process let go since (idle, or gone)
   * has taken the PNG with it: the card is then drawn again, once.
   */
  private async image(card: Card): Promise<CardImage> {
    let at = await this.drawOnce(card);
    const fromDrawer = async <T>(ask: (drawn: number) => CardRequest, read: (response: CardResponse) => T | undefined, timeoutMs: number): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const response =
          at.drawer === this.drawer ? await this.request(ask(at.drawn), timeoutMs) : { id: 0, error: 'drawn by a process since let go', gone: true as const };
        const value = read(response);
        if (value !== undefined) return value;
        if (!('gone' in response) || attempt === 2) throw new Error(`a ${card.kind} card: ${'error' in response ? response.error : 'no answer'}`);
        at = await this.drawOnce(card);
      }
    };
    return {
      name: `${card.kind}.png`,
      title: cardTitle(card),
      alt: cardAltText(card),
      width: at.width,
      height: at.height,
      size: at.size,
      png: () =>
        fromDrawer(
          (drawn) => ({ id: this.nextId++, op: 'bytes', drawn }),
          (r) => ('png' in r ? r.png : undefined),
          DRAW_TIMEOUT_MS,
        ),
      send: (upload) =>
        fromDrawer(
          (drawn) => ({ id: this.nextId++, op: 'send', drawn, name: `${card.kind}.png`, upload }),
          (r) => ('result' in r ? r.result : undefined),
          CARD_UPLOAD_TIMEOUT_MS + DRAW_TIMEOUT_MS,
        ),
    };
  }

  private async drawOnce(card: Card): Promise<{ drawer: ChildProcess; drawn: number; width: number; height: number; size: number }> {
    const id = this.nextId++;
    const drawer = this.process();
    const response = await this.request({ id, op: 'draw', card }, DRAW_TIMEOUT_MS);
    if (!('width' in response)) throw new Error(`drawing a ${card.kind} card failed: ${'error' in response ? response.error : 'no answer'}`);
    return { drawer, drawn: id, width: response.width, height: response.height, size: response.size };
  }

  /** One request to the drawing process; an error, a timeout or the process's end come back as `{ error }`. */
  private request(request: CardRequest, timeoutMs: number): Promise<CardResponse> {
    return new Promise<CardResponse>((resolve) => {
      const { id } = request;
      const timer = setTimeout(() => this.settle({ id, error: `no answer from the drawing process within ${timeoutMs} ms` }), timeoutMs);
      timer.unref();
      const drawer = this.process();
      this.pending.set(id, { drawer, settle: (response) => (clearTimeout(timer), resolve(response)) });
      clearTimeout(this.idleTimer);
      // Held while a request is on its way (a console reading a script would otherwise exit before it), let go after.
      drawer.channel?.ref();
      drawer.send(request);
    });
  }

  private process(): ChildProcess {
    if (this.drawer) return this.drawer;
    const drawer = startDrawingProcess();
    drawer.on('message', (response: CardResponse) => this.settle(response));
    const fail = (error: Error): void => {
      if (this.drawer === drawer) this.drawer = undefined;
      for (const [id, waiting] of this.pending) if (waiting.drawer === drawer) this.settle({ id, error: error.message });
    };
    drawer.on('error', fail);
    drawer.on('exit', (code, signal) => fail(new Error(`the drawing process exited (${signal ?? code})`)));
    this.drawer = drawer;
    return drawer;
  }

  /** Disconnecting is the drawing process's cue to exit; the requests it was answering, if any, fail. */
  private retire(): void {
    clearTimeout(this.idleTimer);
    const drawer = this.drawer;
    this.drawer = undefined;
    if (drawer?.connected) drawer.disconnect();
  }

  private settle(response: CardResponse): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0 && this.drawer) {
      this.drawer.channel?.unref();
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.retire(), this.idleMs);
      this.idleTimer.unref();
    }
    waiting.settle(response);
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
