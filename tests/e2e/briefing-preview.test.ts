/**
 * `/briefing preview` composes the digest synchronously, which reads the whole knowledge base:
 * about 4 s at 100k passages (`npm run bench`), with the event loop blocked, so the router's
 * timer-based defer could not fire and Discord's 3-second window passed (issue 9, item 4).
 * The preview now defers before composing. Here composing is made to block for 4 s, as at 100k.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { registerCommands, startBotInProcess, tempDataDir, type InProcessBot } from './bot-harness.ts';

let emu: DiscordEmulator;
let data: ReturnType<typeof tempDataDir>;
let bot: InProcessBot;

beforeAll(async () => {
  emu = await startDiscordEmulator();
  await registerCommands(emu, emu.guildId);
  data = tempDataDir('preview-');
  bot = await startBotInProcess(emu, data.dir, {
    wrap: (app) => {
      const briefing = app.registry.get('briefing')!;
      const run = briefing.run.bind(briefing);
      briefing.run = (invoker, options, subcommand) => {
        if (subcommand === 'preview') {
          const until = Date.now() + 4_000;
          while (Date.now() < until); // composing at 100k passages, on the event loop
        }
        return run(invoker, options, subcommand);
      };
    },
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
  data?.cleanup();
});

it('acknowledges a preview before composing, then shows the digest privately', async () => {
  const itx = emu.dispatchChatInput({ name: 'briefing', user: emu.memberUser, options: [{ name: 'preview', type: 1, options: [] }] });
  const callback = await itx.callback({ timeoutMs: 10_000 });
  expect(callback.type).toBe(5);
  expect((Number(callback.data?.['flags'] ?? 0) & 64) === 64).toBe(true);
  const [edit] = await itx.edits(1, { timeoutMs: 15_000 });
  expect(JSON.stringify(edit)).toContain('Morning briefing');
}, 30_000);
