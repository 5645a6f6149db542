import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { freePort } from '../support/free-port.js';
import { eventually } from '../support/run-bot.js';

/**
 * The folder the Dockerfile's runtime stage produces, built without Docker:
 * the compiled output, content/ and drizzle/, and production dependencies only.
 * If the runtime needs a dev dependency or a file the image lacks, this fails.
 */
let app: string;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  app = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-image-')), 'app');
  for (const entry of ['package.json', 'package-lock.json', 'scripts', 'dist', 'content', 'drizzle']) {
    await cp(path.join(PACKAGE_ROOT, entry), path.join(app, entry), { recursive: true });
  }
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/prune-fonts.mjs'], { cwd: app, stdio: 'inherit' });
});

const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  NODE_ENV: 'production',
  DATA_DIR: path.join(app, '..', 'data'),
  ...extra,
});

describe('GIVEN the production layout (no dev dependencies)', () => {
  it('THEN the console answers /lesson 17.3', () => {
    const out = execFileSync(process.execPath, ['dist/src/main.js'], { cwd: app, input: '/lesson 17.3\n', env: env({}) }).toString();
    expect(out).toContain('› /lesson 17.3\n17.3 · ECS: task definitions, services, Fargate vs EC2');
  });

  it('THEN a leaderboard card is drawn with the fonts the image keeps', async () => {
    const out = execFileSync(process.execPath, ['dist/src/main.js'], {
      cwd: app,
      input: ['/quiz-setup time:09:00 window:1h', '/quiz-now', 'A', '/leaderboard', ''].join('\n'),
      env: env({ DATA_DIR: path.join(app, '..', 'cards-data') }),
    }).toString();
    const card = /🖼 {2}(\S+\/cards\/leaderboard\.png)/.exec(out)?.[1];
    expect(card, out.slice(-600)).toBeDefined();
    expect((await readFile(card!)).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  describe('AND it runs as a service', () => {
    let fake: FakeDiscord;
    let base: string;
    let child: ReturnType<typeof spawn>;
    let exited: Promise<number | null>;
    beforeAll(async () => {
      fake = await FakeDiscord.start();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, ['dist/src/main.js'], {
        cwd: app,
        env: env({ DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: fake.apiUrl, PORT: String(port), LOG_LEVEL: 'warn' }),
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      exited = new Promise((resolve) => child.on('close', resolve));
      await fake.waitForReady(60_000);
      await eventually(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 'readiness', 60_000);
    });
    afterAll(async () => fake.close());

    it('THEN /healthz, /readyz and /metrics answer, and SIGTERM exits 0', async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', checks: { database: true, discord: true } });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('studybot_process_resident_memory_bytes');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    });
  });
});
