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
      rssBeforeMb: number;
      rssAfterMb: number;
      anonAddedMb: number;
      fileAddedMb: number;
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
      note: 'informational: once per process; the reply defers past 1 s',
    });
    const drawn = Object.values(result.times).reduce((n, t) => n + t.length, 1);
    figures.push({
      scenario: 'cards',
      name: `resident memory added by drawing ${drawn} cards, once quiet`,
      value: result.rssAfterMb - result.rssBeforeMb,
      unit: 'MB',
      target: { kind: 'max', limit: 40 },
      note: 'before the first card nothing is added: Skia loads with it',
    });
    figures.push({ scenario: 'cards', name: '… of it anonymous (pixels, glyph caches, the cache of drawn cards)', value: result.anonAddedMb, unit: 'MB' });
    figures.push({ scenario: 'cards', name: "… of it file-backed (Skia's mapped code)", value: result.fileAddedMb, unit: 'MB' });
    figures.push({ scenario: 'cards', name: 'image growth: Skia and the kept fonts', value: imageGrowthMb(), unit: 'MB', target: { kind: 'max', limit: 40 } });
    return figures;
  },
};
