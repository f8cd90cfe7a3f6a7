import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { decideKbAccess, type KbAccessFacts } from '../../src/commands/kb-access.ts';
import { loadConfig } from '../../src/config.ts';

const LISTED = '200000000000000001';
const OTHER = '200000000000000002';
const ROLE = '400000000000000009';
const OWNER = '100000000000000099';
const admin = (guildId: string | null): KbAccessFacts => ({ userId: '100000000000000001', guildId, permissions: PermissionFlagsBits.ManageGuild, roleIds: [], ownerIds: [OWNER] });
const member = (guildId: string, roleIds: string[] = []): KbAccessFacts => ({ userId: '100000000000000002', guildId, permissions: PermissionFlagsBits.SendMessages, roleIds, ownerIds: [OWNER] });

describe('who may use /kb', () => {
  const policy = { adminGuildIds: [LISTED], adminRoleIds: [ROLE] };

  it('admits Manage Server (or Administrator) only in a listed server', () => {
    expect(decideKbAccess(admin(LISTED), policy)).toEqual({ allowed: true, as: 'listed-server-admin' });
    expect(decideKbAccess({ ...admin(LISTED), permissions: PermissionFlagsBits.Administrator }, policy).allowed).toBe(true);
    expect(decideKbAccess(admin(OTHER), policy)).toEqual({ allowed: false });
    expect(decideKbAccess(admin(null), policy)).toEqual({ allowed: false });
    expect(decideKbAccess(member(LISTED), policy)).toEqual({ allowed: false });
  });

  it('admits a member holding an ADMIN_ROLE_IDS role', () => {
    expect(decideKbAccess(member(OTHER, [ROLE]), policy)).toEqual({ allowed: true, as: 'admin-role' });
    expect(decideKbAccess(member(OTHER, ['400000000000000001']), policy).allowed).toBe(false);
  });

  it('admits the owner (or a team member) in any server, with no permission', () => {
    expect(decideKbAccess({ ...member(OTHER), userId: OWNER }, policy)).toEqual({ allowed: true, as: 'owner' });
    expect(decideKbAccess({ ...member(OTHER), ownerIds: ['1', '100000000000000002'] }, policy).allowed).toBe(true);
  });

  it('with nothing configured, admits only the owner', () => {
    const none = { adminGuildIds: [], adminRoleIds: [] };
    expect(decideKbAccess(admin(LISTED), none).allowed).toBe(false);
    expect(decideKbAccess({ ...admin(LISTED), permissions: PermissionFlagsBits.Administrator }, none).allowed).toBe(false);
    expect(decideKbAccess({ ...admin(LISTED), userId: OWNER }, none).allowed).toBe(true);
  });

  it('reads KB_ADMIN_GUILD_IDS as a list of Discord ids', () => {
    expect(loadConfig({ KB_ADMIN_GUILD_IDS: ` ${LISTED}, ${OTHER} ` }).kbAdminGuildIds).toEqual([LISTED, OTHER]);
    expect(loadConfig({}).kbAdminGuildIds).toEqual([]);
    expect(() => loadConfig({ KB_ADMIN_GUILD_IDS: 'my-server' })).toThrow(/KB_ADMIN_GUILD_IDS.*Discord id/s);
  });
});
