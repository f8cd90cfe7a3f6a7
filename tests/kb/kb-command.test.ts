import type { Command } from '../../src/commands/types.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError, type Reply } from '../../src/shared/reply.ts';
import { createKbCommand } from '../../src/commands/kb.ts';
import { attachmentOption, type AttachmentFetcher } from '../../src/kb/attachment.ts';
import { Library } from '../../src/library.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { KbAuditStore } from '../../src/store/kb-audit.ts';
import { ADMIN, MEMBER, NEW_DOCUMENT, RAW_ARTICLE, knowledgeFile, listing, tempKnowledge, type TempKnowledge } from './helpers.ts';

let kb: TempKnowledge;
let db: Db;
let audit: KbAuditStore;
let library: Library;
beforeEach(async () => {
  kb = await tempKnowledge();
  db = openDatabase(kb.dataDir);
  audit = new KbAuditStore(db);
  library = await Library.open(kb.dir, { audit });
});
afterEach(async () => {
  db.close();
  await kb.cleanup();
});

const ADMIN_ROLE = '400000000000000009';
/** Nobody owns the application here: ADMIN is admitted as a Manage Server member of a listed server. */
const noOwners = async () => [];
const text = (reply: Reply) => JSON.stringify(reply);
const file = (name: string, body: string, contentType: string | null = 'text/plain; charset=utf-8') =>
  attachmentOption({ url: `https://cdn.example/${encodeURIComponent(name)}`, name, size: Buffer.byteLength(body), contentType });
const serving = (body: string): AttachmentFetcher => async () => new TextEncoder().encode(body);

describe('/kb', () => {
  it('is defined for servers only, hidden from members without Manage Server', () => {
    const { definition } = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners });
    expect(definition).toMatchObject({ name: 'kb', default_member_permissions: '32', contexts: [0] });
    expect(definition.options?.map((option) => option.name)).toEqual(['reload', 'add', 'status', 'feeds', 'review']);
  });

  it('refuses a member without Manage Server or an admin role, and nothing happens', async () => {
    const fetcher = vi.fn(serving(RAW_ARTICLE));
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [ADMIN_ROLE], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners, fetchAttachment: fetcher });
    const index = library.index;
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    const before = await listing(kb.dir);
    for (const subcommand of ['reload', 'add', 'status']) {
      const run = (kbCommand as Command).run(MEMBER, { file: file('a.txt', RAW_ARTICLE) }, subcommand);
      await expect(run).rejects.toThrow(UserError);
      await expect(run).rejects.toThrow(/Manage Server in a server listed in KB_ADMIN_GUILD_IDS.*Nothing was changed/);
    }
    expect(library.index).toBe(index);
    expect(library.reloading).toBe(false);
    expect(fetcher).not.toHaveBeenCalled();
    expect(await listing(kb.dir)).toEqual(before);
    expect(audit.recent()).toEqual([]);
  });

  it('lets a member with an ADMIN_ROLE_IDS role in', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [ADMIN_ROLE], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners });
    const reply = await kbCommand.run({ ...MEMBER, roleIds: [ADMIN_ROLE] }, {}, 'status');
    expect(reply.cards?.[0]?.title).toBe('Knowledge base');
  });

  it('reload answers with before and after counts and what changed, privately', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners });
    const { documents, passages } = library.counts;
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    const reply = await kbCommand.run(ADMIN, {}, 'reload');
    expect(reply.ephemeral).toBe(true);
    const card = reply.cards![0]!;
    expect(card.title).toBe('Knowledge base reloaded');
    expect(card.description).toContain(`Documents: **${documents} → ${documents + 1}**`);
    expect(card.description).toContain(`Passages: **${passages} → ${passages + 2}**`);
    expect(card.description).toContain(`Added: \`${NEW_DOCUMENT.id}\``);
    expect(card.footer).toMatch(/^\d+ ms · \/kb reload by Ada Admin · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(audit.latest('reload')).toMatchObject({ outcome: 'ok', trigger: 'command', by: { id: ADMIN.userId, name: 'Ada Admin' }, added: [NEW_DOCUMENT.id] });
  });

  it('reload with a broken file lists the problem, says nothing changed, and the old answers still come back', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners });
    const answersBefore = library.index.search('quaranthium').hits.map((hit) => hit.passageId);
    await writeFile(path.join(kb.dir, 'broken.md'), knowledgeFile('broken-doc', ['Text.'], { title: '' }));
    const reply = await kbCommand.run(ADMIN, {}, 'reload');
    const card = reply.cards![0]!;
    expect(card.title).toBe('Reload refused: 1 problem');
    expect(card.description).toContain('The knowledge base in service is unchanged');
    expect(card.description).toContain('`broken.md` · **title**: must not be empty');
    expect(library.index.search('quaranthium').hits.map((hit) => hit.passageId)).toEqual(answersBefore);
    expect(answersBefore.length).toBeGreaterThan(0);

    const status = text(await kbCommand.run(ADMIN, {}, 'status'));
    expect(status).toContain('Problems the last reload found');
    expect(status).toContain('broken.md');
    expect(status).toMatch(/refused, 1 problem; nothing changed/);
  });

  it('add fetches the attachment, curates it, writes it, reloads, and records the add', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners, fetchAttachment: serving(RAW_ARTICLE) });
    const { documents } = library.counts;
    const reply = await kbCommand.run(ADMIN, { file: file('laredo.txt', RAW_ARTICLE), title: 'Laredo pills', publisher: 'Border Herald', date: '2024-04-04' }, 'add');
    expect(reply.ephemeral).toBe(true);
    expect(reply.cards?.[0]?.title).toBe('Added: Laredo pills');
    expect(reply.cards?.[0]?.description).toContain('Id `laredo-pills`');
    expect(reply.cards?.[1]?.description).toContain(`Documents: **${documents} → ${documents + 1}**`);
    expect(library.index.search('xylocaine').hits[0]?.citation).toMatchObject({ title: 'Laredo pills', publisher: 'Border Herald', date: '2024-04-04', url: null });
    expect(audit.latest('add')).toMatchObject({ outcome: 'ok', docId: 'laredo-pills', trigger: 'command', by: { name: 'Ada Admin' } });
    expect(audit.latest('reload')).toMatchObject({ outcome: 'ok', trigger: 'add', added: ['laredo-pills'] });
  });

  it('add refuses an oversize, wrong-type or non-text attachment before writing anything', async () => {
    const fetcher = vi.fn(serving(RAW_ARTICLE));
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners, fetchAttachment: fetcher });
    const before = await listing(kb.dir);
    const oversize = attachmentOption({ url: 'https://cdn.example/big.txt', name: 'big.txt', size: 1024 * 1024 + 1, contentType: 'text/plain' });
    await expect(kbCommand.run(ADMIN, { file: oversize }, 'add')).rejects.toThrow(/is 1,048,577 bytes; the limit is 1,048,576 bytes\.\nNothing was added/);
    await expect(kbCommand.run(ADMIN, { file: file('report.pdf', 'x', 'application/pdf') }, 'add')).rejects.toThrow(/not a \.txt or \.md file/);
    await expect(kbCommand.run(ADMIN, { file: file('photo.txt', 'x', 'image/png') }, 'add')).rejects.toThrow(/image\/png, not plain text/);
    await expect(kbCommand.run(ADMIN, { file: file('../escape.txt', RAW_ARTICLE) }, 'add')).rejects.toThrow(/not a plain file name/);
    await expect(kbCommand.run(ADMIN, {}, 'add')).rejects.toThrow(/Attach the article/);
    expect(fetcher).not.toHaveBeenCalled();
    // A fetcher that returns more than was declared is still held to the limit.
    const liar = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners, fetchAttachment: async () => new Uint8Array(1024 * 1024 + 10).fill(0x61) });
    await expect(liar.run(ADMIN, { file: file('small.txt', 'tiny') }, 'add')).rejects.toThrow(/the limit is 1,048,576 bytes/);
    expect(await listing(kb.dir)).toEqual(before);
    expect(audit.recent().map((event) => event.outcome)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
  });

  it('add refuses a duplicate and leaves the folder as it was', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners, fetchAttachment: serving(RAW_ARTICLE) });
    await kbCommand.run(ADMIN, { file: file('laredo.txt', RAW_ARTICLE), title: 'Laredo pills' }, 'add');
    const before = await listing(kb.dir);
    await expect(kbCommand.run(ADMIN, { file: file('again.txt', RAW_ARTICLE), title: 'Laredo again' }, 'add')).rejects.toThrow(/same text is already/);
    expect(await listing(kb.dir)).toEqual(before);
  });

  it('add takes its file back out when the reload after it fails, and says the knowledge base is unchanged', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners, fetchAttachment: serving(RAW_ARTICLE) });
    await writeFile(path.join(kb.dir, 'broken.md'), 'no front matter at all\n');
    const before = await listing(kb.dir);
    const index = library.index;
    const reply = await kbCommand.run(ADMIN, { file: file('laredo.txt', RAW_ARTICLE), title: 'Laredo pills' }, 'add');
    expect(reply.cards?.[0]?.title).toBe('Not added: the reload found 1 problem');
    expect(reply.cards?.[0]?.description).toContain('The knowledge base in service is unchanged');
    expect(reply.cards?.[0]?.description).toContain('`broken.md` · **front matter**');
    expect(await listing(kb.dir)).toEqual(before);
    expect(library.index).toBe(index);
    expect(audit.latest('add')).toMatchObject({ outcome: 'invalid', docId: 'laredo-pills' });
  });

  it('status shows documents, passages, topics and the last reload', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners });
    const fresh = text(await kbCommand.run(ADMIN, {}, 'status'));
    expect(fresh).toContain('None since start-up');
    await kbCommand.run(ADMIN, {}, 'reload');
    const reply = await kbCommand.run(ADMIN, {}, 'status');
    const fields = Object.fromEntries((reply.cards?.[0]?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields).toMatchObject({ Documents: String(library.counts.documents), Passages: String(library.counts.passages), 'Files left out now': 'None.' });
    expect(Number(fields.Topics)).toBeGreaterThan(0);
    expect(fields['Last reload']).toMatch(/\/kb reload by Ada Admin · ok: documents (\d+) → \1, passages (\d+) → \2 · \d+ ms/);
  });

  it('status shows a file left out at start-up as out, even when an earlier ok reload is recorded', async () => {
    // A reload recorded before a restart: ok, nothing failed.
    await createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners }).run(ADMIN, {}, 'reload');
    await writeFile(path.join(kb.dir, 'broken.md'), knowledgeFile('broken-doc', ['Text.'], { title: '' }));
    const restarted = await Library.open(kb.dir, { audit });
    const reply = await createKbCommand({ library: restarted, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: noOwners }).run(ADMIN, {}, 'status');
    const fields = Object.fromEntries((reply.cards?.[0]?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields['Files left out now']).toContain('broken.md');
  });

  it('/kb add in the console points to npm run kb -- add', async () => {
    const fetcher = vi.fn(serving(RAW_ARTICLE));
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [ADMIN.userId], fetchAttachment: fetcher });
    await expect(kbCommand.run({ ...ADMIN, guildId: null }, { file: 'laredo.txt' }, 'add')).rejects.toThrow(/npm run kb -- add <file>[\s\S]*Nothing was added/);
    expect(fetcher).not.toHaveBeenCalled();
  });
});
