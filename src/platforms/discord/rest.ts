import { REST } from '@discordjs/rest';

/** Per REST request; the quiz engine's own timeout on a whole call is longer (see deliveries.ts). */
export const DISCORD_REST_TIMEOUT_MS = 10_000;

/** A REST client for the bot token: a hung request must not hold a delivery or a start for long (10 s, one retry). */
export function discordRest(token: string, apiUrl?: string): REST {
  return new REST({ ...(apiUrl ? { api: apiUrl } : {}), timeout: DISCORD_REST_TIMEOUT_MS, retries: 1 }).setToken(token);
}
