import { expect } from 'vitest';
import type { FakeDiscord, InteractionResult } from '../fakes/discord/fake-discord.js';

/**
 * The card of an interaction's reply, as a member's client would show it. The reply goes out as
 * text first and the card is edited in once drawn: this waits for that edit, checks that its embed
 * shows the uploaded file, and reads the size Discord reports for the image and the alt text the
 * message stores with it.
 */
export async function discordCardOf(fake: FakeDiscord, r: InteractionResult): Promise<{ contentType: string; width: number; alt: string }> {
  const edit = await r.waitForFollowUp((request) => request.files.length > 0);
  const file = edit.files[0]!;
  const embeds = (edit.body as { embeds: Array<{ image?: { url: string } }> }).embeds;
  expect(embeds[0]?.image?.url).toBe(`attachment://${file.name}`);
  const stored = fake.message(r.message()!.id)!;
  const [attachment] = stored.attachments as Array<{ description?: string; width?: number }>;
  return { contentType: file.contentType, width: attachment?.width ?? 0, alt: attachment?.description ?? '' };
}
