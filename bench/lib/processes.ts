/** Child processes the benchmarks measure: the built bot (as production runs it) and the floor bots. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryMb } from './proc-status.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const BUILT_MAIN = path.join(PACKAGE_ROOT, 'dist/src/main.js');

export interface Child {
  pid: number;
  output(): string;
  /** Resolves when `pattern` appears in stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resident set size now, in MB (from /proc). */
  rssMb(): Promise<number>;
  /** The highest resident set size so far, in MB (VmHWM, from /proc). */
  peakRssMb(): Promise<number>;
  /** Closes stdin (an `open` console then ends as at the end of a script). */
  endInput(): void;
  /** Types into an `open` stdin. */
  write(text: string): void;
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export async function tempDataDir(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'studybot-bench-')), 'data');
}

/** stdin: `ignore` (none), `pipe` (closed at once: a console script that is empty), `open` (kept open: an idle console until stop()). */
export function startProcess(args: string[], env: Record<string, string>, stdin: 'ignore' | 'pipe' | 'open' = 'ignore'): Child {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: PACKAGE_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin === 'pipe') child.stdin?.end();
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    pid: child.pid!,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = pattern.exec(output);
          if (!found) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in the output of ${args.join(' ')}:\n${output.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`${args.join(' ')} exited before ${pattern}:\n${output.slice(-2000)}`));
          }
        });
        check();
      }),
    rssMb: async () => (await memoryMb(child.pid!)).VmRSS,
    endInput: () => void child.stdin?.end(),
    write: (text) => void child.stdin?.write(text),
    peakRssMb: async () => (await memoryMb(child.pid!)).VmHWM,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The runtime settings the image sets (V8's heap sizes for the smallest Fargate task, glibc's allocator): measured as it runs. */
async function productionRuntimeEnv(): Promise<Record<string, string>> {
  const dockerfile = await readFile(path.join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
  const env: Record<string, string> = {};
  for (const name of ['NODE_OPTIONS', 'MALLOC_MMAP_THRESHOLD_']) {
    const found = new RegExp(`${name}=("[^"]*"|\\S+)`).exec(dockerfile)?.[1];
    if (!found) throw new Error(`the Dockerfile no longer sets ${name}: update bench/lib/processes.ts`);
    env[name] = found.replace(/^"|"$/g, '');
  }
  return env;
}

/** BENCH_BOT_ENV: environment variables for the bot alone, e.g. "MALLOC_ARENA_MAX=2" or "IMAGES=off". */
function benchBotEnv(): Record<string, string> {
  return Object.fromEntries(
    (process.env.BENCH_BOT_ENV ?? '')
      .split(' ')
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  );
}

/** Whether the bot under test draws cards (pictures are on unless BENCH_BOT_ENV says IMAGES=off). */
export const botDrawsCards = (): boolean => benchBotEnv()['IMAGES'] !== 'off';

/** The built bot as production runs it: `node dist/src/main.js` with the image's NODE_OPTIONS and MALLOC_MMAP_THRESHOLD_. */
export async function startBuiltBot(env: Record<string, string>): Promise<Child> {
  // BENCH_NODE_FLAGS tries Node/V8 flags on the bot alone (e.g. --cpu-prof, --max-semi-space-size=2), not on the harness.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const extra = benchBotEnv();
  const defaults = { DATA_DIR: await tempDataDir(), LOG_LEVEL: 'warn', ...(await productionRuntimeEnv()) };
  return startProcess([...flags, BUILT_MAIN], { ...defaults, ...extra, ...env });
}

/** A TypeScript floor bot under bench/floors, run through tsx. */
export function startFloor(file: string, env: Record<string, string>): Child {
  return startProcess(['--import', 'tsx', path.join(PACKAGE_ROOT, 'bench/floors', file)], env);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
