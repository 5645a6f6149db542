import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { discordSpec } from '../fakes/discord/openapi.js';

const CHANNEL = '200000000000000001';
const spec = discordSpec();
const field = (i: number) => ({ name: `Field ${i}`, value: 'v' });
const row = (label: string) => ({ type: 1, components: [{ type: 2, style: 1, label, custom_id: 'v1:quiz:answer:1:0' }] });

describe("Discord's OpenAPI spec as the fake's validator", () => {
  it('GIVEN a path THEN the most specific route template wins: literal segments before parameters', () => {
    expect(spec.template('/webhooks/1/tok/messages/@original')).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/@original');
    expect(spec.template('/webhooks/1/tok/messages/2')).toBe('/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}');
    expect(spec.template('/channels/1/messages/bulk-delete')).toBe('/channels/{channel_id}/messages/bulk-delete');
    expect(spec.template('/applications/@me')).toBe('/applications/@me');
    expect(spec.template('/nothing/here')).toBeUndefined();
  });

  it.each([
    [
      'an embed with 26 fields',
      'POST',
      '/channels/1/messages',
      { embeds: [{ fields: Array.from({ length: 26 }, (_, i) => field(i)) }] },
      { path: 'embeds.0.fields', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' },
    ],
    [
      'an 81-character button label',
      'POST',
      '/interactions/1/tok/callback',
      { type: 4, data: { components: [row('L'.repeat(81))] } },
      { path: 'data.components.0.components.0.label', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 80 or fewer in length.' },
    ],
    [
      'a bad snowflake',
      'POST',
      '/channels/1/messages',
      { content: 'x', message_reference: { message_id: '12ab' } },
      { path: 'message_reference.message_id', code: 'NUMBER_TYPE_COERCE', message: 'Value "12ab" is not snowflake.' },
    ],
    [
      'a snowflake beyond 64 bits',
      'POST',
      '/channels/1/messages',
      { content: 'x', message_reference: { message_id: '18446744073709551616' } },
      { path: 'message_reference.message_id', code: 'NUMBER_TYPE_COERCE', message: 'Value "18446744073709551616" is not snowflake.' },
    ],
    [
      'a 4,097-character description in an edit',
      'PATCH',
      '/webhooks/1/tok/messages/@original',
      { embeds: [{ description: 'd'.repeat(4097) }] },
      { path: 'embeds.0.description', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' },
    ],
    [
      'a 26-character nonce',
      'POST',
      '/channels/1/messages',
      { content: 'x', nonce: 'n'.repeat(26) },
      { path: 'nonce', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' },
    ],
    [
      'an unknown button style',
      'PATCH',
      '/channels/1/messages/2',
      { components: [{ type: 1, components: [{ type: 2, style: 9, label: 'A', custom_id: 'a' }] }] },
      { path: 'components.0.components.0.style', code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4, 5, 6}.' },
    ],
    [
      'an unknown callback type',
      'POST',
      '/interactions/1/tok/callback',
      { type: 99 },
      { path: 'type', code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {8, 4, 5, 12, 9, 1, 13, 6, 7}.' },
    ],
    [
      'an empty autocomplete choice name',
      'POST',
      '/interactions/1/tok/callback',
      { type: 8, data: { choices: [{ name: '', value: 'x' }] } },
      { path: 'data.choices.0.name', code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' },
    ],
    [
      'an option without a description',
      'PUT',
      '/applications/1/commands',
      [{ name: 'lesson', description: 'Read', options: [{ type: 3, name: 'topic' }] }],
      { path: '0.options.0.description', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' },
    ],
    [
      'a permission bit set that is no number',
      'PUT',
      '/applications/1/guilds/2/commands',
      [{ name: 'quiz-setup', description: 'Set up', default_member_permissions: 'ManageGuild' }],
      { path: '0.default_member_permissions', code: 'NUMBER_TYPE_COERCE', message: 'Value "ManageGuild" is not int.' },
    ],
  ])('GIVEN %s THEN it is refused in the words of Discord', (_, method, path, body, problem) => {
    expect(spec.bodyProblems(method, path, body)).toEqual([problem]);
  });

  it('GIVEN permission bit sets as discord.js sends them (numeric strings) or as integers THEN both are accepted, within the bounds', () => {
    const command = (permissions: unknown) => [{ name: 'quiz-setup', description: 'Set up', default_member_permissions: permissions }];
    expect(spec.bodyProblems('PUT', '/applications/1/commands', command('32'))).toEqual([]);
    expect(spec.bodyProblems('PUT', '/applications/1/commands', command(32))).toEqual([]);
    expect(spec.bodyProblems('PUT', '/applications/1/commands', command(null))).toEqual([]);
    expect(spec.bodyProblems('PUT', '/applications/1/commands', command(String(2n ** 54n + 1n)))).not.toEqual([]);
  });

  it.each([
    ['POST', '/channels/1/messages'],
    ['PATCH', '/channels/1/messages/2'],
    ['POST', '/interactions/1/tok/callback'],
    ['POST', '/webhooks/1/tok'],
    ['PATCH', '/webhooks/1/tok/messages/@original'],
    ['PATCH', '/webhooks/1/tok/messages/2'],
    ['PUT', '/applications/1/commands'],
    ['PUT', '/applications/1/guilds/2/commands'],
    ['POST', '/applications/1/commands'],
    ['PATCH', '/applications/1/commands/3'],
  ])('GIVEN %s %s, a route the fake serves with a body THEN the spec has a schema for it (a bare number is refused)', (method, path) => {
    expect(spec.bodyProblems(method, path, 42)).not.toEqual([]);
  });
});

describe('the fake Discord refuses what the spec refuses, to a real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let channel: TextChannel;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } }) as Client<true>;
    const ready = once(client, Events.ClientReady);
    await client.login('fake-token');
    await ready;
    channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it("GIVEN an embed with 26 fields THEN 400 with code 50035 and Discord's nested errors, and nothing is posted", async () => {
    // Raw JSON, as a renderer sends it: discord.js checks only what goes through its builders.
    const error = await channel.send({ embeds: [{ title: 'Too many', fields: Array.from({ length: 26 }, (_, i) => field(i)) }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(400);
    expect(fake.requests.at(-1)?.response).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: { embeds: { 0: { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } } },
    });
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('GIVEN embeds within every per-field limit but over 6,000 characters together THEN the hand-written check still refuses them', async () => {
    const big = { description: 'd'.repeat(3500) };
    const error = await channel.send({ embeds: [big, big] }).catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect(fake.requests.at(-1)?.response).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
  });

  it('GIVEN a valid message with a reply reference THEN it is posted', async () => {
    const first = await channel.send({ content: 'question' });
    const reply = await channel.send({ content: 'answer', reply: { messageReference: first.id, failIfNotExists: false }, allowedMentions: { parse: [] } });
    expect(fake.message(reply.id)).toMatchObject({ content: 'answer', message_reference: { message_id: first.id } });
  });
});
