/**
 * `npm run deploy-commands` against the loopback Discord: one bulk overwrite (PUT) carrying every
 * command definition of src/commands/definitions.ts, globally or to DISCORD_GUILD_ID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/commands/definitions.ts';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { botEnv, runScript, tempDataDir, within } from './bot-harness.ts';

const SCRIPT = 'src/cli/deploy-commands.ts';
/** The definitions as they go over the wire (JSON drops undefined members). */
const expectedBody = JSON.parse(JSON.stringify(commandDefinitions)) as unknown[];

describe('npm run deploy-commands', () => {
  let emu: DiscordEmulator;
  let data: ReturnType<typeof tempDataDir>;

  beforeAll(async () => {
    emu = await startDiscordEmulator();
    data = tempDataDir('deploy-e2e-');
  });

  afterAll(async () => {
    await emu?.stop();
    data?.cleanup();
  });

  const deploy = async (env: Record<string, string>) => {
    const since = emu.requests.length;
    const run = runScript(SCRIPT, env);
    const { code } = await within(20_000, 'deploy-commands to exit', run.exited);
    return { code, stdout: run.stdout(), stderr: run.stderr(), requests: emu.requests.slice(since) };
  };

  it('registers every command globally with one PUT', async () => {
    const { code, stdout, requests } = await deploy(botEnv(emu, data.dir));
    expect(code).toBe(0);
    expect(requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([`PUT /applications/${emu.applicationId}/commands 200`]);
    expect(requests[0]?.body).toEqual(expectedBody);
    expect(emu.commands().map((command) => command.name)).toEqual(commandDefinitions.map((definition) => definition.name));
    expect(emu.commands(emu.guildId)).toEqual([]);
    expect(stdout).toMatch(new RegExp(`Deployed ${commandDefinitions.length} commands globally`));
  });

  it('registers every command to DISCORD_GUILD_ID with one PUT', async () => {
    const { code, stdout, requests } = await deploy(botEnv(emu, data.dir, { DISCORD_GUILD_ID: emu.guildId }));
    expect(code).toBe(0);
    expect(requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      `PUT /applications/${emu.applicationId}/guilds/${emu.guildId}/commands 200`,
    ]);
    expect(requests[0]?.body).toEqual(expectedBody);
    const registered = emu.commands(emu.guildId);
    expect(registered.map((command) => command.name)).toEqual(commandDefinitions.map((definition) => definition.name));
    // What Discord stored matches each definition (options, permissions, contexts).
    for (const [position, definition] of expectedBody.entries()) expect(registered[position]).toMatchObject(definition as object);
    expect(stdout).toMatch(new RegExp(`Deployed ${commandDefinitions.length} commands to guild ${emu.guildId}`));
  });

  it('explains what is missing instead of deploying without an application id', async () => {
    const { DISCORD_APPLICATION_ID: _omitted, ...env } = botEnv(emu, data.dir);
    const { code, stderr, requests } = await deploy(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/DISCORD_APPLICATION_ID is not set/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(requests).toEqual([]);
  });
});
