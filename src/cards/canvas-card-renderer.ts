import { Worker } from 'node:worker_threads';
import { cardAltText, cardTitle, type Card, type CardImage, type CardRenderer } from '../core/cards.js';
import { ExpiringCache } from '../core/expiring-cache.js';
import type { CardRequest, CardResponse } from './card-worker.js';

/** The same card asked for again within this long (a board everyone checks after the reveal) is not drawn again. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 50;
/** A card not back from the worker by then counts as failed (the reply goes out without it). */
const DRAW_TIMEOUT_MS = 10_000;
/**
 * Cards waiting for the worker past which new ones are not drawn (those replies stay text). At
 * 15–40 ms a card, a burst of 200 `/stats` would queue for seconds, and the reveal's chart, which
 * the outbox waits for, behind them; 16 keep the wait under a second.
 */
export const MAX_WAITING_CARDS = 16;

/**
 * Draws cards with Skia (@napi-rs/canvas, prebuilt for linux x64 and arm64),
 * chosen over satori + resvg by measurement (docs/PERFORMANCE.md, "Cards"):
 * about half the time and memory, and font fallback across scripts and emoji
 * without extra code.
 *
 * Drawing takes 10–40 ms of CPU a card; done on the bot's event loop, a burst of
 * 200 `/stats` held every other interaction up for seconds. So cards are drawn
 * in a worker thread, started with the first card (a bot nobody asks for a
 * picture never loads Skia), and this side keeps the cache and the alt text.
 */
export class CanvasCardRenderer implements CardRenderer {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (drawn: CardImage) => void; reject: (error: Error) => void; card: Card }>();
  private readonly drawn = new ExpiringCache<string, Promise<CardImage>>(CACHE_MS, CACHE_ENTRIES);

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

  /** Stops the worker (tests; a process that exits does not need it: the worker never keeps it alive). */
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private draw(card: Card): Promise<CardImage> {
    const id = this.nextId++;
    return new Promise<CardImage>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, { id, error: `no card from the worker within ${DRAW_TIMEOUT_MS} ms` }), DRAW_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, {
        card,
        resolve: (image) => (clearTimeout(timer), resolve(image)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      const worker = this.thread();
      // Held while a card is on its way (a console reading a script would otherwise exit before it), let go after.
      worker.ref();
      worker.postMessage({ id, card } satisfies CardRequest);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startCardWorker();
    // The worker holds no work of its own: it never keeps the process alive.
    worker.unref();
    worker.on('message', (response: CardResponse) => this.settle(response.id, response));
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const id of [...this.pending.keys()]) this.settle(id, { id, error: error.message });
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the card worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(id: number, response: CardResponse): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
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
 * The built bot runs card-worker.js; from source (npm start under tsx, the tests) the worker
 * registers tsx's loader first, since a worker does not inherit the main thread's.
 */
function startCardWorker(): Worker {
  const compiled = !import.meta.url.endsWith('.ts');
  const file = new URL(`./card-worker.${compiled ? 'js' : 'ts'}`, import.meta.url);
  if (compiled) return new Worker(file);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true });
}
