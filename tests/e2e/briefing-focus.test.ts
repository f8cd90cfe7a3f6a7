/**
 * A focused subscription over the wire (issue 11): `src/main.ts` as a child process posts the
 * day's digest to a channel whose subscription follows two topics; the post's spotlight and key
 * figures come from those topics (or its footer says the whole knowledge base topped them up),
 * and `/briefing subscribe … topics` refuses a topic the knowledge base does not have.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidatesOf } from '../../src/briefing/candidates.ts';
import { localDateTime } from '../../src/shared/local-time.ts';
import { briefingMarker } from '../../src/briefing/render.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { KNOWLEDGE_DIR, botEnv, registerCommands, startBotProcess, tempDataDir, type ChildRun } from './bot-harness.ts';

const ZONE = 'UTC';
const FOCUSED = '200000000000000011';
const OTHER = '200000000000000012';
const FOCUS = ['fentanyl seizures', 'us citizens as smugglers'];

describe('a focused briefing subscription, posted over the wire', () => {
  let emu: DiscordEmulator;
  let data: ReturnType<typeof tempDataDir>;
  let bot: ChildRun;

  beforeAll(async () => {
    emu = await startDiscordEmulator({ guilds: [{ channels: [{ id: FOCUSED, name: 'seizures-desk' }, { id: OTHER, name: 'general' }] }] });
    await registerCommands(emu, emu.guildId);
    data = tempDataDir('briefing-focus-e2e-');
    // Subscribed yesterday at 00:00, so today's digest is due as soon as the bot is up.
    const db = openDatabase(data.dir);
    new SubscriptionStore(db, () => new Date(Date.now() - 24 * 3600_000)).subscribe({
      channelId: FOCUSED,
      guildId: emu.guildId,
      time: '00:00',
      timezone: ZONE,
      createdBy: emu.adminUser.id,
      topics: FOCUS,
    });
    db.close();
    bot = await startBotProcess(botEnv(emu, data.dir));
  });

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.stop();
    data?.cleanup();
  });

  it('posts a digest whose spotlight and key figures come from the channel’s topics', async () => {
    await emu.waitForRequest({ method: 'POST', path: `/channels/${FOCUSED}/messages`, status: 200 }, { timeoutMs: 20_000 });
    const embeds = emu.channelMessages(FOCUSED)[0]!.embeds;
    const footer = embeds.at(-1)!.footer!.text;
    expect(footer).toContain(briefingMarker(localDateTime(new Date(), ZONE).date));
    expect(footer).toContain(`Focus: ${FOCUS.join(', ')}`);
    const toppedUp = footer.includes('topped up from the whole knowledge base');

    const { documents, aliases } = await loadKnowledge(path.resolve(KNOWLEDGE_DIR));
    const index = SearchIndex.build(documents, aliases);
    const topicPassages = FOCUS.flatMap((topic) => [...candidatesOf(index).topics.get(topic)!.passageIds]).map((id) => index.passage(id)!.text);
    const spotlight = embeds.find((embed) => embed.title?.startsWith('Spotlight: '))!;
    const figures = embeds.find((embed) => embed.title?.startsWith('Key figure'));
    const quotes = (text = '') => [...text.matchAll(/^> (.*)$/gm)].map((match) => match[1]!.replace(/\\([\\*_~`|])/g, '$1'));
    const fromTopics = (quote: string) => topicPassages.some((text) => text.includes(quote));
    if (!toppedUp) {
      expect(FOCUS.map((topic) => `Spotlight: ${topic}`)).toContain(spotlight.title);
      for (const quote of quotes(figures?.description)) expect(fromTopics(quote), quote).toBe(true);
    }
    // Whichever way today fell, the spotlight's items are the topic's own passages when its title is a focus topic.
    if (FOCUS.some((topic) => spotlight.title === `Spotlight: ${topic}`)) {
      for (const quote of quotes(spotlight.description)) expect(fromTopics(quote), quote).toBe(true);
    }
  });

  it('refuses a topic the knowledge base does not have, and subscribes with known ones', async () => {
    const subscribe = (topics: string) =>
      emu
        .dispatchChatInput({
          name: 'briefing',
          user: emu.adminUser,
          options: [
            {
              name: 'subscribe',
              type: 1,
              options: [
                { name: 'channel', type: 7, value: OTHER },
                { name: 'time', type: 3, value: '07:30' },
                { name: 'timezone', type: 3, value: ZONE },
                { name: 'topics', type: 3, value: topics },
              ],
            },
          ],
        })
        .callback();
    const refused = await subscribe('fentanyl seizures, cooking');
    expect(JSON.stringify(refused.data)).toContain('“cooking” is not a topic');
    const accepted = await subscribe('Overdose Deaths');
    expect(JSON.stringify(accepted.data)).toContain('Focus: overdose deaths');
  });
});
