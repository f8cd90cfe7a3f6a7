import type { Config } from '../config.ts';
import type { Library } from '../library.ts';
import { createFentanylCommand } from './fentanyl.ts';
import { createHelpCommand } from './help.ts';
import { createSourcesCommand } from './sources.ts';
import type { Command } from './types.ts';

export interface CommandDependencies {
  config: Config;
  library: Library;
}

/** Every slash command the bot offers; `npm run deploy-commands` registers exactly these. */
export function createCommands({ config, library }: CommandDependencies): Command[] {
  return [createFentanylCommand({ library, cooldownSeconds: config.queryCooldownSeconds }), createSourcesCommand(library), createHelpCommand()];
}
