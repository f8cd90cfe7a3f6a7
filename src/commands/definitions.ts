import type { Library } from '../library.ts';
import { createBriefingCommand, definition as briefing, type BriefingCommandDependencies } from './briefing.ts';
import { createFentanylCommand, definition as fentanyl } from './fentanyl.ts';
import { createHelpCommand, definition as help } from './help.ts';
import { createKbCommand, definition as kb, type KbCommandDependencies } from './kb.ts';
import { createSourcesCommand, definition as sources } from './sources.ts';
import type { Command } from './types.ts';

/** What the commands are made from (the app assembles it). */
export interface CommandContext {
  library: Library;
  /** QUERY_COOLDOWN_SECONDS. */
  queryCooldownSeconds: number;
  briefing: BriefingCommandDependencies;
  kb: Omit<KbCommandDependencies, 'library'>;
}

/**
 * Every slash command the bot offers: its definition and how its handler is made. The app
 * creates the handlers from it and `npm run deploy-commands` deploys the definitions, so the
 * two cannot disagree. Deploying needs no database or knowledge base: it reads only `definition`.
 */
const COMMANDS: readonly { definition: Command['definition']; create(context: CommandContext): Command }[] = [
  { definition: fentanyl, create: ({ library, queryCooldownSeconds }) => createFentanylCommand({ library, cooldownSeconds: queryCooldownSeconds }) },
  { definition: sources, create: ({ library }) => createSourcesCommand(library) },
  { definition: help, create: () => createHelpCommand() },
  { definition: briefing, create: (context) => createBriefingCommand(context.briefing) },
  { definition: kb, create: ({ library, kb: dependencies }) => createKbCommand({ library, ...dependencies }) },
];

export const commandDefinitions = COMMANDS.map((command) => command.definition);

export function createCommands(context: CommandContext): Command[] {
  return COMMANDS.map(({ definition, create }) => {
    const command = create(context);
    if (command.definition !== definition) throw new Error(`/${definition.name}: the handler carries another definition`);
    return command;
  });
}
