import { canManageServer, type Invoker } from './types.ts';

/**
 * Who may administer the knowledge base. It is shared by every server the bot is in, so
 * Manage Server alone is not enough: it counts only in a server the operator listed.
 */
export interface KbAccessPolicy {
  /** KB_ADMIN_GUILD_IDS: servers whose members with Manage Server may use /kb. */
  adminGuildIds: readonly string[];
  /** ADMIN_ROLE_IDS: members holding one of these roles may use /kb. */
  adminRoleIds: readonly string[];
}

/** The facts a transport supplies about one request: who, where, with which permissions and roles. */
export type KbAccessFacts = Pick<Invoker, 'userId' | 'guildId' | 'permissions' | 'roleIds'> & {
  /** The application's owner, or its team's members (the console operator in console mode). */
  ownerIds: readonly string[];
};

export type KbAccessDecision = { allowed: true; as: 'owner' | 'listed-server-admin' | 'admin-role' } | { allowed: false };

/**
 * The application's owner (or team) anywhere; Manage Server in a listed server; an admin role.
 * With nothing configured, only the owner.
 */
export function decideKbAccess(facts: KbAccessFacts, policy: KbAccessPolicy): KbAccessDecision {
  if (facts.ownerIds.includes(facts.userId)) return { allowed: true, as: 'owner' };
  if (facts.guildId !== null && policy.adminGuildIds.includes(facts.guildId) && canManageServer(facts)) {
    return { allowed: true, as: 'listed-server-admin' };
  }
  if (facts.guildId !== null && facts.roleIds.some((role) => policy.adminRoleIds.includes(role))) return { allowed: true, as: 'admin-role' };
  return { allowed: false };
}
