/**
 * The worker thread cards are drawn in (see canvas-card-renderer.ts): a card
 * comes in, its PNG goes back, so drawing never holds up the bot's event loop.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Card } from '../core/cards.js';
import { CardPainter } from './draw.js';

export interface CardRequest {
  id: number;
  card: Card;
}

export type CardResponse = { id: number; png: Uint8Array; width: number; height: number } | { id: number; error: string };

// Lowest priority for this thread alone (on Linux a thread has its own nice value): cards use the
// CPU the replies, the quiz and the database leave over, and wait when there is none.
try {
  setPriority(19);
} catch {
  // Not allowed here: cards then compete as equals.
}

const painter = new CardPainter();
const port = parentPort!;

port.on('message', ({ id, card }: CardRequest) => {
  painter.draw(card).then(
    ({ png, width, height }) => port.postMessage({ id, png, width, height } satisfies CardResponse, [png.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CardResponse),
  );
});
