import { InteractionResponseType } from 'discord.js';
import type { InteractionResult } from '../fakes/discord/fake-discord.js';

type Embeds = { embeds?: Array<{ title?: string; description?: string }> };

/** The text a member finally sees: the direct reply's embed, or the edit after a deferral (waited for up to `timeoutMs`). */
export async function seenText(r: InteractionResult, timeoutMs = 15_000): Promise<string> {
  const body = r.callback.body as { type: number; data?: Embeds };
  const embed =
    body.type === InteractionResponseType.DeferredChannelMessageWithSource
      ? ((await r.waitForFollowUp(undefined, timeoutMs)).body as Embeds).embeds?.[0]
      : body.data?.embeds?.[0];
  return embed?.title ?? embed?.description ?? '';
}
