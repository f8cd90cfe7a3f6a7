/**
 * Discord's permission arithmetic (base role permissions, Administrator, then channel overwrites
 * for @everyone, roles, member), used for `member.permissions` / `app_permissions` in interactions
 * and for refusing REST calls the bot could not make for real (50001 / 50013).
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIOverwrite, APIRole } from 'discord-api-types/v10';

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  roleIds: readonly string[];
  roles: readonly APIRole[];
}

export function basePermissions(s: PermissionSubject): bigint {
  if (s.userId === s.ownerId) return ALL_PERMISSIONS;
  let perms = 0n;
  for (const role of s.roles) {
    if (role.id === s.guildId || s.roleIds.includes(role.id)) perms |= BigInt(role.permissions);
  }
  return perms & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : perms;
}

export function channelPermissions(s: PermissionSubject, overwrites: readonly APIOverwrite[] = []): bigint {
  let perms = basePermissions(s);
  if (perms === ALL_PERMISSIONS) return perms;
  const apply = (o: APIOverwrite | undefined) => {
    if (!o) return;
    perms = (perms & ~BigInt(o.deny)) | BigInt(o.allow);
  };
  apply(overwrites.find((o) => o.id === s.guildId));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== s.guildId && s.roleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  apply(overwrites.find((o) => o.type === 1 && o.id === s.userId));
  // Without View Channel nothing else in the channel applies.
  return perms & PermissionFlagsBits.ViewChannel ? perms : 0n;
}
