/**
 * Smoke test of the Discord emulator with a raw discord.js Client (no bot code): proves that
 * login, interactions, replies, follow-ups, components, autocomplete, attachment options (and their
 * CDN download), channel messages, rate-limit retries, gateway resume and auth failures behave like
 * Discord from discord.js's point of view.
 */
import { once } from 'node:events';
import {
  ButtonStyle,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';

/** Reject after `ms` with a message naming what was awaited (no test may hang). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function nextInteraction(client: Client, ms = 5000): Promise<Interaction> {
  return within(ms, 'interactionCreate', once(client, Events.InteractionCreate).then(([i]) => i as Interaction));
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('Discord emulator with a raw discord.js Client', () => {
  let emu: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBaseUrl } });
    const ready = within(10_000, 'clientReady', once(client, Events.ClientReady));
    await client.login(emu.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await emu?.stop();
  });

  it('logs in: READY + GUILD_CREATE populate the caches, heartbeats are ACKed', async () => {
    await emu.waitForIdentify();
    expect(client.user?.id).toBe(emu.applicationId);
    expect(client.application?.id).toBe(emu.applicationId);
    const guild = client.guilds.cache.get(emu.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(emu.textChannelId)?.isTextBased()).toBe(true);
    expect(guild?.channels.cache.get(emu.voiceChannelId)?.isVoiceBased()).toBe(true);
    expect(guild?.members.me?.permissions.has('SendMessages')).toBe(true);
    expect(emu.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(200);
    // heartbeatIntervalMs is 1000, so the first heartbeat (after a random jitter) comes within a second.
    await emu.waitForHeartbeat({ timeoutMs: 3000 });
  });

  it('registers guild commands with ids and refuses an invalid definition with 50035', async () => {
    const definition = {
      name: 'fentanyl',
      description: 'Ask about fentanyl trafficking',
      options: [{ name: 'query', description: 'What to look up', type: 3, required: true, autocomplete: true }],
    };
    const set = await client.application!.commands.set([definition], emu.guildId);
    expect(set.first()?.name).toBe('fentanyl');
    expect(emu.commands(emu.guildId)).toMatchObject([{ name: 'fentanyl', guild_id: emu.guildId, application_id: emu.applicationId }]);

    // Discord only sends registered commands with declared options; neither can be dispatched otherwise.
    expect(() => emu.dispatchChatInput({ name: 'unknown' })).toThrow(/not registered/);
    expect(() => emu.dispatchChatInput({ name: 'fentanyl', options: [{ name: 'nope', type: 3, value: 'x' }] })).toThrow(/no option "nope"/);
    expect(() => emu.dispatchChatInput({ name: 'fentanyl' })).toThrow(/required option "query"/);

    const error = await apiError(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }], emu.guildId));
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ message: 'Invalid Form Body', errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } });
  });

  it('delivers a chat-input command and records an ephemeral reply (callback type 4, flags 64)', async () => {
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'seizures' }] });
    const interaction = await got;
    if (!interaction.isChatInputCommand()) throw new Error('expected a ChatInputCommandInteraction');
    expect(interaction.commandName).toBe('fentanyl');
    expect(interaction.commandId).toBe(emu.commands(emu.guildId)[0]?.id);
    expect(interaction.options.getString('query', true)).toBe('seizures');
    expect(interaction.user.id).toBe(emu.memberUser.id);
    expect(interaction.inGuild()).toBe(true);
    expect(interaction.channelId).toBe(emu.textChannelId);

    await interaction.reply({ content: 'Here you go', flags: MessageFlags.Ephemeral });
    const cb = await itx.callback();
    expect(cb).toMatchObject({ type: 4, data: { content: 'Here you go', flags: 64 } });
    expect(itx.callbacks).toHaveLength(1);
    // Ephemeral replies are not part of the channel's visible history.
    expect(emu.channelMessages(emu.textChannelId).some((m) => m.content === 'Here you go')).toBe(false);

    // A second callback for the same interaction is refused like on Discord.
    const res = await fetch(`${emu.apiBaseUrl}/v10/interactions/${itx.id}/${itx.token}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
  });

  it('deferReply + editReply: callback type 5, then PATCH @original; followUp posts to the webhook', async () => {
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'precursors' }] });
    const interaction = await got;
    if (!interaction.isChatInputCommand()) throw new Error('expected a ChatInputCommandInteraction');

    await interaction.deferReply();
    expect(await itx.callback()).toMatchObject({ type: 5 });
    expect((await itx.original()).flags! & MessageFlags.Loading).toBe(MessageFlags.Loading);

    const edited = await interaction.editReply({ content: 'Precursor chemicals…', embeds: [{ title: 'Sources', description: 'CBP data' }] });
    expect(edited.content).toBe('Precursor chemicals…');
    const [edit] = await itx.edits(1);
    expect(edit).toMatchObject({ target: '@original', body: { content: 'Precursor chemicals…' } });
    const original = await itx.original();
    expect(original.flags! & MessageFlags.Loading).toBe(0);
    expect(original.embeds[0]?.title).toBe('Sources');

    const follow = await interaction.followUp({ content: 'More detail', flags: MessageFlags.Ephemeral });
    expect(follow.content).toBe('More detail');
    const [stored] = await itx.followUps(1);
    expect(stored).toMatchObject({ content: 'More detail', emu_source: 'follow-up' });
    expect(emu.requests.some((r) => r.method === 'POST' && r.path === `/webhooks/${emu.applicationId}/${itx.token}` && r.query.wait === 'true')).toBe(true);
  });

  it('delivers a button press and records interaction.update() as callback type 7', async () => {
    const seeded = emu.seedMessage(emu.textChannelId, {
      content: 'Pick one',
      components: [{ type: 1, components: [{ type: 2, style: ButtonStyle.Primary, custom_id: 'fentanyl:more', label: 'More' }] }],
    });
    const got = nextInteraction(client);
    const itx = emu.dispatchButton({ customId: 'fentanyl:more', message: seeded, user: emu.adminUser });
    const interaction = await got;
    if (!interaction.isButton()) throw new Error('expected a ButtonInteraction');
    expect(interaction.customId).toBe('fentanyl:more');
    expect(interaction.componentType).toBe(ComponentType.Button);
    expect(interaction.message.id).toBe(seeded.id);
    expect(interaction.memberPermissions?.has('Administrator')).toBe(true);

    await interaction.update({ content: 'Updated', components: [] });
    expect(await itx.callback()).toMatchObject({ type: 7, data: { content: 'Updated', components: [] } });
    expect(emu.message(seeded.id)).toMatchObject({ content: 'Updated', components: [] });
  });

  it('delivers autocomplete; respond() is callback type 8 and more than 25 choices is refused', async () => {
    const got = nextInteraction(client);
    const itx = emu.dispatchAutocomplete({ name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'sei', focused: true }] });
    const interaction = await got;
    if (!interaction.isAutocomplete()) throw new Error('expected an AutocompleteInteraction');
    expect(interaction.options.getFocused()).toBe('sei');

    const tooMany = Array.from({ length: 26 }, (_, i) => ({ name: `choice ${i}`, value: `v${i}` }));
    const error = await apiError(interaction.respond(tooMany));
    expect(error.code).toBe(50035);
    expect(itx.callbacks).toHaveLength(0);

    // The refused request did not acknowledge the interaction, so a valid answer still goes through.
    await interaction.respond([{ name: 'Seizures', value: 'seizures' }]);
    expect(await itx.callback()).toMatchObject({ type: 8, data: { choices: [{ name: 'Seizures', value: 'seizures' }] } });
  });

  it('records channel.send() with allowedMentions, dedupes enforce_nonce, and enforces limits', async () => {
    const channel = (await client.channels.fetch(emu.textChannelId)) as TextChannel;
    const sent = await channel.send({ content: `Briefing for <@${emu.memberUser.id}>`, allowedMentions: { parse: [] } });
    const stored = emu.message(sent.id);
    expect(stored).toMatchObject({ content: `Briefing for <@${emu.memberUser.id}>`, emu_allowed_mentions: { parse: [] }, mentions: [], emu_source: 'channel' });
    expect(emu.channelMessages(emu.textChannelId).map((m) => m.id)).toContain(sent.id);

    const first = await channel.send({ content: 'once', nonce: 'briefing-2024-06-01', enforceNonce: true });
    const again = await channel.send({ content: 'once', nonce: 'briefing-2024-06-01', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(emu.channelMessages(emu.textChannelId).filter((m) => m.content === 'once')).toHaveLength(1);

    const long = await apiError(channel.send({ content: 'x'.repeat(2001) }));
    expect(long.rawError).toMatchObject({ code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const big = await apiError(channel.send({ embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] }));
    expect(big.rawError).toMatchObject({ code: 50035, errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });

    const unknown = await apiError(client.channels.fetch('112233445566778899'));
    expect(unknown.rawError).toEqual({ message: 'Unknown Channel', code: 10003 });
  });

  it('retries a callback after an injected 429 and records exactly one delivered callback', async () => {
    const fault = emu.failNext({ method: 'POST', path: /\/callback$/, status: 429, retryAfter: 0.05 });
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({ name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'routes' }] });
    const interaction = await got;
    if (!interaction.isChatInputCommand()) throw new Error('expected a ChatInputCommandInteraction');
    await within(5000, 'reply after 429', interaction.reply({ content: 'after retry' }));

    expect(fault.hits).toBe(1);
    expect(itx.callbacks).toHaveLength(1);
    const attempts = emu.requests.filter((r) => r.path === `/interactions/${itx.id}/${itx.token}/callback`);
    expect(attempts.map((r) => [r.status, r.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
  });

  it('resumes after a 4000 close, replays the missed dispatch, and keeps receiving interactions', async () => {
    const resumesBefore = emu.gatewayStats.resumes;
    const identifiesBefore = emu.gatewayStats.identifies;
    const resumed = within(10_000, 'shardResume', once(client, Events.ShardResume));
    await emu.closeGateway(4000, 'test: unknown error');

    // Dispatched while the client is disconnected: must arrive through the RESUME replay.
    const missed = nextInteraction(client, 10_000);
    const itx1 = emu.dispatchChatInput({ name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'missed' }] });
    await emu.waitForResume({ count: resumesBefore + 1, timeoutMs: 10_000 });
    const [, replayed] = (await resumed) as [number, number];
    expect(replayed).toBeGreaterThanOrEqual(1);
    const first = await missed;
    expect(first.id).toBe(itx1.id);
    if (first.isChatInputCommand()) await first.reply({ content: 'caught up' });
    expect(await itx1.callback()).toMatchObject({ type: 4 });

    const next = nextInteraction(client);
    const itx2 = emu.dispatchChatInput({ name: 'fentanyl', options: [{ name: 'query', type: 3, value: 'after resume' }] });
    expect((await next).id).toBe(itx2.id);
    expect(emu.gatewayStats.identifies).toBe(identifiesBefore);
    expect(emu.gatewayFrames.some((f) => f.direction === 'in' && f.op === 6)).toBe(true);
  });

  it('answers Discord-shaped errors for unknown routes and unknown interactions', async () => {
    const notFound = await fetch(`${emu.apiBaseUrl}/v10/nothing/here`, { headers: { Authorization: `Bot ${emu.token}` } });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ message: '404: Not Found', code: 0 });

    const unknown = await fetch(`${emu.apiBaseUrl}/v10/interactions/112233445566778899/not-a-token/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'x' } }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
  });

  it('rejects a wrong token: 401 on /gateway/bot for discord.js, close 4004 on IDENTIFY', async () => {
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBaseUrl } });
    await expect(within(5000, 'login rejection', intruder.login('not.the.token'))).rejects.toThrow(/invalid token/i);
    await intruder.destroy();
    const refused = emu.requests.filter((r) => r.path === '/gateway/bot' && r.status === 401);
    expect(refused.at(-1)?.response).toEqual({ message: '401: Unauthorized', code: 0 });

    const ws = new WebSocket(`${emu.gatewayUrl}?v=10&encoding=json`);
    const closed = within(5000, 'gateway close', once(ws, 'close'));
    await within(5000, 'HELLO', once(ws, 'message'));
    ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } } }));
    const [code] = (await closed) as [number];
    expect(code).toBe(4004);
  });
});

describe('Discord emulator: DMs, selects, permissions, faults and gateway edge cases', () => {
  let emu: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emu = await startDiscordEmulator({
      guilds: [
        {
          channels: [
            { name: 'general' },
            { name: 'read-only', botDeny: PermissionFlagsBits.SendMessages },
            { name: 'hidden', botDeny: PermissionFlagsBits.ViewChannel },
            { name: 'Lounge', type: 'voice' },
          ],
        },
        { name: 'Outage', unavailable: true },
      ],
    });
    // An unavailable guild never gets its GUILD_CREATE, so discord.js waits waitGuildTimeout before ready.
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBaseUrl }, waitGuildTimeout: 200 });
    const ready = within(10_000, 'clientReady', once(client, Events.ClientReady));
    await client.login(emu.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await emu?.stop();
  });

  it('keeps a guild that is unavailable in READY unavailable', () => {
    expect(client.guilds.cache.size).toBe(2);
    expect(client.guilds.cache.filter((g) => !g.available).size).toBe(1);
  });

  it('sends DM interactions with `user` and no member; with_response returns the message; deleteReply removes it', async () => {
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({ name: 'ask', guild: false, options: [{ name: 'who', type: 6, value: emu.adminUser.id }] });
    expect(itx.payload).toMatchObject({ context: 1, user: { id: emu.memberUser.id } });
    expect(itx.payload).not.toHaveProperty('member');
    const interaction = await got;
    if (!interaction.isChatInputCommand()) throw new Error('expected a ChatInputCommandInteraction');
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.options.getUser('who')?.id).toBe(emu.adminUser.id);

    const response = await interaction.reply({ content: 'in your DMs', withResponse: true });
    expect(response.resource?.message?.content).toBe('in your DMs');
    const reply = await interaction.fetchReply();
    await interaction.deleteReply();
    expect(emu.message(reply.id)?.emu_deleted).toBe(true);
    expect((await apiError(interaction.fetchReply())).code).toBe(10008);
  });

  it('delivers an attachment option like Discord: id as the value, resolved.attachments, bytes at a signed URL on the emulator', async () => {
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({
      name: 'import',
      options: [{ name: 'file', type: 11, attachment: { filename: 'notes.txt', content: 'héllo wörld\n' } }],
    });
    const interaction = await got;
    if (!interaction.isChatInputCommand()) throw new Error('expected a ChatInputCommandInteraction');
    type Data = { options: { value: string }[]; resolved: { attachments: Record<string, Record<string, unknown>> } };
    const data = itx.payload.data as unknown as Data;
    const id = data.options[0]!.value;
    const resolved = data.resolved.attachments[id]!;
    expect(resolved).toMatchObject({ id, filename: 'notes.txt', size: 14, content_type: 'text/plain; charset=utf-8', ephemeral: true });
    expect(resolved.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${emu.port}/ephemeral-attachments/${emu.textChannelId}/${id}/notes\\.txt\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]{64}&$`));

    const attachment = interaction.options.getAttachment('file', true);
    expect([attachment.id, attachment.name, attachment.size, attachment.contentType, attachment.ephemeral]).toEqual([id, 'notes.txt', 14, 'text/plain; charset=utf-8', true]);
    const download = await fetch(attachment.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-length')).toBe('14');
    expect(await download.text()).toBe('héllo wörld\n');
    expect(emu.cdnRequests.at(-1)).toMatchObject({ method: 'GET', attachmentId: id, status: 200, bytes: 14 });

    // Like Discord's CDN: the URL without its signature, or with another one, is gone.
    const bare = new URL(attachment.url);
    const unsigned = await fetch(`${bare.origin}${bare.pathname}`);
    expect([unsigned.status, await unsigned.text()]).toEqual([404, 'This content is no longer available.']);
    expect((await fetch(attachment.url.replace(/hm=[0-9a-f]+/, `hm=${'0'.repeat(64)}`))).status).toBe(404);

    // A declared size is reported as given (the bytes served stay the real ones); the content type follows the extension.
    const big = emu.uploadAttachment({ filename: 'report.pdf', content: '%PDF-1.4\n', size: 5_000_000 });
    expect(big).toMatchObject({ size: 5_000_000, bytes: 9, contentType: 'application/pdf' });
    const gotSecond = nextInteraction(client);
    const second = emu.dispatchChatInput({ name: 'import', options: [{ name: 'file', type: 11, value: big.id }] });
    expect((second.payload.data as unknown as Data).resolved.attachments[big.id]).toMatchObject({ size: 5_000_000, content_type: 'application/pdf' });
    const secondInteraction = await gotSecond;
    if (!secondInteraction.isChatInputCommand()) throw new Error('expected a ChatInputCommandInteraction');
    expect(secondInteraction.options.getAttachment('file', true).size).toBe(5_000_000);

    // Discord only sends ids uploaded for this very command.
    expect(() => emu.dispatchChatInput({ name: 'import', options: [{ name: 'file', type: 11, value: '112233445566778899' }] })).toThrow(/never uploaded/);
    expect(() => emu.dispatchChatInput({ name: 'import', options: [{ name: 'file', type: 11, value: id }] })).toThrow(/already sent with interaction/);
    expect(() => emu.uploadAttachment({ filename: 'huge.txt', content: new Uint8Array(10 * 1024 * 1024 + 1) })).toThrow(/attachment_size_limit/);
    await interaction.reply({ content: 'imported', flags: MessageFlags.Ephemeral });
  });

  it('delivers a string select; deferUpdate + editReply edit the message carrying it', async () => {
    const got = nextInteraction(client);
    const itx = emu.dispatchSelect({ customId: 'topic', values: ['precursors'] });
    const interaction = await got;
    if (!interaction.isStringSelectMenu()) throw new Error('expected a StringSelectMenuInteraction');
    expect(interaction.values).toEqual(['precursors']);
    await interaction.deferUpdate();
    await interaction.editReply({ content: 'Showing precursors' });
    expect(await itx.callback()).toMatchObject({ type: 6 });
    const [edit] = await itx.edits(1);
    expect(edit?.messageId).toBe(interaction.message.id);
    expect(emu.message(interaction.message.id)?.content).toBe('Showing precursors');
  });

  it('refuses what the bot may not do and surfaces injected faults as discord.js errors', async () => {
    const byName = (name: string) => client.channels.cache.find((c) => 'name' in c && c.name === name) as TextChannel;
    expect((await apiError(byName('read-only').send('x'))).rawError).toEqual({ message: 'Missing Permissions', code: 50013 });
    expect((await apiError(byName('hidden').send('x'))).rawError).toEqual({ message: 'Missing Access', code: 50001 });
    expect((await apiError(byName('general').send({ content: '' }))).code).toBe(50006);

    const voice = client.channels.cache.get(emu.voiceChannelId);
    if (!voice?.isSendable()) throw new Error('voice channels have a text chat');
    await voice.send('text in voice');

    const general = byName('general');
    const path = `/channels/${general.id}/messages`;
    emu.failNext({ method: 'POST', path, status: 502 });
    expect((await general.send('survives a 502')).content).toBe('survives a 502');
    expect(emu.requests.filter((r) => r.path === path && r.method === 'POST').slice(-2).map((r) => r.status)).toEqual([502, 200]);

    emu.failNext({ method: 'POST', path, code: 50001 });
    const injected = await apiError(general.send('x'));
    expect([injected.status, injected.code]).toEqual([403, 50001]);
  });

  it('resumes after an op 7 Reconnect', async () => {
    const before = emu.gatewayStats.resumes;
    emu.requestReconnect();
    await emu.waitForResume({ count: before + 1, timeoutMs: 10_000 });
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({ name: 'ask' });
    expect((await got).id).toBe(itx.id);
  });

  it('resumes on the same connection after a resumable op 9 Invalid Session', async () => {
    const before = emu.gatewayStats;
    emu.invalidateSession(true);
    await emu.waitForResume({ count: before.resumes + 1 });
    expect(emu.gatewayStats).toMatchObject({ identifies: before.identifies, connections: before.connections });
    const got = nextInteraction(client);
    const itx = emu.dispatchChatInput({ name: 'ask' });
    expect((await got).id).toBe(itx.id);
  });

  it('closes with 4014 when the client asks for a privileged intent the app lacks', async () => {
    const greedy = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent], rest: { api: emu.apiBaseUrl } });
    await expect(within(5000, 'login rejection', greedy.login(emu.token))).rejects.toThrow(/disallowed intents/i);
    await greedy.destroy();
  });
});
