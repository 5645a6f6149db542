import { PermissionFlagsBits } from 'discord-api-types/v10';

export interface RoleLike {
  id: string;
  permissions: string;
}

export interface OverwriteLike {
  id: string;
  /** 0 a role, 1 a member. */
  type: number;
  allow: string;
  deny: string;
}

export interface PermissionInputs {
  guildId: string;
  ownerId: string;
  /** Every role of the server, @everyone (whose id is the server's) included. */
  roles: readonly RoleLike[];
  member: { userId: string; roleIds: readonly string[] };
  overwrites: readonly OverwriteLike[];
}

const ALL = (1n << 64n) - 1n;

/**
 * A member's permissions in a channel, computed as Discord documents it: the
 * server-wide base (@everyone plus the member's roles; the owner and
 * Administrator have everything), then the channel's overwrites in order:
 * @everyone, the member's roles together, the member. Used where no gateway
 * cache can answer (Discord over HTTP), from REST reads.
 */
export function channelPermissions(inputs: PermissionInputs): bigint {
  if (inputs.member.userId === inputs.ownerId) return ALL;
  const memberRoles = new Set(inputs.member.roleIds);
  let base = 0n;
  for (const role of inputs.roles) if (role.id === inputs.guildId || memberRoles.has(role.id)) base |= BigInt(role.permissions);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL;

  const apply = (allow: bigint, deny: bigint) => (base = (base & ~deny) | allow);
  const everyone = inputs.overwrites.find((o) => o.type === 0 && o.id === inputs.guildId);
  if (everyone) apply(BigInt(everyone.allow), BigInt(everyone.deny));
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const o of inputs.overwrites) {
    if (o.type !== 0 || !memberRoles.has(o.id)) continue;
    roleAllow |= BigInt(o.allow);
    roleDeny |= BigInt(o.deny);
  }
  apply(roleAllow, roleDeny);
  const own = inputs.overwrites.find((o) => o.type === 1 && o.id === inputs.member.userId);
  if (own) apply(BigInt(own.allow), BigInt(own.deny));
  return base;
}

/**
 * Whether a permission set (the decimal string an interaction's member carries) grants `flag`:
 * Administrator grants everything, as in Discord's client and discord.js's `PermissionsBitField.has`.
 */
export function hasPermission(permissions: string, flag: bigint): boolean {
  const bits = BigInt(permissions);
  return (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & flag) === flag;
}
