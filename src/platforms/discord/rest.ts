import { createRequire } from 'node:module';
import path from 'node:path';
import type { REST as RestClient } from '@discordjs/rest';

/** Per REST request; the quiz engine's own timeout on a whole call is longer (see deliveries.ts). */
export const DISCORD_REST_TIMEOUT_MS = 10_000;

/**
 * @discordjs/rest's web build, the same client compiled to send its requests
 * with Node's own `fetch`. Node resolves the package to its Node build, which
 * loads a second HTTP stack (the npm `undici`, with its own WebAssembly
 * parser) beside the one Node ships and Bolt already loads: about 3 MB of
 * resident memory on every replica for nothing the bot needs (docs/PERFORMANCE.md,
 * "What every replica loaded for nothing"). The package does not export this entry, so it is found next
 * to the one it does; the version is pinned, and every Discord test fails at
 * once if the file moves. discord.js's gateway client keeps its own Node build.
 */
const require = createRequire(import.meta.url);
const webBuild = path.join(path.dirname(require.resolve('@discordjs/rest')), 'web.js');
const { REST } = require(webBuild) as { REST: typeof RestClient };

/** A REST client for the bot token: a hung request must not hold a delivery or a start for long (10 s, one retry). */
export function discordRest(token: string, apiUrl?: string): RestClient {
  return new REST({ ...(apiUrl ? { api: apiUrl } : {}), timeout: DISCORD_REST_TIMEOUT_MS, retries: 1 }).setToken(token);
}

/**
 * The HTTP status of an error from Discord's API, from either build of the REST
 * client (the gateway's and the web one have their own DiscordAPIError class,
 * so `instanceof` would recognise only one of them).
 */
export function discordApiStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || !error.name.startsWith('DiscordAPIError')) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}
