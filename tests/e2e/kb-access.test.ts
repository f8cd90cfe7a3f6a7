/**
 * Who may use /kb (issue 9, item 2), over the wire with `src/main.ts` as a child process. The
 * knowledge base is shared by every server, so Manage Server counts only in a server listed in
 * KB_ADMIN_GUILD_IDS; a role in ADMIN_ROLE_IDS and the application's owner (read from
 * GET /applications/@me at start-up, a user or a team) are admitted anywhere.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIUser } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCallback } from './emulator/index.ts';
import { KNOWLEDGE_DIR, startWiredBot, type WiredBot } from './bot-harness.ts';

const LISTED_GUILD = '310000000000000001';
const OTHER_GUILD = '310000000000000002';
const LIBRARIAN_ROLE = '410000000000000009';
const NEW_DOC = `---
id: kb-access-test
title: "Canine units at the border"
publisher: null
authors: []
published: null
url: null
origin: canine.txt
topics: []
---
Officers trained a canine team nicknamed the wombat squad to find fentanyl pills hidden in cars.
`;

const textOf = (callback: RecordedCallback) => {
  type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };
  const embed = (callback.data?.['embeds'] as Embed[] | undefined)?.[0];
  return [callback.data?.['content'], embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value])].filter(Boolean).join('\n');
};

function wiredWith(owner: 'user' | 'team') {
  const state: { wired?: WiredBot; knowledge?: string } = {};
  beforeAll(async () => {
    state.knowledge = mkdtempSync(path.join(tmpdir(), 'kb-access-knowledge-'));
    cpSync(KNOWLEDGE_DIR, state.knowledge, { recursive: true });
    state.wired = await startWiredBot(
      { KNOWLEDGE_DIR: state.knowledge, KB_ADMIN_GUILD_IDS: LISTED_GUILD, ADMIN_ROLE_IDS: LIBRARIAN_ROLE },
      { applicationOwner: owner, guilds: [{ id: LISTED_GUILD }, { id: OTHER_GUILD, memberRoleId: LIBRARIAN_ROLE }] },
    );
    // The owner is read once the client is ready.
    await state.wired.bot.logs.waitFor((line) => line.msg === 'application owner known', 'the owner look-up');
  });
  afterAll(async () => {
    await state.wired?.stop();
    if (state.knowledge) rmSync(state.knowledge, { recursive: true, force: true });
  });
  const kb = (subcommand: string, user: APIUser, guildId: string) =>
    state.wired!.emu.dispatchChatInput({ name: 'kb', user, guildId, options: [{ name: subcommand, type: 1 }] }).callback();
  return { state, kb };
}

describe('/kb permissions (application owned by a user)', () => {
  const { state, kb } = wiredWith('user');

  it('refuses Manage Server in a server not listed in KB_ADMIN_GUILD_IDS, and reloads nothing', async () => {
    const { emu, bot } = state.wired!;
    writeFileSync(path.join(state.knowledge!, 'kb-access-test.md'), NEW_DOC);
    const refused = await kb('reload', emu.adminUser, OTHER_GUILD);
    expect(textOf(refused)).toMatch(/KB_ADMIN_GUILD_IDS/);
    expect(textOf(refused)).toMatch(/Nothing was changed/);
    expect(bot.logs.lines.some((line) => line.trigger === 'command')).toBe(false);
    const status = textOf(await kb('status', emu.ownerUser, OTHER_GUILD));
    expect(status).not.toMatch(/\/kb reload/);
  });

  it('admits Manage Server in a listed server', async () => {
    const { emu } = state.wired!;
    const reply = textOf(await kb('reload', emu.adminUser, LISTED_GUILD));
    expect(reply).toMatch(/Knowledge base reloaded/);
    expect(reply).toContain('`kb-access-test`');
  });

  it('admits a member with an ADMIN_ROLE_IDS role, and refuses the same member without it', async () => {
    const { emu } = state.wired!;
    expect(textOf(await kb('status', emu.memberUser, OTHER_GUILD))).toMatch(/Knowledge base/);
    expect(textOf(await kb('status', emu.memberUser, LISTED_GUILD))).toMatch(/Nothing was changed/);
  });

  it('admits the application owner in any server, without any permission there', async () => {
    const { emu } = state.wired!;
    expect(textOf(await kb('status', emu.ownerUser, OTHER_GUILD))).toMatch(/^Knowledge base/);
    expect(textOf(await kb('status', emu.ownerUser, LISTED_GUILD))).toMatch(/^Knowledge base/);
  });
});

describe('/kb permissions (application owned by a team)', () => {
  const { state, kb } = wiredWith('team');

  it('admits a team member in any server', async () => {
    const { emu } = state.wired!;
    expect(textOf(await kb('status', emu.ownerUser, OTHER_GUILD))).toMatch(/^Knowledge base/);
    expect(textOf(await kb('status', emu.adminUser, OTHER_GUILD))).toMatch(/Nothing was changed/);
  });
});
