import { createRequire } from 'node:module';
import type { App as BoltAppClass } from '@slack/bolt';

/**
 * Bolt's App, loaded without Bolt's index. The index also loads the
 * ExpressReceiver and with it Express, its router and body parsers (about
 * 2 MB of V8 heap and 4–5 MB of resident memory on every replica,
 * docs/PERFORMANCE.md "What every replica loaded for nothing"), which studybot never uses: HTTP mode runs
 * Bolt's own HTTPReceiver and Socket Mode its SocketModeReceiver, and App loads
 * both itself. Bolt is pinned (~5.1) and has no exports map; every Slack test
 * fails at once if this file moves. Types still come from '@slack/bolt'.
 */
const require = createRequire(import.meta.url);
export const BoltApp = (require('@slack/bolt/dist/App.js') as { default: typeof BoltAppClass }).default;
