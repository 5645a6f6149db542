/**
 * The process cards are drawn in (see canvas-card-renderer.ts): a card comes in
 * over IPC and is drawn; its PNG stays here, and the bot asks for it to be sent
 * (a multipart upload, made from here) or, where a platform needs the bytes
 * themselves, for the bytes. Skia is native code with memory of its own; in a
 * process of its own, a crash in it costs a card, not the bot, and the memory it
 * keeps goes back to the system when the renderer lets this process go.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { KEPT_CARDS, type CardRequest, type CardResponse } from './card-protocol.js';
import { sendCard } from './card-upload.js';
import { CardPainter } from './draw.js';

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
/** PNGs by the id of the request that drew them, oldest first. */
const kept = new Map<number, Uint8Array>();

function keep(id: number, png: Uint8Array): void {
  kept.set(id, png);
  for (const oldest of kept.keys()) {
    if (kept.size <= KEPT_CARDS) break;
    kept.delete(oldest);
  }
}

async function answer(request: CardRequest): Promise<CardResponse> {
  const { id } = request;
  if (request.op === 'draw') {
    const { png, width, height } = await painter.draw(request.card);
    keep(id, png);
    return { id, width, height, size: png.length };
  }
  const png = kept.get(request.drawn);
  if (!png) return { id, error: `card ${request.drawn} is no longer kept`, gone: true };
  if (request.op === 'bytes') return { id, png };
  return { id, result: await sendCard(png, request.name, request.upload) };
}

process.on('message', (request: CardRequest) => {
  answer(request).then(
    (response) => process.send?.(response),
    (error: unknown) =>
      process.send?.({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CardResponse),
  );
});
// The bot went away (or let this process go): nothing is left to draw for.
process.on('disconnect', () => process.exit(0));
