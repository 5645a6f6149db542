import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

/**
 * Loads bolt-app.ts in a process of its own (as the bot does: nothing has
 * loaded Bolt before it), makes an App for Slack's events over HTTP and then
 * one for Socket Mode, and reports what was loaded after each, and which
 * receiver the Socket Mode App got.
 */
const probe = `
const { BoltApp } = await import(${JSON.stringify(path.join(PACKAGE_ROOT, 'src/platforms/slack/bolt-app.ts'))});
const { createRequire } = await import('node:module');
const require = createRequire(${JSON.stringify(path.join(PACKAGE_ROOT, 'package.json'))});
const loaded = () => ({
  socketMode: Object.keys(require.cache).some((id) => id.includes('/@slack/socket-mode/')),
  undici: Object.keys(require.cache).some((id) => id.includes('/undici/lib/')),
});
const authorize = async () => ({ botToken: 'xoxb-1', botId: 'B1', botUserId: 'U1' });
new BoltApp({ signingSecret: 'secret', authorize, logLevel: 'error' });
const overHttp = loaded();
const app = new BoltApp({ appToken: 'xapp-1', socketMode: true, authorize, logLevel: 'error' });
const { default: SocketModeReceiver } = require('@slack/bolt/dist/receivers/SocketModeReceiver.js');
console.log(JSON.stringify({ overHttp, socketMode: loaded(), realReceiver: app.receiver instanceof SocketModeReceiver }));
`;

describe("Bolt's App as the bot loads it (bolt-app.ts)", () => {
  it('WHEN Slack comes over HTTP THEN Socket Mode and its websocket client are not loaded; WHEN an App uses Socket Mode THEN it gets the real receiver', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: PACKAGE_ROOT,
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      overHttp: { socketMode: false, undici: false },
      socketMode: { socketMode: true, undici: true },
      realReceiver: true,
    });
  });
});
