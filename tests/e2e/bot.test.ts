/**
 * The real bot against the loopback Discord (issue 3): `src/main.ts` runs as a child process,
 * exactly as `npm start` does, and every check is made on what reached the emulator over the wire
 * (interaction callbacks, webhook edits, follow-ups) and on the JSON log lines the bot wrote.
 * The deferred path (a command slower than the defer threshold, DEFER_AFTER_MS) cannot be provoked from
 * outside a process, so that part runs the same wiring in-process with one command slowed down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord-api-types/v10';
import { formatCitation } from '../../src/shared/citation.ts';
import { PAGE_SIZE } from '../../src/commands/fentanyl.ts';
import type { App } from '../../src/app.ts';
import { Library } from '../../src/library.ts';
import { DEFER_AFTER_MS } from '../../src/discord/interaction-router.ts';
import { startDiscordEmulator, type CommandOptionInput, type DiscordEmulator, type RecordedCallback } from './emulator/index.ts';
import {
  KNOWLEDGE_DIR,
  LEVEL,
  botEnv,
  buttonsOf,
  embedOf,
  query,
  registerCommands,
  runScript,
  sleep,
  startBotInProcess,
  startBotProcess,
  tempDataDir,
  within,
  type ChildRun,
  type InProcessBot,
} from './bot-harness.ts';

/** Words no fentanyl knowledge base covers. */
const NOTHING = 'how to train a puppy';
const ephemeral = (callback: RecordedCallback) => ((Number(callback.data?.['flags'] ?? 0) & MessageFlags.Ephemeral) !== 0);
/** Requests the bot made with one interaction's token (callback, webhook edits and follow-ups). */
const requestsOf = (emu: DiscordEmulator, token: string) => emu.requests.filter((request) => request.path.includes(`/${token}`));

let library: Library;
beforeAll(async () => {
  library = await Library.open(KNOWLEDGE_DIR);
  // The expectations below come from the same knowledge folder the bot reads.
  expect(library.index.documents.length).toBeGreaterThan(0);
  expect(library.index.search('seizures', { limit: PAGE_SIZE }).total).toBeGreaterThan(PAGE_SIZE);
  expect(library.index.search(NOTHING).total).toBe(0);
});

describe('the bot as `npm start` runs it, over the wire', () => {
  let emu: DiscordEmulator;
  let bot: ChildRun;
  let data: ReturnType<typeof tempDataDir>;
  /** Interactions a test made fail on purpose: their error log lines are expected. */
  const failedInteractions: string[] = [];
  /** The public `/fentanyl seizures` answer, paged by later tests. */
  let first: { itx: ReturnType<DiscordEmulator['dispatchChatInput']>; callback: RecordedCallback };

  beforeAll(async () => {
    emu = await startDiscordEmulator();
    await registerCommands(emu, emu.guildId);
    data = tempDataDir();
    bot = await startBotProcess(botEnv(emu, data.dir));
  });

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.stop();
    data?.cleanup();
  });

  it('answers /fentanyl seizures with exactly one callback whose embed cites the right documents, mentions disabled', async () => {
    const expected = library.index.search('seizures', { limit: PAGE_SIZE });
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    const callback = await itx.callback();
    first = { itx, callback };

    expect(callback.type).toBe(4);
    expect(ephemeral(callback)).toBe(false);
    expect(callback.data?.['allowed_mentions']).toEqual({ parse: [] });
    const embed = embedOf(callback);
    expect(embed.title).toContain('“seizures”');
    // Each of the top hits: its snippet (matched words in bold) and its numbered citation.
    for (const hit of expected.hits) {
      expect(embed.description).toContain(`**${hit.rank}.** ${hit.snippet}`);
      expect(embed.description).toContain(formatCitation(hit.citation));
    }
    expect(embed.description).toMatch(/\*\*seiz\w*\*\*/i);
    // Every cited title is a document of the knowledge folder.
    const titles = new Set(library.index.documents.map((document) => document.title));
    const cited = [...(embed.description ?? '').matchAll(/^\[?\*(.+?)\*(?:\]\([^)]*\))?, .*¶\d+$/gm)].map((match) => match[1]!.replace(/\\(.)/g, '$1'));
    expect(cited).toHaveLength(expected.hits.length);
    for (const title of cited) expect(titles).toContain(title);
    expect(embed.footer?.text).toBe(`${expected.total} passages matched in ${expected.documents} document${expected.documents === 1 ? '' : 's'} · showing 1–${PAGE_SIZE}`);
    expect(buttonsOf(callback).map((button) => button.label)).toContain('More results');

    // Public: the answer is in the channel's history, and no second response followed.
    expect(emu.channelMessages(emu.textChannelId).some((message) => message.emu_interaction_id === itx.id)).toBe(true);
    const log = await bot.logs.waitFor((line) => line.msg === 'interaction' && line['command'] === 'fentanyl' && line['user'] === emu.memberUser.id, 'the interaction log line');
    expect(log).toMatchObject({ level: LEVEL.info, kind: 'command', outcome: 'ok', guild: emu.guildId });
    expect(log['ms']).toEqual(expect.any(Number));
    await sleep(150);
    expect(requestsOf(emu, itx.token).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204']);
  });

  it('answers autocomplete within the 3-second window with at most 25 valid choices', async () => {
    const cases: { name: string; options: CommandOptionInput[] }[] = [
      { name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'sei', focused: true }] },
      { name: 'fentanyl', options: [{ name: 'query', type: 3, value: '', focused: true }] },
      { name: 'briefing', options: [{ name: 'subscribe', type: 1, options: [{ name: 'timezone', type: 3, value: 'mexico', focused: true }] }] },
    ];
    for (const { name, options } of cases) {
      const dispatched = Date.now();
      const itx = emu.dispatchAutocomplete({ name, options });
      const callback = await itx.callback();
      expect(callback.at - dispatched).toBeLessThan(3000);
      expect(callback.type).toBe(8);
      const choices = callback.data?.['choices'] as { name: string; value: string }[];
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThan(0);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(typeof choice.value).toBe('string');
        expect(choice.value.length).toBeGreaterThan(0);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
      if (name === 'briefing') expect(choices.map((choice) => choice.value)).toContain('America/Mexico_City');
    }
  });

  it('answers private:true ephemerally (flags 64), out of the channel history', async () => {
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures'), { name: 'private', type: 5, value: true }] });
    const callback = await itx.callback();
    expect(callback.type).toBe(4);
    expect(Number(callback.data?.['flags']) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedOf(callback).title).toContain('“seizures”');
    expect(callback.data?.['allowed_mentions']).toEqual({ parse: [] });
    expect(emu.channelMessages(emu.textChannelId).some((message) => message.emu_interaction_id === itx.id)).toBe(false);
  });

  it('shows the full passage privately, and refuses another user\'s press ephemerally', async () => {
    const original = await first.itx.original();
    const full = buttonsOf(first.callback).find((button) => button.label === 'Full passage 1');
    const shown = await emu.dispatchButton({ customId: full!.custom_id!, message: original }).callback();
    expect(shown.type).toBe(4);
    expect(ephemeral(shown)).toBe(true);
    const top = library.index.search('seizures', { limit: 1 }).hits[0]!;
    expect(embedOf(shown).footer?.text).toBe(`Passage ${top.passageId}`);

    const before = emu.message(original.id)?.embeds[0]?.footer?.text;
    const stranger = emu.dispatchButton({ customId: full!.custom_id!, message: original, user: emu.adminUser });
    const refusal = await stranger.callback();
    expect(refusal.type).toBe(4);
    expect(ephemeral(refusal)).toBe(true);
    expect(refusal.data?.['content']).toMatch(/belong to the person who searched/);
    expect(emu.message(original.id)?.embeds[0]?.footer?.text).toBe(before);
  });

  it('pages with "More results": a type 7 update of the same message showing the next hits', async () => {
    const more = buttonsOf(first.callback).find((button) => button.label === 'More results');
    const original = await first.itx.original();
    const itx = emu.dispatchButton({ customId: more!.custom_id!, message: original });
    const callback = await itx.callback();
    expect(callback.type).toBe(7);
    const next = library.index.search('seizures', { limit: PAGE_SIZE, offset: PAGE_SIZE });
    const embed = embedOf(callback);
    expect(embed.footer?.text).toMatch(new RegExp(`showing ${PAGE_SIZE + 1}–${PAGE_SIZE + next.hits.length}$`));
    for (const hit of next.hits) expect(embed.description).toContain(`**${hit.rank}.** ${hit.snippet}`);
    expect(buttonsOf(callback).map((button) => button.label)).toContain('Previous');
    expect(callback.data?.['allowed_mentions']).toEqual({ parse: [] });
    // The message carrying the button now shows page 2; no new message was posted.
    expect(emu.message(original.id)?.embeds[0]?.footer?.text).toBe(embed.footer?.text);
    expect(emu.channelMessages(emu.textChannelId).filter((message) => message.emu_interaction_id === itx.id)).toHaveLength(0);
  });

  it('says privately that nothing covers a query outside the knowledge base', async () => {
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query(NOTHING)] });
    const callback = await itx.callback();
    expect(callback.type).toBe(4);
    expect(ephemeral(callback)).toBe(true);
    expect(callback.data?.['content']).toMatch(new RegExp(`^Nothing in the knowledge base covers “${NOTHING}”`));
    expect(callback.data?.['content']).toContain('/sources');
    expect(callback.data?.['allowed_mentions']).toEqual({ parse: [] });
  });

  it('retries a callback answered 429 with Retry-After and delivers it exactly once', async () => {
    const fault = emu.failNext({ method: 'POST', path: /\/callback$/, status: 429, retryAfter: 0.4 });
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    const callback = await itx.callback();
    expect(callback.type).toBe(4);
    expect(fault.hits).toBe(1);
    await sleep(150);
    const attempts = requestsOf(emu, itx.token);
    expect(attempts.map((request) => [request.status, request.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    // It waited as told before trying again.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(380);
    expect(itx.callbacks).toHaveLength(1);
    expect(emu.channelMessages(emu.textChannelId).filter((message) => message.emu_interaction_id === itx.id)).toHaveLength(1);
  });

  it('logs a callback that keeps failing with 5xx as an error (stderr JSON) and answers the next interaction', async () => {
    const logged = bot.logs.lines.length;
    // @discordjs/rest retries a 5xx a few times; fail every try so the error reaches the bot.
    const fault = emu.failNext({ method: 'POST', path: /\/callback$/, status: 500, times: 50 });
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    const error = await bot.logs.waitFor((line) => line.msg === 'could not answer an interaction', 'the error log line', { since: logged });
    fault.cancel();
    failedInteractions.push(itx.id);
    expect(error).toMatchObject({ level: LEVEL.error, interaction: itx.id });
    expect(fault.hits).toBeGreaterThan(1);
    expect(itx.callbacks).toHaveLength(0);

    const next = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    expect(embedOf(await next.callback()).title).toContain('“seizures”');
  });

  it('resumes after the gateway closes with 4000 and answers what was sent meanwhile and after', async () => {
    const { identifies, resumes } = emu.gatewayStats;
    const logged = bot.logs.lines.length;
    await emu.closeGateway(4000, 'test: unknown error');
    // Dispatched while disconnected: Discord replays it on RESUME.
    const missed = emu.dispatchChatInput({ name: 'fentanyl', options: [query('precursor chemicals')] });
    await emu.waitForResume({ count: resumes + 1, timeoutMs: 10_000 });
    expect((await missed.callback()).type).toBe(4);
    await bot.logs.waitFor((line) => line.msg === 'gateway session resumed', 'gateway session resumed', { since: logged });

    const after = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    expect(embedOf(await after.callback()).title).toContain('“seizures”');
    expect(emu.gatewayStats.identifies).toBe(identifies);
  });

  it('shuts down gracefully on SIGTERM with exit code 0, never logging the token', async () => {
    const { code, signal } = await within(15_000, 'the bot to exit', bot.stop('SIGTERM'));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(bot.logs.lines.find((line) => line.msg === 'shutting down')).toMatchObject({ reason: 'SIGTERM' });
    expect(bot.logs.lines.some((line) => line.msg === 'stopped')).toBe(true);
    // Every stderr line was a JSON log line; nothing failed but what a test made fail.
    expect(bot.logs.lines.filter((line) => line.level === undefined)).toEqual([]);
    const errors = bot.logs.lines.filter((line) => (line.level ?? 0) >= LEVEL.error);
    expect(errors.map((line) => line['interaction'])).toEqual(failedInteractions);
    expect(bot.stderr() + bot.stdout()).not.toContain(emu.token);
  });
});

describe('start-up with a token Discord refuses', () => {
  it('exits with code 1 and one clear message: no stack trace, no token', async () => {
    const emu = await startDiscordEmulator();
    const data = tempDataDir();
    try {
      const wrong = `${emu.token.slice(0, -6)}AAAAAA`;
      const run = runScript('src/main.ts', botEnv(emu, data.dir, { DISCORD_TOKEN: wrong }));
      const { code } = await within(20_000, 'the bot to exit', run.exited);
      expect(code).toBe(1);
      expect(emu.requests.find((request) => request.path === '/gateway/bot')?.status).toBe(401);
      const output = run.stderr() + run.stdout();
      expect(output).toMatch(/Discord rejected DISCORD_TOKEN/);
      expect(output).not.toMatch(/^\s+at /m);
      expect(output).not.toContain(wrong);
      expect(output).not.toContain(emu.token);
      expect(run.logs.lines.find((line) => line.msg === 'login failed')).toMatchObject({ level: LEVEL.fatal });
    } finally {
      await emu.stop();
      data.cleanup();
    }
  });
});

describe('answers after the first response (deferred path, in-process)', () => {
  let emu: DiscordEmulator;
  let bot: InProcessBot;
  let data: ReturnType<typeof tempDataDir>;
  /** How many of the next /fentanyl runs take longer than the defer threshold. */
  let slow = 0;

  /** Slow the next `slow` commands down past DEFER_AFTER_MS, like a reload would. */
  const slowDown = (app: App) => {
    const execute = app.registry.execute.bind(app.registry);
    app.registry.execute = async (...args) => {
      if (slow > 0) {
        slow -= 1;
        await sleep(DEFER_AFTER_MS + 800);
      }
      return execute(...args);
    };
  };

  beforeAll(async () => {
    emu = await startDiscordEmulator();
    await registerCommands(emu, emu.guildId);
    data = tempDataDir();
    bot = await startBotInProcess(emu, data.dir, { wrap: slowDown });
  });

  afterAll(async () => {
    await bot?.stop();
    await emu?.stop();
    data?.cleanup();
  });

  it('defers a slow answer (type 5, private when asked) and delivers it by editing @original', async () => {
    slow = 2;
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    const privately = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures'), { name: 'private', type: 5, value: true }] });
    for (const [handle, isPrivate] of [[itx, false], [privately, true]] as const) {
      const callback = await handle.callback();
      expect(callback.type).toBe(5);
      expect(ephemeral(callback)).toBe(isPrivate);
      const [edit] = await handle.edits(1, { timeoutMs: 5000 });
      expect(edit?.target).toBe('@original');
      expect(edit?.body['allowed_mentions']).toEqual({ parse: [] });
      const original = await handle.original();
      expect(original.embeds[0]?.title).toContain('“seizures”');
      expect((original.flags ?? 0) & MessageFlags.Loading).toBe(0);
      expect((original.flags ?? 0) & MessageFlags.Ephemeral).toBe(isPrivate ? MessageFlags.Ephemeral : 0);
      expect(requestsOf(emu, handle.token).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204', 'PATCH 200']);
    }
  });

  it('replaces a public placeholder with a private follow-up when the slow answer is private', async () => {
    slow = 1;
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query(NOTHING)] });
    expect((await itx.callback()).type).toBe(5);
    const [followUp] = await itx.followUps(1, { timeoutMs: 5000 });
    expect((followUp?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(followUp?.content).toMatch(/^Nothing in the knowledge base covers/);
    expect(emu.message((await itx.original()).id)?.emu_deleted).toBe(true);
  });

  it('defers a command that always answers privately (/kb) privately, and edits the answer in', async () => {
    slow = 1;
    const itx = emu.dispatchChatInput({ name: 'kb', user: emu.adminUser, options: [{ name: 'status', type: 1 }] });
    const callback = await itx.callback();
    expect(callback.type).toBe(5);
    expect(ephemeral(callback)).toBe(true);
    const [edit] = await itx.edits(1, { timeoutMs: 5000 });
    expect(edit?.target).toBe('@original');
    expect((await itx.original()).embeds[0]?.title).toBe('Knowledge base');
    // No public placeholder was shown and then deleted.
    expect(requestsOf(emu, itx.token).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204', 'PATCH 200']);
  });

  it('logs a 5xx on the edit or the follow-up as an error, and keeps answering', async () => {
    for (const [kind, failing, search] of [
      // discord.js sends @original percent-encoded.
      ['edit', { method: 'PATCH', path: /^\/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/ }, 'seizures'],
      ['follow-up', { method: 'POST', path: /^\/webhooks\/\d+\/[^/]+$/ }, NOTHING],
    ] as const) {
      const logged = bot.logs.lines.length;
      // @discordjs/rest retries a 5xx a few times; fail every try so the error reaches the bot.
      const fault = emu.failNext({ ...failing, status: 502, times: 50 });
      slow = 1;
      const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query(search)] });
      expect((await itx.callback()).type).toBe(5);
      const error = await bot.logs.waitFor((line) => line.msg === 'could not answer an interaction', `the error log of the failed ${kind}`, { since: logged });
      fault.cancel();
      expect(error).toMatchObject({ level: LEVEL.error, interaction: itx.id });
      expect(JSON.stringify(error['err'])).toMatch(/502|Bad Gateway/i);
      expect(fault.hits).toBeGreaterThan(1);

      const next = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
      const answer = await next.callback();
      expect(answer.type).toBe(4);
      expect(embedOf(answer).title).toContain('“seizures”');
    }
  });

  it('retries a single 5xx on the edit and delivers the answer once', async () => {
    const fault = emu.failNext({ method: 'PATCH', path: /\/messages\/(@|%40)original$/, status: 503 });
    slow = 1;
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    const [edit] = await itx.edits(1, { timeoutMs: 5000 });
    expect(fault.hits).toBe(1);
    expect(edit?.body['embeds']).toBeDefined();
    await sleep(100);
    expect(requestsOf(emu, itx.token).map((request) => `${request.method} ${request.status}`)).toEqual(['POST 204', 'PATCH 503', 'PATCH 200']);
  });

  it('on shutdown stops taking interactions but finishes the one in flight', async () => {
    slow = 1;
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    // The command is still running (it takes DEFER_AFTER_MS + 0.8 s) when the shutdown begins.
    await sleep(300);
    const stopping = bot.stop();
    const late = emu.dispatchChatInput({ name: 'fentanyl', options: [query('seizures')] });
    await within(8000, 'the shutdown', stopping);
    expect((await itx.callback()).type).toBe(5);
    const [edit] = await itx.edits(1, { timeoutMs: 1000 });
    expect((edit!.body['embeds'] as { title: string }[])[0]?.title).toContain('“seizures”');
    // Dispatched after the shutdown began: not taken (Discord would show "did not respond").
    expect(late.callbacks).toHaveLength(0);
    expect(bot.logs.lines.some((line) => line.msg === 'stopped')).toBe(true);
  });
});
