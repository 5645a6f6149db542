/**
 * `npm run bench` — the performance suite (see docs/PERFORMANCE.md).
 *
 *   npm run bench                  every scenario at the sizes, targets checked
 *   npm run bench -- --quick       toy sizes, no targets (CI runs this so the suite never rots)
 *   npm run bench -- --only=leaderboard,startup
 *
 * Runs against the Postgres server at BENCH_DATABASE_URL (default: the local one).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BENCH_URL, prepareBenchDatabase } from './lib/database.js';
import { check, markdownTable, type CheckedFigure } from './lib/report.js';
import type { Scenario } from './lib/scenario.js';
import { FULL, QUICK } from './lib/sizes.js';
import { cardsScenario } from './scenarios/cards.js';
import { fanoutScenario } from './scenarios/fanout.js';
import { httpInteractionsScenario } from './scenarios/http-interactions.js';
import { interactionsScenario } from './scenarios/interactions.js';
import { leaderboardScenario } from './scenarios/leaderboard.js';
import { memoryScenario } from './scenarios/memory.js';
import { startupScenario } from './scenarios/startup.js';

// Read-only scenarios first: the interaction scenarios add answers and people to the largest tenant.
const SCENARIOS: Scenario[] = [
  leaderboardScenario,
  startupScenario,
  cardsScenario,
  interactionsScenario,
  httpInteractionsScenario,
  memoryScenario,
  fanoutScenario,
];

function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const sizes = quick ? QUICK : FULL;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const baseUrl = process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_URL;
  const started = Date.now();

  let database: Awaited<ReturnType<typeof prepareBenchDatabase>>;
  try {
    database = await prepareBenchDatabase(baseUrl, sizes, quick, log);
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
  const figures: CheckedFigure[] = [];
  const attachments: Record<string, unknown> = {};
  const failures: string[] = [];
  try {
    for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
      log(`\n▶ ${scenario.name}`);
      try {
        const results = await scenario.run({ sizes, quick, database, log, attach: (key, value) => (attachments[`${scenario.name}.${key}`] = value) });
        figures.push(...results.map((f) => check(f, quick)));
      } catch (error) {
        failures.push(`${scenario.name}: ${(error as Error).stack ?? String(error)}`);
        log(`✖ ${scenario.name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await database.drop();
  }

  const table = markdownTable(figures);
  const results = {
    at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    sizes,
    seededAnswers: database.answers,
    figures,
    failures,
    attachments,
    table,
  };
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${table}\n\n`);
  const missed = figures.filter((f) => f.met === false);
  process.stdout.write(
    `${figures.length} figures · ${missed.length} target(s) missed · ${failures.length} scenario failure(s) · results in bench/results/latest.json\n`,
  );
  for (const failure of failures) process.stderr.write(`\n${failure}\n`);
  // A failed scenario fails the run (CI's quick run catches rot); a missed target is reported, not fatal.
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
