/**
 * A SIGHUP during start-up must not kill the bot (issue 9, item 17): `src/main.ts` as a child
 * process, signalled the moment it says it is loading the knowledge base (before the reload
 * trigger used to be installed). It comes up, connects, and reloads once for that signal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { botEnv, registerCommands, runScript, tempDataDir, type ChildRun } from './bot-harness.ts';

describe('SIGHUP during start-up', () => {
  let emu: DiscordEmulator;
  let data: ReturnType<typeof tempDataDir>;
  let bot: ChildRun | undefined;

  beforeAll(async () => {
    emu = await startDiscordEmulator();
    await registerCommands(emu, emu.guildId);
    data = tempDataDir('startup-signal-');
  });
  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.stop();
    data?.cleanup();
  });

  it('is held until the knowledge base is up, then reloads it; the process lives on', async () => {
    bot = runScript('src/main.ts', botEnv(emu, data.dir));
    await bot.logs.waitFor((line) => line.msg === 'loading the knowledge base', 'the start of the knowledge-base load', { timeoutMs: 30_000 });
    bot.child.kill('SIGHUP');
    const exited = bot.exited.then(({ code, signal }) => {
      throw new Error(`the bot exited (code ${code}, signal ${signal}):\n${bot!.stderr()}`);
    });
    await Promise.race([bot.logs.waitFor((line) => line.msg === 'connected to Discord', 'connected to Discord', { timeoutMs: 30_000 }), exited]);
    await Promise.race([bot.logs.waitFor((line) => line.trigger === 'signal', 'the reload for the held SIGHUP', { timeoutMs: 30_000 }), exited]);
    exited.catch(() => undefined);
    expect(bot.child.exitCode).toBeNull();
    expect(bot.child.signalCode).toBeNull();
  }, 90_000);
});
