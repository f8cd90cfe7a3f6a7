/**
 * `/kb add url:` end to end: the bot as `npm start` runs it, over the loopback Discord emulator,
 * fetching an article page from a loopback web server this test starts (KB_FETCH_ALLOW_PRIVATE=true
 * lets the bot reach it). Preview first, nothing written; the Add button writes and reloads.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator, InteractionHandle, StoredMessage } from './emulator/index.ts';
import { KNOWLEDGE_DIR, buttonsOf, embedOf, query, startWiredBot, type WiredBot } from './bot-harness.ts';
import { ARTICLE, MARKER, articlePage, html, startWebServer, type WebServer } from '../kb/web-fixtures.ts';

type Embed = { title?: string; description?: string };
const textOf = (content: unknown, embeds: Embed[] | undefined) => [content, ...(embeds ?? []).flatMap((embed) => [embed.title, embed.description])].filter(Boolean).join('\n');
const loaded = (message: StoredMessage) => ((message.flags ?? 0) & MessageFlags.Loading) === 0;

/** The message the user ends up looking at: the immediate answer, or the deferred one once edited in. */
async function finalMessage(handle: InteractionHandle): Promise<{ text: string; message: StoredMessage }> {
  const callback = await handle.callback({ timeoutMs: 20_000 });
  const message = callback.type === 5 || callback.type === 6 ? await handle.original({ timeoutMs: 20_000, where: loaded }) : await handle.original({ timeoutMs: 20_000 });
  return { text: textOf(message.content, message.embeds as Embed[]), message };
}

describe('/kb add url: over the wire', () => {
  let wired: WiredBot;
  let emu: DiscordEmulator;
  let web: WebServer;
  let root: string;
  let knowledge: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'kb-url-e2e-'));
    knowledge = path.join(root, 'knowledge');
    cpSync(KNOWLEDGE_DIR, knowledge, { recursive: true });
    web = await startWebServer();
    web.routes.set('/news/nogales-pills', html(articlePage()));
    wired = await startWiredBot({ KNOWLEDGE_DIR: knowledge, KB_FETCH_ALLOW_PRIVATE: 'true' });
    ({ emu } = wired);
  });

  afterAll(async () => {
    await wired?.stop();
    await web?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('previews the page, writes nothing until Add, then adds it and /fentanyl answers from it', async () => {
    const before = readdirSync(knowledge).sort();
    const handle = emu.dispatchChatInput({
      name: 'kb',
      user: emu.adminUser,
      options: [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: `${web.origin}/news/nogales-pills` }] }],
    });
    const preview = await finalMessage(handle);
    expect(((preview.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0).toBe(true);
    expect(preview.text).toContain(`Preview: ${ARTICLE.title}`);
    expect(preview.text).toContain('Publisher: Border Ledger');
    expect(readdirSync(knowledge).sort()).toEqual(before);

    const rows = (preview.message.components ?? []) as { components: { custom_id?: string; label?: string }[] }[];
    const addButton = rows.flatMap((row) => row.components).find((button) => button.label === 'Add');
    expect(addButton?.custom_id).toMatch(/^kb:add:/);
    const press = emu.dispatchButton({ customId: addButton!.custom_id!, message: preview.message, user: emu.adminUser });
    const callback = await press.callback({ timeoutMs: 20_000 });
    expect([6, 7]).toContain(callback.type);
    const edited = callback.type === 7 ? textOf(callback.data?.['content'], callback.data?.['embeds'] as Embed[]) : await waitForEdit(emu, preview.message.id);
    expect(edited).toContain(`Added: ${ARTICLE.title}`);
    expect(readdirSync(knowledge)).toContain('inspectors-find-quetzalcoatlite-pills-in-nogales-produce-trucks.md');

    const answer = await emu.dispatchChatInput({ name: 'fentanyl', user: emu.adminUser, options: [query(MARKER)] }).callback({ timeoutMs: 20_000 });
    expect(embedOf(answer).description).toContain(ARTICLE.title);
    expect(buttonsOf(answer).length).toBeGreaterThan(0);
  });
});

/** After a deferred update (type 6) the bot edits the message: wait for the edit to show. */
async function waitForEdit(emu: DiscordEmulator, messageId: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const message = emu.message(messageId);
    const text = message ? textOf(message.content, message.embeds as Embed[]) : '';
    if (text.includes('Added:') || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
