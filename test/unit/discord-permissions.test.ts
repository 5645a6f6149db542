import { PermissionFlagsBits as P, PermissionsBitField, SnowflakeUtil } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelPermissions, hasPermission, type PermissionInputs } from '../../src/platforms/discord/channel-permissions.js';
import { snowflakeAt } from '../../src/platforms/discord/discord.publisher.js';

const GUILD = '100';
const BOT = '200';
const ROLE = '300';
const OTHER_ROLE = '301';
const base = (over: Partial<PermissionInputs> = {}): PermissionInputs => ({
  guildId: GUILD,
  ownerId: '999',
  roles: [
    { id: GUILD, permissions: String(P.ViewChannel | P.SendMessages) },
    { id: ROLE, permissions: String(P.EmbedLinks) },
    { id: OTHER_ROLE, permissions: String(P.ManageGuild) },
  ],
  member: { userId: BOT, roleIds: [ROLE] },
  overwrites: [],
  ...over,
});
const has = (bits: bigint, bit: bigint) => (bits & bit) !== 0n;

describe('GIVEN the bot in a channel (Discord over HTTP computes its permissions from REST reads)', () => {
  it('THEN its roles add to @everyone, and roles it lacks do not', () => {
    const bits = channelPermissions(base());
    expect([has(bits, P.ViewChannel), has(bits, P.SendMessages), has(bits, P.EmbedLinks), has(bits, P.ManageGuild)]).toEqual([true, true, true, false]);
  });

  it('THEN overwrites apply in order: @everyone, its roles together, then the member itself', () => {
    const denyEveryone = { id: GUILD, type: 0, allow: '0', deny: String(P.SendMessages) };
    expect(has(channelPermissions(base({ overwrites: [denyEveryone] })), P.SendMessages)).toBe(false);
    const roleAllows = { id: ROLE, type: 0, allow: String(P.SendMessages), deny: '0' };
    expect(has(channelPermissions(base({ overwrites: [denyEveryone, roleAllows] })), P.SendMessages)).toBe(true);
    const memberDenies = { id: BOT, type: 1, allow: '0', deny: String(P.SendMessages) };
    expect(has(channelPermissions(base({ overwrites: [memberDenies, denyEveryone, roleAllows] })), P.SendMessages)).toBe(false);
    // An overwrite for a role the bot does not have, or for another member, changes nothing.
    const notMine = [
      { id: OTHER_ROLE, type: 0, allow: '0', deny: String(P.ViewChannel) },
      { id: '201', type: 1, allow: '0', deny: String(P.ViewChannel) },
    ];
    expect(has(channelPermissions(base({ overwrites: notMine })), P.ViewChannel)).toBe(true);
  });

  it('THEN Administrator and owning the server override every deny', () => {
    const denyAll = [{ id: GUILD, type: 0, allow: '0', deny: String(P.ViewChannel | P.SendMessages) }];
    const admin = base({
      roles: [...base().roles, { id: '302', permissions: String(P.Administrator) }],
      member: { userId: BOT, roleIds: ['302'] },
      overwrites: denyAll,
    });
    expect(has(channelPermissions(admin), P.SendMessages)).toBe(true);
    expect(has(channelPermissions(base({ ownerId: BOT, overwrites: denyAll })), P.ViewChannel)).toBe(true);
  });
});

describe('permission and snowflake arithmetic without discord.js (the HTTP-interactions bot does not load it)', () => {
  const flags = Object.values(P);

  it("GIVEN any member's permissions THEN hasPermission agrees with discord.js's PermissionsBitField.has (Administrator grants all)", () => {
    fc.assert(
      fc.property(fc.subarray(flags), fc.constantFrom(...flags), (granted, asked) => {
        const permissions = granted.reduce((bits, flag) => bits | flag, 0n).toString();
        expect(hasPermission(permissions, asked)).toBe(new PermissionsBitField(BigInt(permissions)).has(asked));
      }),
      { numRuns: 500 },
    );
    expect(hasPermission(String(P.Administrator), P.ManageGuild)).toBe(true);
    expect(hasPermission(String(P.SendMessages), P.ManageGuild)).toBe(false);
  });

  it('GIVEN an instant THEN snowflakeAt is the first snowflake of that millisecond, as discord.js reads it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2015-01-02T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        const id = snowflakeAt(at);
        expect(SnowflakeUtil.timestampFrom(id)).toBe(at.getTime());
        expect(BigInt(id) & 0x3fffffn).toBe(0n);
      }),
    );
  });
});
