/**
 * `/briefing subscribe`'s channel check, against the loopback Discord emulator: the bot must be
 * able to post embeds there and to read the channel's history. Exactly-once delivery resolves a
 * run left uncertain by reading the channel for its earlier post; without Read Message History
 * Discord answers that read with an empty list, and the briefing would be posted twice.
 */
import { once } from 'node:events';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { Events, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canPostBriefing, discordBriefingTransport } from '../../src/discord/briefing-transport.ts';
import { classifyFailure, describeFailure } from '../../src/scheduler/transport.ts';
import { createClient } from '../../src/discord/client.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../e2e/emulator/index.ts';

const OPEN = '200000000000000011';
const NO_HISTORY = '200000000000000012';
const NO_EMBEDS = '200000000000000013';
const HIDDEN = '200000000000000014';
const VOICE = '200000000000000015';
const GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000002';
const FOREIGN = '200000000000000021';

describe('whether the bot can post briefings in a channel', () => {
  let emu: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emu = await startDiscordEmulator({
      guilds: [
        {
          id: GUILD,
          channels: [
            { id: OPEN, name: 'briefings' },
            { id: NO_HISTORY, name: 'no-history', botDeny: PermissionFlagsBits.ReadMessageHistory },
            { id: NO_EMBEDS, name: 'no-embeds', botDeny: PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory },
            { id: HIDDEN, name: 'hidden', botDeny: PermissionFlagsBits.ViewChannel },
            { id: VOICE, name: 'Lounge', type: 'voice' },
          ],
        },
        { id: OTHER_GUILD, channels: [{ id: FOREIGN, name: 'their-briefings' }] },
      ],
    });
    client = createClient({ apiBaseUrl: emu.apiBaseUrl });
    const ready = once(client, Events.ClientReady);
    await client.login(emu.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await emu?.stop();
  });

  it('accepts a text channel where it may view, send, embed and read history', async () => {
    expect(await canPostBriefing(client, OPEN, GUILD)).toBe(true);
  });

  it('refuses a channel without Read Message History, naming it and saying why it is needed', async () => {
    const reason = await canPostBriefing(client, NO_HISTORY, GUILD);
    expect(reason).toMatch(/^I’m missing Read Message History there \(.*already posted.*never posted twice\)\.$/);
  });

  it('names every missing permission', async () => {
    expect(await canPostBriefing(client, NO_EMBEDS, GUILD)).toMatch(/^I’m missing Embed Links, Read Message History there/);
  });

  it('still refuses a channel it cannot see and one that is not a text channel', async () => {
    expect(await canPostBriefing(client, HIDDEN, GUILD)).toMatch(/View Channel/);
    expect(await canPostBriefing(client, VOICE, GUILD)).toMatch(/not a text or announcement channel/);
  });

  it('refuses a channel of another server, even one where it could post', async () => {
    expect(await canPostBriefing(client, FOREIGN, OTHER_GUILD)).toBe(true);
    expect(await canPostBriefing(client, FOREIGN, GUILD)).toMatch(/not a channel of this server/);
  });

  it('will not guess that an interrupted briefing was not posted where it cannot read the history', async () => {
    const transport = discordBriefingTransport(client);
    // Where it can read, an empty history means "not posted".
    expect(await transport.findPosted!(OPEN, 'Morning briefing 2023-04-14', new Date(0))).toBeNull();
    // Where it cannot, Discord would answer with an empty list too; the channel is reported instead.
    const error = await transport.findPosted!(NO_HISTORY, 'Morning briefing 2023-04-14', new Date(0)).catch((caught: unknown) => caught);
    expect(classifyFailure(error)).toBe('channel');
    expect(describeFailure(error)).toMatch(/Read Message History/);
    expect(emu.requests.some((request) => request.path.startsWith(`/channels/${NO_HISTORY}/messages`))).toBe(false);
  });
});
