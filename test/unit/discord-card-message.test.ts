import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CanvasCardRenderer } from '../../src/cards/canvas-card-renderer.js';
import { SAMPLE_REVEAL } from '../../src/cards/samples.js';
import { reply } from '../../src/core/reply.js';
import { discordPublisher } from '../../src/platforms/discord/discord.publisher.js';
import { discordApiStatus, discordRest } from '../../src/platforms/discord/rest.js';
import { FakeDiscord, type FakeDiscordOptions } from '../fakes/discord/fake-discord.js';

/** A message with a card, sent by the drawing process (CardImage.send) to the fake Discord's REST API. */
const CHANNEL = '200000000000000001';
const renderer = new CanvasCardRenderer();
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(() => renderer.close());

async function publisherOn(options?: FakeDiscordOptions) {
  fake = await FakeDiscord.start(options);
  return discordPublisher(discordRest('fake-token', fake.apiUrl), { userId: fake.botUserId, token: 'fake-token' });
}

const revealWithChart = async (question: string) => {
  const image = await renderer.render({ ...SAMPLE_REVEAL, question });
  return { ...reply({ title: 'The answer', body: question }), image };
};

describe('GIVEN a reply with its card, posted in a channel', () => {
  it('WHEN two go out at once past the channel rate limit THEN the second waits out its 429, and both arrive with their PNG and alt text', async () => {
    const publisher = await publisherOn({ rateLimit: { perSecond: 1 } });
    const target = { tenantId: 'discord:g', channelId: CHANNEL };
    await Promise.all([publisher.post(target, await revealWithChart('First?')), publisher.post(target, await revealWithChart('Second?'))]);
    expect(fake!.rateLimited).toBe(1);
    const posted = fake!.messages(CHANNEL);
    expect(posted).toHaveLength(2);
    for (const message of posted) {
      const [attachment] = message['attachments'] as Array<{ filename: string; width: number; description: string }>;
      expect(attachment).toMatchObject({ filename: 'reveal.png' });
      expect(attachment!.width).toBeGreaterThanOrEqual(600);
      expect(attachment!.description).toMatch(/^Answers chart, 22 answers: /);
    }
  });

  it('WHEN the channel is gone THEN the failure reads as Discord 404, as the REST client reports it', async () => {
    const publisher = await publisherOn();
    const failure = await publisher.post({ tenantId: 'discord:g', channelId: '299999999999999999' }, await revealWithChart('Gone?')).catch((e: unknown) => e);
    expect(discordApiStatus(failure)).toBe(404);
  });
});
