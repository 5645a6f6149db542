/**
 * Cards (issue #17): how long each card takes to draw, what drawing them costs in memory, and
 * what Skia and the fonts add to the image. Drawing runs in a process of its own (card-probe.ts),
 * with the built renderer (npm run bench builds first).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { startProcess } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { summarize } from '../lib/stats.js';

/** What the image's production install keeps of Skia and the fonts (scripts/prune-fonts.mjs keeps regular and bold WOFF). */
function imageGrowthMb(): number {
  const modules = path.join(PACKAGE_ROOT, 'node_modules');
  let bytes = 0;
  const walk = (dir: string, keep: (file: string) => boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, keep);
      else if (keep(full)) bytes += statSync(full).size;
    }
  };
  walk(path.join(modules, '@napi-rs'), () => true);
  walk(path.join(modules, '@fontsource'), (file) =>
    /\/files\//.test(file) ? /-(400|700)-normal\.woff$/.test(file) : ['package.json', 'unicode.json', 'LICENSE'].includes(path.basename(file)),
  );
  return bytes / 2 ** 20;
}

export const cardsScenario: Scenario = {
  name: 'cards',
  async run({ quick, log, attach }) {
    const rounds = quick ? 3 : 100;
    const probe = startProcess(['--expose-gc', '--import', 'tsx', 'bench/lib/card-probe.ts', String(rounds)], {});
    const code = await probe.exited;
    if (code !== 0) throw new Error(`card probe exited ${code}: ${probe.output().slice(-500)}`);
    const result = JSON.parse(probe.output().trim().split('\n').at(-1)!) as {
      firstMs: number;
      times: Record<string, number[]>;
      botAddedWhileDrawingMb: number;
      drawerRssMb: number;
      drawerAnonMb: number;
      drawerFileMb: number;
      botAddedOnceIdleMb: number;
    };
    attach('raw', result);
    const figures: Figure[] = [];
    for (const [kind, times] of Object.entries(result.times)) {
      const { p50, p99 } = summarize(times);
      log(`  ${kind}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${times.length}`);
      figures.push({ scenario: 'cards', name: `${kind} card render p50`, value: p50, unit: 'ms' });
      figures.push({ scenario: 'cards', name: `${kind} card render p99`, value: p99, unit: 'ms', target: { kind: 'max', limit: 50 } });
    }
    figures.push({
      scenario: 'cards',
      name: 'first card of a process (loads Skia and registers the fonts)',
      value: result.firstMs,
      unit: 'ms',
      note: 'informational: once per drawing process (at its start, and after an idle minute); the card follows its reply by that much',
    });
    const drawn = Object.values(result.times).reduce((n, t) => n + t.length, 1);
    figures.push(
      {
        scenario: 'cards',
        name: `resident memory the bot keeps after drawing ${drawn} cards, once idle`,
        value: result.botAddedOnceIdleMb,
        unit: 'MB',
        target: { kind: 'max', limit: 40 },
        note: 'the drawing process is let go a minute after its last card (2 s here)',
      },
      {
        scenario: 'cards',
        name: "… while the drawing process is still there: the bot's own growth",
        value: result.botAddedWhileDrawingMb,
        unit: 'MB',
        note: 'informational',
      },
      {
        scenario: 'cards',
        name: '… and the drawing process (Node, Skia, fonts, glyph caches)',
        value: result.drawerRssMb,
        unit: 'MB',
        note: `informational: ${result.drawerAnonMb.toFixed(0)} MB anonymous, ${result.drawerFileMb.toFixed(0)} MB file-backed (Node's and Skia's code, shared with the page cache)`,
      },
    );
    figures.push({ scenario: 'cards', name: 'image growth: Skia and the kept fonts', value: imageGrowthMb(), unit: 'MB', target: { kind: 'max', limit: 40 } });
    return figures;
  },
};
