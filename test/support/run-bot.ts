import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export interface BotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real bot (`src/main.ts` under tsx, as `npm start` does) with stdin
 * piped, and resolves when it exits. Only environment variables configure it.
 */
export async function runBot(input: string, env: Record<string, string> = {}, args: string[] = []): Promise<BotRun> {
  const dataDir = env.DATA_DIR ?? path.join(await mkdtemp(path.join(tmpdir(), 'studybot-e2e-')), 'data');
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
  const dataDir = env.DATA_DIR ?? path.join(await mkdtemp(path.join(tmpdir(), 'studybot-svc-')), 'data');
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
