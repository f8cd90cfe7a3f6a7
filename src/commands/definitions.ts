import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { definition as briefing } from './briefing.ts';
import { definition as fentanyl } from './fentanyl.ts';
import { definition as help } from './help.ts';
import { definition as kb } from './kb.ts';
import { definition as sources } from './sources.ts';

/**
 * Every slash command the bot offers, as deployed by `npm run deploy-commands`.
 * Kept apart from the handlers so deploying needs no database or knowledge base.
 */
export const commandDefinitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = [fentanyl, sources, help, briefing, kb];
