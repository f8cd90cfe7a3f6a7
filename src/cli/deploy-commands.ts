/**
 * `npm run deploy-commands`: register the slash commands with one bulk overwrite
 * (PUT), to DISCORD_GUILD_ID when set (instant, for development) or globally.
 * Run it when the commands change, never on every start: Discord limits command
 * creations per day.
 */
import { REST, Routes } from 'discord.js';
import { commandDefinitions } from '../commands/definitions.ts';
import { parseCommandLine } from './args.ts';
import { configOrExit, fail } from './fail.ts';

const USAGE = 'usage: npm run deploy-commands   (takes no arguments; reads DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID)';
if (parseCommandLine(USAGE, { options: { help: { type: 'boolean', short: 'h' } } }).values.help) {
  console.log(USAGE);
  process.exit(0);
}

const discord = configOrExit().discord;
if (!discord) fail('DISCORD_TOKEN is not set: there is nothing to deploy to. See .env.example.');
if (!discord.applicationId) fail('DISCORD_APPLICATION_ID is not set: it names the application whose commands are overwritten.');

const body = commandDefinitions;
const rest = new REST(discord.apiBaseUrl ? { api: discord.apiBaseUrl } : {}).setToken(discord.token);
const route = discord.guildId ? Routes.applicationGuildCommands(discord.applicationId, discord.guildId) : Routes.applicationCommands(discord.applicationId);
try {
  const deployed = (await rest.put(route, { body })) as unknown[];
  console.log(`Deployed ${deployed.length} commands ${discord.guildId ? `to guild ${discord.guildId}` : 'globally (may take up to an hour to appear)'}: ${body.map((c) => `/${c.name}`).join(', ')}`);
} catch (error) {
  fail(`Discord refused the commands: ${error instanceof Error ? error.message : String(error)}`);
}
