import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.ts';
import { isDatabaseBusy } from '../store/database.ts';
import { UserError, type Reply } from '../shared/reply.ts';
import { quoteUserText } from '../shared/markdown.ts';
import type { z } from 'zod';
import type { AutocompleteChoice, Command, CommandArgs, Invoker, OptionSchemas, RawOptions } from './types.ts';

export type Outcome = 'ok' | 'refused' | 'error';

/** Told once per answered interaction (the metrics hook): `command` is a known command name or `unknown`. */
export type InteractionObserver = (event: { kind: 'command' | 'button' | 'autocomplete'; command: string; outcome: Outcome; ms: number }) => void;

/**
 * The commands by name and the one error boundary around them, shared by Discord and
 * the console: a UserError is shown as is (privately), anything else becomes a generic
 * message with an error id that is also in the log, stack and all.
 */
export class CommandRegistry {
  private readonly byName: Map<string, Command>;

  constructor(
    readonly commands: Command[],
    private readonly logger: Logger,
    private readonly observe: InteractionObserver = () => {},
  ) {
    this.byName = new Map(commands.map((command) => [command.definition.name, command]));
  }

  get(name: string): Command | undefined {
    return this.byName.get(name);
  }

  async execute(name: string, invoker: Invoker, options: RawOptions, subcommand?: string): Promise<Reply> {
    const command = this.byName.get(name);
    return this.guard({ kind: 'command', name: subcommand ? `${name} ${subcommand}` : name, label: labelOf(command, subcommand), invoker }, async () => {
      if (!command) throw new UserError(`There is no /${name} command. Try /help.`);
      return runCommand(command, invoker, options, subcommand);
    });
  }

  async press(invoker: Invoker, customId: string): Promise<Reply & { update?: boolean }> {
    const name = customId.split(':')[0] ?? '';
    const command = this.byName.get(name);
    return this.guard({ kind: 'button', name: customId, label: labelOf(command), invoker }, async () => {
      if (!command?.button) throw new UserError('That button no longer works. Run the command again.');
      return command.button(invoker, customId);
    });
  }

  /** Autocomplete never shows an error to the user: on failure it offers nothing and logs why. */
  async complete(name: string, invoker: Invoker, focused: { name: string; value: string }, subcommand?: string): Promise<AutocompleteChoice[]> {
    const started = performance.now();
    const command = this.byName.get(name);
    const observe = (outcome: Outcome) => this.observe({ kind: 'autocomplete', command: labelOf(command, subcommand), outcome, ms: performance.now() - started });
    try {
      const choices = (await command?.autocomplete?.(invoker, focused, subcommand)) ?? [];
      this.logger.debug({ kind: 'autocomplete', command: name, user: invoker.userId, ms: elapsed(started), outcome: 'ok' }, 'interaction');
      observe('ok');
      return choices.slice(0, 25);
    } catch (error) {
      this.logger.error({ kind: 'autocomplete', command: name, err: error, ms: elapsed(started), outcome: 'error' }, 'autocomplete failed');
      observe('error');
      return [];
    }
  }

  private async guard<T extends Reply>(
    context: { kind: 'command' | 'button'; name: string; label: string; invoker: Invoker },
    run: () => Promise<T>,
  ): Promise<T | Reply> {
    const started = performance.now();
    const base = { kind: context.kind, command: context.name, user: context.invoker.userId, guild: context.invoker.guildId };
    const observe = (outcome: Outcome) => this.observe({ kind: context.kind, command: context.label, outcome, ms: performance.now() - started });
    try {
      const reply = await run();
      this.logger.info({ ...base, ms: elapsed(started), outcome: 'ok' satisfies Outcome }, 'interaction');
      observe('ok');
      return reply;
    } catch (error) {
      if (error instanceof UserError) {
        this.logger.info({ ...base, ms: elapsed(started), outcome: 'refused' satisfies Outcome, reason: error.message }, 'interaction');
        observe('refused');
        return { ephemeral: true, content: error.message };
      }
      if (isDatabaseBusy(error)) {
        this.logger.warn({ ...base, ms: elapsed(started), outcome: 'refused' satisfies Outcome, err: error }, 'interaction: database busy');
        return { ephemeral: true, content: 'The bot’s database is busy (another process is writing to it). Nothing was changed; try again in a moment.' };
      }
      const errorId = randomBytes(4).toString('hex');
      this.logger.error({ ...base, ms: elapsed(started), outcome: 'error' satisfies Outcome, errorId, err: error }, 'interaction failed');
      observe('error');
      return { ephemeral: true, content: `Something went wrong on my side (error id \`${errorId}\`). It has been logged; please try again later.` };
    }
  }
}

/**
 * A metrics label that cannot grow without bound: the command's own name, with a subcommand only
 * if the definition declares it; anything else (a name or button id from a payload) is `unknown`.
 */
function labelOf(command: Command | undefined, subcommand?: string): string {
  if (!command) return 'unknown';
  const name = command.definition.name;
  if (subcommand === undefined) return name;
  const declared = (command.definition.options ?? []).some((option) => option.name === subcommand);
  return declared ? `${name} ${subcommand}` : `${name} unknown`;
}

/** Check the options against the subcommand's schema, then run the command with them; a bad option is a UserError. */
export async function runCommand(command: Command, invoker: Invoker, raw: RawOptions, subcommand?: string): Promise<Reply> {
  const name = command.definition.name;
  const schema = command.options[subcommand ?? ''];
  if (!schema) throw new UserError(`/${name} has no ${subcommand ? `\`${subcommand}\` subcommand` : 'form without a subcommand'}. Try /help.`);
  return command.run(invoker, ...([readOptions(schema, raw), subcommand] as CommandArgs<OptionSchemas>));
}

/**
 * The options checked against the subcommand's schema. The one refusal for a bad option:
 * `` `time` “25:00”: must be a 24-hour time such as 07:30 `` (the option, what was given, why).
 */
function readOptions<T extends z.ZodType>(schema: T, raw: RawOptions): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const option = issue?.path[0];
  const value = typeof option === 'string' && raw[option] !== undefined ? ` “${quoteUserText([...String(raw[option])].slice(0, 64).join(''))}”` : '';
  throw new UserError(`${typeof option === 'string' ? `\`${option}\`${value}: ` : ''}${issue?.message ?? 'that input could not be read.'}`);
}

const elapsed = (started: number) => Math.round(performance.now() - started);
