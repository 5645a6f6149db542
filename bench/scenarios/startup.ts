/**
 * Startup: process start to ready (content loaded and validated, migrations
 * checked, console ready), as the bot's own "Ready in N ms" banner reports it
 * (performance.now() from process start), on the built bot against Postgres.
 * A new task starts with an empty DATA_DIR and the course `npm run build`
 * validated; a start after the content changed validates it all again.
 * Content loading is also timed alone, in a fresh process each time.
 */
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLED_CONTENT_CACHE, DEFAULT_CONTENT_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import type { Figure } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { median } from '../lib/stats.js';
import { BUILT_MAIN, startProcess, tempDataDir } from '../lib/processes.js';

async function readyMs(env: Record<string, string>): Promise<number> {
  const child = startProcess([BUILT_MAIN], env, 'pipe');
  const [, ms] = await child.waitFor(/Ready in (\d+) ms/);
  const code = await child.exited;
  if (code !== 0) throw new Error(`the console exited with ${code}:\n${child.output()}`);
  return Number(ms);
}

/** A copy of the course with one lesson edited (a trailing newline): still valid, but not what the build validated. */
async function editedContent(): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-content-')), 'content');
  await cp(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  await appendFile(path.join(dir, 'outline.json'), '\n');
  return dir;
}

/** Loads the course in a fresh process through the built code: from `cacheFile` when given, else validating it all. */
async function contentLoadMs(cacheFile: string | undefined): Promise<number> {
  const cacheModule = pathToFileURL(path.join(PACKAGE_ROOT, 'dist/src/content/cache.js')).href;
  const script = `
    const started = performance.now();
    const { loadCourseCached } = await import(${JSON.stringify(cacheModule)});
    const { course, fromCache } = await loadCourseCached(${JSON.stringify(DEFAULT_CONTENT_DIR)}, ${JSON.stringify(cacheFile ? { bundled: cacheFile } : {})});
    if (course.chapters.length !== 33) throw new Error('incomplete course');
    console.log('loaded', (performance.now() - started).toFixed(2), fromCache);`;
  const child = startProcess(['--input-type=module', '-e', script], {});
  const [, ms] = await child.waitFor(/loaded ([\d.]+)/);
  await child.exited;
  return Number(ms);
}

/**
 * `npm start` on a fresh clone: the console on the embedded database, from an empty DATA_DIR,
 * through tsx as npm start runs it. Wall time from spawning node to the prompt and to the answer
 * of a command typed at once (the database opens behind the prompt), and the peak resident
 * memory of the whole start. `template`: whether `npm install` prepared the database (the
 * postinstall script) or the start has to run initdb itself.
 */
async function consoleStart(dataDir: string, template: boolean): Promise<{ ms: number; answerMs: number; peakMb: number }> {
  const started = performance.now();
  const child = startProcess(
    ['--import', 'tsx', 'src/main.ts'],
    { DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(template ? {} : { STUDYBOT_PGLITE_TEMPLATE: 'off' }) },
    'open',
  );
  await child.waitFor(/Ready in \d+ ms/, 60_000);
  const ms = performance.now() - started;
  // The prompt comes while the database still opens: a command typed at once is answered once it is open.
  child.write('/lesson 17.3\n');
  await child.waitFor(/^17\.3 · /m, 60_000);
  const answerMs = performance.now() - started;
  // The peak of the whole start, the database open included.
  const peakMb = await child.peakRssMb();
  // The end of input, as a script ends: the console closes the database in order.
  child.endInput();
  const code = await child.exited;
  if (code !== 0) throw new Error(`the console exited with ${code}:\n${child.output()}`);
  return { ms, answerMs, peakMb };
}

/** The fresh-clone figures: a first start with and without the install's template, then a second start. */
async function freshCloneFigures(runs: number, log: (line: string) => void): Promise<Figure[]> {
  type Start = { ms: number; answerMs: number; peakMb: number };
  const first: Start[] = [];
  const again: Start[] = [];
  const untemplated: Start[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = await tempDataDir();
    first.push(await consoleStart(dataDir, true));
    again.push(await consoleStart(dataDir, true));
    untemplated.push(await consoleStart(await tempDataDir(), false));
  }
  const show = (xs: Start[]) => xs.map((x) => `${x.ms.toFixed(0)} ms (answer ${x.answerMs.toFixed(0)} ms)/${x.peakMb.toFixed(0)} MB`).join(', ');
  log(`  fresh clone, console: first ${show(first)} · second ${show(again)} · first without the install's template ${show(untemplated)}`);
  const figure = (name: string, value: number, unit: 'ms' | 'MB', target?: Figure['target'], note?: string): Figure => ({
    scenario: 'startup',
    name: `fresh clone, console: ${name}`,
    value,
    unit,
    ...(target ? { target } : {}),
    ...(note ? { note } : {}),
  });
  return [
    figure('first start to the prompt (npm install prepared the database)', median(first.map((x) => x.ms)), 'ms', { kind: 'max', limit: 3000 }),
    figure('peak memory of the first start', median(first.map((x) => x.peakMb)), 'MB', { kind: 'max', limit: 400 }),
    figure('first start to the first answer (/lesson 17.3 typed at the prompt)', median(first.map((x) => x.answerMs)), 'ms', undefined, 'informational'),
    figure('second start to the prompt', median(again.map((x) => x.ms)), 'ms', { kind: 'max', limit: 1500 }),
    figure('second start to the first answer', median(again.map((x) => x.answerMs)), 'ms', undefined, 'informational'),
    figure('peak memory of the second start', median(again.map((x) => x.peakMb)), 'MB', { kind: 'max', limit: 400 }),
    figure(
      'first start without the template (initdb at start)',
      median(untemplated.map((x) => x.ms)),
      'ms',
      undefined,
      'informational: installs that skip scripts',
    ),
    figure('peak memory without the template', median(untemplated.map((x) => x.peakMb)), 'MB', undefined, 'informational'),
  ];
}

export const startupScenario: Scenario = {
  name: 'startup',
  async run({ sizes, database, log }) {
    const edited = await editedContent();
    const fresh = async (extra: Record<string, string> = {}) => ({ DATABASE_URL: database.url, DATA_DIR: await tempDataDir(), LOG_LEVEL: 'warn', ...extra });
    const newTask: number[] = [];
    const changed: number[] = [];
    for (let i = 0; i < sizes.startupRuns; i++) {
      newTask.push(await readyMs(await fresh())); // empty DATA_DIR: the course comes from the build
      changed.push(await readyMs(await fresh({ CONTENT_DIR: edited }))); // full validation
    }
    const validate: number[] = [];
    const bundled: number[] = [];
    for (let i = 0; i < sizes.startupRuns; i++) {
      validate.push(await contentLoadMs(undefined));
      bundled.push(await contentLoadMs(BUNDLED_CONTENT_CACHE));
    }
    await rm(path.dirname(edited), { recursive: true, force: true });
    log(`  ready: new task ${newTask.join(', ')} ms · content changed since the build ${changed.join(', ')} ms`);
    log(`  content: validate ${validate.map((v) => v.toFixed(0)).join(', ')} ms · validated at build ${bundled.map((v) => v.toFixed(0)).join(', ')} ms`);
    const figures: Figure[] = [
      {
        scenario: 'startup',
        name: 'start to ready, new task (empty DATA_DIR, course validated at build)',
        value: median(newTask),
        unit: 'ms',
        target: { kind: 'max', limit: 1000 },
      },
      {
        scenario: 'startup',
        name: 'start to ready, content changed since the build (full validation)',
        value: median(changed),
        unit: 'ms',
        target: { kind: 'max', limit: 1000 },
      },
      {
        scenario: 'startup',
        name: 'content loading alone, at start-up (the validated course from the build)',
        value: median(bundled),
        unit: 'ms',
        target: { kind: 'max', limit: 200 },
      },
      {
        scenario: 'startup',
        name: 'content loading alone, full validation (npm run build; a start after a content edit)',
        value: median(validate),
        unit: 'ms',
        note: 'informational: no longer on the start-up path',
      },
      ...(await freshCloneFigures(sizes.startupRuns, log)),
    ];
    return figures;
  },
};
