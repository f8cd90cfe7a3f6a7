/**
 * The run marker survives fitting a briefing to Discord's 6000 characters (issue 9, item 9).
 * A run left uncertain (a crash mid-send) is resolved by finding its marker in the channel; when
 * long citations pushed the digest past the limit, fitting the message cut the marker from the
 * last footer, the post could not be found, and the briefing would have been posted again.
 * Sent through the real transport and discord.js client to the loopback Discord.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { briefingMarker, renderBriefing } from '../../src/briefing/render.ts';
import type { Briefing } from '../../src/briefing/types.ts';
import { discordBriefingTransport } from '../../src/discord/briefing-transport.ts';
import { createClient } from '../../src/discord/client.ts';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';

const DATE = '2025-04-02';
let emu: DiscordEmulator;
let client: Client;

beforeAll(async () => {
  emu = await startDiscordEmulator();
  client = createClient({ apiBaseUrl: emu.apiBaseUrl });
  const ready = new Promise((resolve) => client.once('clientReady', resolve));
  await client.login(emu.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await emu?.stop();
});

/** One item per section (the renderer cannot drop any), each cited with a very long title. */
function longCitedBriefing(): Briefing {
  const section = (n: number) => ({
    title: `Section ${n}`,
    items: [
      {
        text: `Seizures of fentanyl at the border rose again in month ${n}. `.repeat(8).trim(),
        citation: { title: `A report with a very long title, part ${n}, `.repeat(40).trim(), publisher: 'Border Report', date: '2025-03-01', paragraph: n, url: null },
        passageId: `p${n}`,
      },
    ],
  });
  return { date: DATE, sections: [section(1), section(2), section(3)], footer: '3 documents in the knowledge base · Ask anything with /fentanyl query:…', shownPassageIds: ['p1', 'p2', 'p3'], knownDocIds: [], focus: [] };
}

it('keeps the marker in a digest cut to fit, so the run is found in the channel afterwards', async () => {
  const reply = renderBriefing(longCitedBriefing());
  const total = (reply.cards ?? []).reduce((sum, card) => sum + (card.title?.length ?? 0) + (card.description?.length ?? 0) + (card.footer?.length ?? 0), 0);
  expect(total).toBeGreaterThan(6000); // the case: it must be cut to be sent

  const transport = discordBriefingTransport(client);
  const since = new Date(Date.now() - 60_000);
  const posted = await transport.send(emu.textChannelId, reply, { nonce: 'b-marker-test', marker: briefingMarker(DATE) });

  const [message] = emu.channelMessages(emu.textChannelId);
  const embeds = message!.embeds;
  const size = embeds.reduce((sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0), 0);
  expect(size).toBeLessThanOrEqual(6000);
  expect(embeds.at(-1)?.footer?.text).toContain(briefingMarker(DATE));
  expect(await transport.findPosted!(emu.textChannelId, briefingMarker(DATE), since)).toBe(posted.messageId);
});
