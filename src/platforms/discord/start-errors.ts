/**
 * What a failed Discord start means, kept apart from the gateway client: the
 * interactions endpoint reports its start failures the same way without
 * loading discord.js.
 */
export class DiscordStartError extends Error {
  override name = 'DiscordStartError';
}

/**
 * What a failed start means for the person running the bot: a refused token
 * (no retry can fix it, so it names the fix) or Discord being unreachable.
 */
export function explainStartError(error: unknown): DiscordStartError {
  const code = (error as { code?: string }).code;
  const status = (error as { status?: number }).status;
  if (code === 'TokenInvalid' || status === 401 || /4004|invalid token|Authentication failed|401/i.test(String(error))) {
    return new DiscordStartError(
      'Discord refused DISCORD_TOKEN (authentication failed). Copy the bot token again from the Developer Portal (Bot → Reset Token).',
      { cause: error },
    );
  }
  // Node's fetch says only "fetch failed"; what failed (refused, not found, timed out) is in its cause.
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ` (${cause.message})` : '';
  return new DiscordStartError(`Could not connect to Discord: ${(error as Error).message}${detail}`, { cause: error });
}

/** True for the failures explainStartError reports as a refused token. */
export function isRefusedToken(error: unknown): boolean {
  return error instanceof DiscordStartError && /DISCORD_TOKEN/.test(error.message);
}
