/** `npm run slack:manifest`: prints the Slack app manifest (YAML) to paste into api.slack.com/apps. */
import jsyaml from 'js-yaml';
import { loadCommands } from '../../core/command-loader.js';
import { slackManifest } from './manifest.js';

const manifest = slackManifest((await loadCommands()).list());
process.stdout.write(`# Slack app manifest for studybot, generated from commands/ by npm run slack:manifest\n${jsyaml.dump(manifest, { lineWidth: 120, noRefs: true })}`);
