/**
 * Run by the cards scenario in a process of its own, so its memory figures are the cards' alone:
 * draws every sample card, then `rounds` variations of each (new numbers, so the cache never
 * answers), and prints the timings and resident memory as JSON on stdout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as RendererModule from '../../src/cards/canvas-card-renderer.js';
import type * as SamplesModule from '../../src/cards/samples.js';
import type { Card } from '../../src/core/cards.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

// The built renderer, as production runs it: its worker is compiled JavaScript (from source, the
// worker would first load tsx, which costs memory the bot never spends).
const built = (file: string) => path.join(PACKAGE_ROOT, 'dist/src/cards', file);
const { CanvasCardRenderer } = (await import(built('canvas-card-renderer.js'))) as typeof RendererModule;
const { SAMPLE_CARDS } = (await import(built('samples.js'))) as typeof SamplesModule;

const rounds = Number(process.argv[2] ?? 50);
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
/** Resident memory by kind, from /proc: anonymous (heaps, pixels) and file-backed (mapped code such as Skia's, which the kernel can drop and reload). */
function residentMb(): { anon: number; file: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}

/** The same card with its numbers moved by `n`: the same work to draw, a different cache key. */
function variation(card: Card, n: number): Card {
  switch (card.kind) {
    case 'leaderboard':
      return { ...card, rows: card.rows.map((r) => ({ ...r, points: r.points + n })) };
    case 'stats':
      return { ...card, accuracy: { ...card.accuracy, answered: card.accuracy.answered + n } };
    case 'reveal':
      return { ...card, choices: card.choices.map((c) => ({ ...c, count: c.count + n })) };
    case 'progress':
      return { ...card, lessonsDone: card.lessonsDone + n };
  }
}

const before = rssMb();
const residentBefore = residentMb();
const renderer = new CanvasCardRenderer();
let started = performance.now();
await renderer.render(SAMPLE_CARDS.leaderboard);
const firstMs = performance.now() - started;
const times: Record<string, number[]> = {};
for (let n = 1; n <= rounds; n++) {
  for (const [kind, card] of Object.entries(SAMPLE_CARDS)) {
    started = performance.now();
    await renderer.render(variation(card, n));
    (times[kind] ??= []).push(performance.now() - started);
  }
}
// Quiet again: what a bot that has drawn cards keeps.
await new Promise((resolve) => setTimeout(resolve, 1000));
globalThis.gc?.();
const residentAfter = residentMb();
const rssAfter = rssMb();
await renderer.close();
process.stdout.write(
  `${JSON.stringify({
    firstMs,
    times,
    rssBeforeMb: before,
    rssAfterMb: rssAfter,
    anonAddedMb: residentAfter.anon - residentBefore.anon,
    fileAddedMb: residentAfter.file - residentBefore.file,
  })}\n`,
);
