import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

/**
 * A fresh embedded database costs each spawned bot about five seconds of initdb and migrations,
 * and the e2e suites start dozens. The first one per set of migrations (and PGlite version) is made once (by the bot
 * itself, in console mode) and kept in the temp folder; every bot then starts from a copy, as a
 * bot restarted on its own data would. Only the database is copied: the rest of DATA_DIR starts
 * empty, as on a first start.
 */
let template: Promise<string> | undefined;

async function migratedPglite(): Promise<string> {
  template ??= (async () => {
    const migrations = path.join(PACKAGE_ROOT, 'drizzle');
    // Keyed by the migrations and by PGlite's own version (its data format).
    const hash = createHash('sha256').update(await readFile(path.join(PACKAGE_ROOT, 'node_modules/@electric-sql/pglite/package.json')));
    for (const file of (await readdir(migrations, { recursive: true })).sort()) {
      const full = path.join(migrations, file);
      if ((await stat(full)).isFile()) hash.update(file).update(await readFile(full));
    }
    const dir = path.join(tmpdir(), `studybot-e2e-pglite-${hash.digest('hex').slice(0, 16)}`);
    if (await stat(dir).catch(() => undefined)) return dir;
    // Made aside and renamed into place, so a parallel worker never copies a half-made one.
    const scratch = await mkdtemp(path.join(tmpdir(), 'studybot-e2e-making-'));
    const made = await runBot('', { DATA_DIR: scratch }, [], false);
    if (made.code !== 0) throw new Error(`could not make the template database: ${made.stderr}`);
    await rename(path.join(scratch, 'pglite'), dir).catch(async (error: unknown) => {
      if (!(await stat(dir).catch(() => undefined))) throw error;
    });
    await rm(scratch, { recursive: true, force: true });
    return dir;
  })();
  return template;
}

/** A new DATA_DIR whose embedded database is already made and migrated. */
export async function seededDataDir(prefix: string): Promise<string> {
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), prefix)), 'data');
  await cp(await migratedPglite(), path.join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

export interface BotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real bot (`src/main.ts` under tsx, as `npm start` does) with stdin
 * piped, and resolves when it exits. Only environment variables configure it.
 */
export async function runBot(input: string, env: Record<string, string> = {}, args: string[] = [], seeded = true): Promise<BotRun> {
  const dataDir =
    env.DATA_DIR ??
    (seeded && !env.DATABASE_URL ? await seededDataDir('studybot-e2e-') : path.join(await mkdtemp(path.join(tmpdir(), 'studybot-e2e-')), 'data'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'src/main.ts'), ...args], {
    cwd: PACKAGE_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** Splits a scripted console transcript into the reply printed after each `› command` line. */
export function repliesOf(stdout: string): Map<string, string> {
  const replies = new Map<string, string>();
  const parts = stdout.split(/^› /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    replies.set(part.slice(0, newline), part.slice(newline + 1).trim());
  }
  return replies;
}

export interface RunningBot {
  output(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Still running: not exited, not killed. */
  running(): boolean;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Sends a signal (SIGKILL: a crash) without waiting. */
  signal(signal: NodeJS.Signals): void;
}

/** Starts the real bot as a long-running service (platform tokens in `env`). */
export async function startBot(env: Record<string, string>): Promise<RunningBot> {
  const dataDir =
    env.DATA_DIR ?? (env.DATABASE_URL ? path.join(await mkdtemp(path.join(tmpdir(), 'studybot-svc-')), 'data') : await seededDataDir('studybot-svc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'src/main.ts')], {
    cwd: PACKAGE_ROOT,
    // Scripted users act faster than people: the per-member limit is tested on its own (test/db/abuse.test.ts).
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_BURST: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    output: () => ({ stdout, stderr }),
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    signal: (signal) => void child.kill(signal),
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What each shutdown step took (ms), from the bot's own log: it must run at LOG_LEVEL info. */
export function shutdownSteps(bot: RunningBot): Record<string, number> {
  const steps: Record<string, number> = {};
  for (const line of bot.output().stdout.split('\n')) {
    if (!line.includes('"shutdown: ')) continue;
    const entry = JSON.parse(line) as { step?: string; ms?: number };
    if (entry.step && entry.ms !== undefined) steps[entry.step] = entry.ms;
  }
  return steps;
}
