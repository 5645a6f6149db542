/**
 * `npm run slack:manifest`: prints the Slack app manifest (YAML) to paste into api.slack.com/apps.
 * Socket Mode by default; `-- --http https://your-host` prints the HTTP-mode manifest instead.
 */
import { parseArgs } from 'node:util';
import jsyaml from 'js-yaml';
import { loadCommands } from '../../core/command-loader.js';
import { slackEventsUrl, slackManifest } from './manifest.js';

function eventsUrlFromArgs(): string | undefined {
  const { values } = parseArgs({ options: { http: { type: 'string' } }, strict: true });
  return values.http === undefined ? undefined : slackEventsUrl(values.http);
}

let eventsUrl: string | undefined;
try {
  eventsUrl = eventsUrlFromArgs();
} catch (error) {
  process.stderr.write(
    `slack:manifest: ${error instanceof Error ? error.message : String(error)}\nUsage: npm run slack:manifest [-- --http https://your-host]\n`,
  );
  process.exit(2);
}
const manifest = slackManifest((await loadCommands()).list(), { eventsUrl });
const mode = eventsUrl === undefined ? 'Socket Mode' : `HTTP mode, ${eventsUrl}`;
process.stdout.write(
  `# Slack app manifest for studybot (${mode}), generated from commands/ by npm run slack:manifest\n${jsyaml.dump(manifest, { lineWidth: 120, noRefs: true })}`,
);
