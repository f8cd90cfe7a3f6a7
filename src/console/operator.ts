import type { Invoker } from '../commands/types.ts';

/** The user id of whoever types at the console: the operator at the machine, the bot's owner. */
export const CONSOLE_OPERATOR_ID = 'console';

/** The console user may do anything an admin may: it is the operator at the machine. */
export const CONSOLE_INVOKER: Invoker = {
  userId: CONSOLE_OPERATOR_ID,
  userName: 'console',
  guildId: null,
  channelId: null,
  permissions: ~0n & ((1n << 64n) - 1n),
  roleIds: [],
};
