/**
 * Knowledge-base administration end to end (issue 5): `src/main.ts` as a child process, over a
 * copy of the knowledge folder. A member without Manage Server is refused and nothing reloads;
 * an admin's reload with one broken file answers with the problem and the old index keeps
 * answering; once the file is fixed the reload swaps the new document in; SIGHUP reloads too.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordEmulator, RecordedCallback } from './emulator/index.ts';
import { KNOWLEDGE_DIR, LEVEL, embedOf, query, startWiredBot, type ChildRun, type WiredBot } from './bot-harness.ts';

/** A word no seed article uses, so only the added document can answer it. */
const MARKER = 'quokka';
const NEW_DOC = `---
id: border-canine-units-test
title: "Canine units at the border"
publisher: null
authors: []
published: null
url: null
origin: canine-units.txt
topics: ["ports of entry"]
---
Officers at the port of entry trained a canine team nicknamed the ${MARKER} squad to find fentanyl pills hidden in cars.

The team found fentanyl in three vehicles during its first week at the crossing.
`;
/** Valid YAML, invalid metadata: a title is required and the date is not a calendar date. */
const BROKEN_DOC = `---
id: broken-note
publisher: null
published: 2023-02-30
origin: broken.txt
---
A paragraph that will never be served.
`;

const ephemeral = (callback: RecordedCallback) => (Number(callback.data?.['flags'] ?? 0) & 64) === 64;
const textOf = (callback: RecordedCallback) => {
  type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };
  const embed = (callback.data?.['embeds'] as Embed[] | undefined)?.[0];
  const fields = (embed?.fields ?? []).flatMap((field) => [field.name, field.value]);
  return [callback.data?.['content'], embed?.title, embed?.description, ...fields, embed?.footer?.text].filter(Boolean).join('\n');
};

describe('/kb over the wire', () => {
  let wired: WiredBot;
  let emu: DiscordEmulator;
  let knowledge: string;
  let bot: ChildRun;

  const kb = (subcommand: string, user = emu.adminUser) =>
    emu.dispatchChatInput({ name: 'kb', user, options: [{ name: subcommand, type: 1 }] }).callback();
  const ask = (text: string) => emu.dispatchChatInput({ name: 'fentanyl', user: emu.adminUser, options: [query(text)] }).callback();
  /** True when `/fentanyl` answered with cited passages, false for the "nothing covers that" reply. */
  const answers = async (text: string) => {
    const callback = await ask(text);
    return !ephemeral(callback) && (callback.data?.['embeds'] as unknown[] | undefined)?.length === 1;
  };

  beforeAll(async () => {
    knowledge = mkdtempSync(path.join(tmpdir(), 'kb-e2e-knowledge-'));
    cpSync(KNOWLEDGE_DIR, knowledge, { recursive: true });
    wired = await startWiredBot({ KNOWLEDGE_DIR: knowledge });
    ({ emu, bot } = wired);
  });

  afterAll(async () => {
    await wired?.stop();
    if (knowledge) rmSync(knowledge, { recursive: true, force: true });
  });

  it('refuses /kb reload to a member without Manage Server, privately, and reloads nothing', async () => {
    writeFileSync(path.join(knowledge, 'border-canine-units-test.md'), NEW_DOC);
    const refused = await kb('reload', emu.memberUser);
    expect(ephemeral(refused)).toBe(true);
    expect(textOf(refused)).toMatch(/Manage Server/);
    expect(textOf(refused)).toMatch(/Nothing was changed/);
    // The new file is on disk, but nobody was allowed to load it.
    expect(await answers(MARKER)).toBe(false);
    expect(bot.logs.lines.some((line) => typeof line.msg === 'string' && line.msg.startsWith('reload'))).toBe(false);
  });

  it('answers an admin reload with one broken file by naming the problem, and keeps serving the old index', async () => {
    const before = embedOf(await ask('seizures'));
    writeFileSync(path.join(knowledge, 'broken-note.md'), BROKEN_DOC);

    const reply = await kb('reload');
    expect(ephemeral(reply)).toBe(true);
    const text = textOf(reply);
    expect(text).toMatch(/Reload refused/);
    expect(text).toContain('broken-note.md');
    expect(text).toMatch(/title/);
    expect(text).toMatch(/published/);
    expect(text).toMatch(/knowledge base in service is unchanged \(5 documents/);

    // All or nothing: the old answers come back unchanged, and the valid new file was not half-loaded.
    expect(embedOf(await ask('seizures')).description).toBe(before.description);
    expect(await answers(MARKER)).toBe(false);

    const status = textOf(await kb('status'));
    expect(status).toContain('broken-note.md');
  });

  it('swaps the new document in once the broken file is gone, and reports the change', async () => {
    rmSync(path.join(knowledge, 'broken-note.md'));
    const reply = await kb('reload');
    const text = textOf(reply);
    expect(text).toMatch(/Knowledge base reloaded/);
    expect(text).toMatch(/Documents: \*\*5 → 6\*\*/);
    expect(text).toContain('`border-canine-units-test`');
    expect(text).toMatch(/\/kb reload by /);

    const answer = embedOf(await ask(MARKER));
    expect(answer.description).toContain('Canine units at the border');
    expect(answer.description).toMatch(/\*\*quokka\*\*/i);
  });

  it('reloads on SIGHUP and logs what changed', async () => {
    rmSync(path.join(knowledge, 'border-canine-units-test.md'));
    const since = bot.logs.lines.length;
    bot.child.kill('SIGHUP');
    const line = await bot.logs.waitFor((entry) => entry.trigger === 'signal', 'the SIGHUP reload log line', { since });
    expect(line.level).toBe(LEVEL.info);
    expect(line.msg).toMatch(/documents 6 → 5/);
    expect(await answers(MARKER)).toBe(false);
    // The process is still up and serving.
    expect(bot.child.exitCode).toBeNull();
  });
});
