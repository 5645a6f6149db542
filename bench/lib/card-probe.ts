/**
 * Run by the cards scenario in a process of its own, so its memory figures are the cards' alone:
 * draws every sample card, then `rounds` variations of each (new numbers, so the cache never
 * answers), and prints the timings and resident memory as JSON on stdout: this process's (the
 * bot's side), the drawing process's while it is still there, and this process's again once the
 * drawing process has been let go for idleness.
 */
import path from 'node:path';
import type * as RendererModule from '../../src/cards/canvas-card-renderer.js';
import type * as SamplesModule from '../../src/cards/samples.js';
import type { Card } from '../../src/core/cards.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { memoryMb } from './proc-status.js';

// The built renderer, as production runs it: its drawing process is compiled JavaScript (from
// source, that process would first load tsx, which costs memory the bot never spends).
const built = (file: string) => path.join(PACKAGE_ROOT, 'dist/src/cards', file);
const { CanvasCardRenderer } = (await import(built('canvas-card-renderer.js'))) as typeof RendererModule;
const { SAMPLE_CARDS } = (await import(built('samples.js'))) as typeof SamplesModule;

const rounds = Number(process.argv[2] ?? 50);
/** How long the drawing process outlives its last card here: the bot's default (a minute) would only make the bench wait. */
const IDLE_MS = 2_000;
const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

const before = await memoryMb('self');
const renderer = new CanvasCardRenderer({ idleMs: IDLE_MS });
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
// Quiet again, the drawing process still there: what drawing costs while a group is using the bot.
await quiet(IDLE_MS / 2);
globalThis.gc?.();
const busy = await memoryMb('self');
const drawer = await memoryMb(renderer.drawerPid!);
// Past the idle time, the drawing process gone: what a bot that has drawn cards keeps.
await quiet(IDLE_MS * 1.5);
if (renderer.drawerPid !== undefined) throw new Error('the drawing process was not let go when idle');
globalThis.gc?.();
const idle = await memoryMb('self');
await renderer.close();
process.stdout.write(
  `${JSON.stringify({
    firstMs,
    times,
    botAddedWhileDrawingMb: busy.VmRSS - before.VmRSS,
    drawerRssMb: drawer.VmRSS,
    drawerAnonMb: drawer.RssAnon,
    drawerFileMb: drawer.RssFile,
    botAddedOnceIdleMb: idle.VmRSS - before.VmRSS,
  })}\n`,
);
