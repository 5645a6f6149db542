import { createServer } from 'node:net';
import { REST as NodeBuildRest } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { discordApiStatus, discordRest } from '../../src/platforms/discord/rest.js';
import { explainStartError } from '../../src/platforms/discord/start-errors.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the REST client the bot sends with (the web build of @discordjs/rest, over Node fetch)', () => {
  it('WHEN it asks the fake Discord for the bot user THEN it authenticates and reads the answer', async () => {
    fake = await FakeDiscord.start();
    const me = (await discordRest('fake-token', fake.apiUrl).get(Routes.user('@me'))) as { id: string; bot?: boolean };
    expect(me.id).toMatch(/^\d+$/);
    expect(me.bot).toBe(true);
  });

  it("WHEN Discord answers 404 THEN the status is read from either build's error (the gateway keeps the Node build)", async () => {
    fake = await FakeDiscord.start();
    const unknownChannel = Routes.channel('299999999999999999');
    const fromWeb = await discordRest('fake-token', fake.apiUrl)
      .get(unknownChannel)
      .catch((e: unknown) => e);
    const fromNode = await new NodeBuildRest({ api: fake.apiUrl, retries: 0 })
      .setToken('fake-token')
      .get(unknownChannel)
      .catch((e: unknown) => e);
    expect(discordApiStatus(fromWeb)).toBe(404);
    expect(discordApiStatus(fromNode)).toBe(404);
    // Two classes: instanceof would have recognised only one of them.
    expect(fromWeb?.constructor).not.toBe(fromNode?.constructor);
  });

  it('WHEN an error is not from Discord THEN it has no Discord status', () => {
    expect(discordApiStatus(new Error('boom'))).toBeUndefined();
    expect(discordApiStatus(Object.assign(new Error('x'), { status: 404 }))).toBeUndefined();
    expect(discordApiStatus('404')).toBeUndefined();
  });

  it('WHEN Discord cannot be reached at start THEN the message says why, not only "fetch failed"', async () => {
    const port = await closedPort();
    const error = await discordRest('fake-token', `http://127.0.0.1:${port}/api`)
      .get(Routes.user('@me'))
      .catch((e: unknown) => e);
    expect(explainStartError(error).message).toMatch(/^Could not connect to Discord: .*ECONNREFUSED/);
  });
});
