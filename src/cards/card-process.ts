/**
 * The process cards are drawn in (see canvas-card-renderer.ts): a card comes in
 * over IPC, its PNG goes back. Skia is native code with memory of its own; in a
 * process of its own, a crash in it costs a card, not the bot, and the memory it
 * keeps goes back to the system when the renderer lets this process go.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Card } from '../core/cards.js';
import { CardPainter } from './draw.js';

export interface CardRequest {
  id: number;
  card: Card;
}

export type CardResponse = { id: number; png: Uint8Array; width: number; height: number } | { id: number; error: string };

// Lowest priority for every thread of this process: cards use the CPU the replies, the quiz and
// the database leave over, and wait when there is none. On Linux a nice value is a thread's own,
// and by the time this runs Node has started V8's helpers and libuv's pool (where PNGs are
// encoded) at the default; threads started later inherit it from these.
lowerPriority();

function lowerPriority(): void {
  let threads: number[] = [];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process's value is all there is.
  }
  for (const thread of [0, ...threads]) {
    try {
      setPriority(thread, 19);
    } catch {
      // Not allowed here, or the thread has ended: cards then compete as equals.
    }
  }
}

const painter = new CardPainter();

process.on('message', ({ id, card }: CardRequest) => {
  painter.draw(card).then(
    ({ png, width, height }) => process.send?.({ id, png, width, height } satisfies CardResponse),
    (error: unknown) => process.send?.({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CardResponse),
  );
});
// The bot went away (or let this process go): nothing is left to draw for.
process.on('disconnect', () => process.exit(0));
