import { PermissionFlagsBits, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
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

/**
 * Each subcommand's option schema, by its path as the transports name it (`add`, `feeds add`);
 * `''` for a command without subcommands. The registry checks the options against it before
 * `run` sees them, so a command declares its options once and receives them typed.
 */
export type OptionSchemas = Readonly<Record<string, z.ZodType>>;

/** `run`'s arguments after the invoker: the parsed options and their subcommand, one pair per subcommand. */
export type CommandArgs<S extends OptionSchemas> = {
  [K in keyof S & string]: string extends K
    ? [options: unknown, subcommand?: string] // any command (the registry's view)
    : K extends ''
      ? [options: z.output<S[K]>, subcommand?: undefined]
      : [options: z.output<S[K]>, subcommand: K];
}[keyof S & string];

export interface Command<S extends OptionSchemas = OptionSchemas> {
  /** The slash-command definition, deployed as is by `npm run deploy-commands`. */
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** The option schema of each subcommand (see OptionSchemas). */
  options: S;
  /** Every answer is private (ephemeral): a transport that must acknowledge early does so privately too. */
  answersPrivately?: boolean;
  /**
   * The answer blocks for a while (it reads the whole knowledge base): a transport that must
   * acknowledge early does so before running it, since a blocked event loop cannot defer later.
   */
  defersFirst?: (subcommand?: string) => boolean;
  /** Run the command with its checked options. Throw UserError for a user-facing refusal. */
  run(invoker: Invoker, ...args: CommandArgs<S>): Promise<Reply>;
  /** Suggestions for the focused option. */
  autocomplete?(invoker: Invoker, focused: { name: string; value: string }, subcommand?: string): Promise<AutocompleteChoice[]>;
  /** Handle a button press whose customId starts with `<definition.name>:`. */
  button?(invoker: Invoker, customId: string): Promise<Reply & { update?: boolean }>;
}

/** A command with no options and no subcommands. */
export const NO_OPTIONS = { '': z.object({}) } as const;
