import { PermissionFlagsBits, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Reply } from '../shared/reply.ts';

/** Who is asking, and where: what a handler may rely on, whatever the transport. */
export interface Invoker {
  userId: string;
  userName: string;
  /** null in DMs and in the console. */
  guildId: string | null;
  channelId: string | null;
  /** Discord permission bitfield of the member in this channel (as a bigint); all bits in the console. */
  permissions: bigint;
  roleIds: string[];
}

/** Manage Server, or Administrator (which implies it): what /briefing and /kb ask of a member. */
export function canManageServer(invoker: Pick<Invoker, 'permissions'>): boolean {
  return (invoker.permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
}

/** Option values as the transport read them, before the command's own zod schema checks them. */
export type RawOptions = Record<string, string | number | boolean | undefined>;

export interface AutocompleteChoice {
  name: string;
  value: string;
}

export interface Command {
  /** The slash-command definition, deployed as is by `npm run deploy-commands`. */
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Every answer is private (ephemeral): a transport that must acknowledge early does so privately too. */
  answersPrivately?: boolean;
  /**
   * The answer blocks for a while (it reads the whole knowledge base): a transport that must
   * acknowledge early does so before running it, since a blocked event loop cannot defer later.
   */
  defersFirst?: (subcommand?: string) => boolean;
  /** Run the command. `subcommand` is set for commands with subcommands. Throw UserError for a user-facing refusal. */
  run(invoker: Invoker, options: RawOptions, subcommand?: string): Promise<Reply>;
  /** Suggestions for the focused option. */
  autocomplete?(invoker: Invoker, focused: { name: string; value: string }, subcommand?: string): Promise<AutocompleteChoice[]>;
  /** Handle a button press whose customId starts with `<definition.name>:`. */
  button?(invoker: Invoker, customId: string): Promise<Reply & { update?: boolean }>;
}
