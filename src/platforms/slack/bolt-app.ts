import { createRequire, Module } from 'node:module';
import type { App as BoltAppClass } from '@slack/bolt';

/**
 * Bolt's App, loaded without what studybot does not use.
 *
 * - Not Bolt's index: it also loads the ExpressReceiver and with it Express,
 *   its router and body parsers (about 2 MB of V8 heap and 4–5 MB of resident
 *   memory on every replica), which studybot never uses: HTTP mode runs Bolt's
 *   own HTTPReceiver and Socket Mode its SocketModeReceiver, and App loads both
 *   itself.
 * - Socket Mode only when an App is made with it: App loads its
 *   SocketModeReceiver at once, and with it `@slack/socket-mode` and the npm
 *   `undici` 7 for its websocket (10–11 MB of resident memory beside App
 *   alone, in a bare Node) on replicas that take Slack's events over HTTP. App reads the receiver's class only to
 *   construct it (or to check a custom receiver), so its module is given a
 *   stand-in whose class loads the real module when first read.
 *
 * See docs/PERFORMANCE.md ("What every replica loaded for nothing", "Idle
 * memory under 100 MB"). Bolt is pinned (~5.1) and has no exports map;
 * every Slack test fails at once if these files move. Types still come from
 * '@slack/bolt'.
 */
const require = createRequire(import.meta.url);
const socketModeReceiver = require.resolve('@slack/bolt/dist/receivers/SocketModeReceiver.js');
// Already loaded (a test that imported Bolt's index first): App is bound to the real one.
if (!require.cache[socketModeReceiver]) {
  let real: { default: unknown } | undefined;
  const standIn = new Module(socketModeReceiver);
  standIn.filename = socketModeReceiver;
  standIn.loaded = true;
  standIn.exports = {
    __esModule: true,
    get default() {
      if (!real) {
        // Out of the cache first, so that this require reads the file itself and caches the real module.
        delete require.cache[socketModeReceiver];
        real = require(socketModeReceiver) as { default: unknown };
      }
      return real.default;
    },
  };
  require.cache[socketModeReceiver] = standIn;
}

export const BoltApp = (require('@slack/bolt/dist/App.js') as { default: typeof BoltAppClass }).default;
