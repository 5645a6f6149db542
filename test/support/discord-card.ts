import { expect } from 'vitest';
import type { FakeDiscord, InteractionResult } from '../fakes/discord/fake-discord.js';

/**
 * The card attached to an interaction's reply, as a member's client would show it: the uploaded
 * file, the size Discord reports for the image, and the alt text stored with it. Also checks
 * that the embed shows that very file.
 */
export function discordCardOf(fake: FakeDiscord, r: InteractionResult): { contentType: string; width: number; alt: string } {
  const file = r.callback.files[0];
  if (!file) throw new Error(`no file attached to the reply: ${JSON.stringify(r.callback.body).slice(0, 300)}`);
  const embeds = (r.callback.body as { data: { embeds: Array<{ image?: { url: string } }> } }).data.embeds;
  expect(embeds[0]?.image?.url).toBe(`attachment://${file.name}`);
  const stored = fake.message(r.message()!.id)!;
  const [attachment] = stored.attachments as Array<{ description?: string; width?: number }>;
  return { contentType: file.contentType, width: attachment?.width ?? 0, alt: attachment?.description ?? '' };
}
