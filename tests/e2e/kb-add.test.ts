/**
 * `/kb add file:<attachment>` end to end: `src/main.ts` as a child process over a copy of the
 * knowledge folder, the attachment uploaded to the emulator, which puts it in
 * `data.resolved.attachments` and serves its bytes on loopback, so the bot's own HTTP download
 * runs. Every test compares the folder (and the folders above it) before and after.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentSpec, DiscordEmulator, InteractionHandle, StoredMessage } from './emulator/index.ts';
import { KNOWLEDGE_DIR, embedOf, query, startWiredBot, type WiredBot } from './bot-harness.ts';

/** A word no seed article uses, so only the added document can answer it. */
const MARKER = 'axolotl';
const TITLE = 'Detection dog finds fentanyl at Nogales crossing';
const DOC_ID = 'detection-dog-finds-fentanyl-at-nogales-crossing';
const PARAGRAPHS = [
  `Officers at the Nogales port of entry have trained a detection dog nicknamed ${MARKER} to find fentanyl pills hidden in passenger cars.`,
  'In its first week at the crossing the dog found fentanyl in four vehicles, according to Customs and Border Protection.',
  'The agency said it plans to add two more canine teams to the port before the end of the year.',
];
/** Page chrome curation must drop: a breadcrumb, an image line, a photo credit, a comment widget. */
const CHROME = ['Home / News', 'IMG', 'Photo: Customs and Border Protection', 'Leave a Reply'];
const RAW_ARTICLE = [CHROME[0], CHROME[1], CHROME[2], PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2], CHROME[3]].join('\n\n') + '\n';

interface Answer {
  ephemeral: boolean;
  text: string;
}

type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };
const textOf = (content: unknown, embeds: Embed[] | undefined) => {
  const embedText = (embeds ?? []).flatMap((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text]);
  return [content, ...embedText].filter(Boolean).join('\n');
};

/** The reply as the user sees it: the immediate answer (type 4), or the deferred one (type 5) once edited in. */
async function answerOf(handle: InteractionHandle): Promise<Answer> {
  const callback = await handle.callback({ timeoutMs: 10_000 });
  if (callback.type === 4) {
    return { ephemeral: (Number(callback.data?.['flags'] ?? 0) & MessageFlags.Ephemeral) !== 0, text: textOf(callback.data?.['content'], callback.data?.['embeds'] as Embed[] | undefined) };
  }
  expect(callback.type).toBe(5);
  const loaded = (message: StoredMessage) => ((message.flags ?? 0) & MessageFlags.Loading) === 0;
  const message = await handle.original({ timeoutMs: 15_000, where: loaded });
  return { ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0, text: textOf(message.content, message.embeds as Embed[]) };
}

/** Every entry below `dir`, hidden and temporary files included, as sorted relative paths. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('/kb add over the wire', () => {
  let wired: WiredBot;
  let emu: DiscordEmulator;
  /** root/outer/knowledge: `../../x` from the knowledge folder lands in `root`, which the test owns. */
  let root: string;
  let knowledge: string;

  const add = (file: AttachmentSpec, extra: { name: string; value: string }[] = [], user = emu.adminUser) => {
    const upload = emu.uploadAttachment(file);
    const handle = emu.dispatchChatInput({
      name: 'kb',
      user,
      options: [{ name: 'add', type: 1, options: [{ name: 'file', type: 11, value: upload.id }, ...extra.map((option) => ({ ...option, type: 3 }))] }],
    });
    return { upload, handle, answer: answerOf(handle) };
  };
  const downloadsOf = (attachmentId: string) => emu.cdnRequests.filter((request) => request.attachmentId === attachmentId);
  const ask = (text: string) => emu.dispatchChatInput({ name: 'fentanyl', user: emu.adminUser, options: [query(text)] }).callback();
  /** Documents in service, as `/kb status` reports them. */
  const documentsInService = async () => {
    const { text } = await answerOf(emu.dispatchChatInput({ name: 'kb', user: emu.adminUser, options: [{ name: 'status', type: 1 }] }));
    const count = /^Documents\n(\d+)$/m.exec(text)?.[1];
    if (count === undefined) throw new Error(`/kb status did not report a document count:\n${text}`);
    return Number(count);
  };

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'kb-add-e2e-'));
    knowledge = path.join(root, 'outer', 'knowledge');
    mkdirSync(path.dirname(knowledge));
    cpSync(KNOWLEDGE_DIR, knowledge, { recursive: true });
    wired = await startWiredBot({ KNOWLEDGE_DIR: knowledge });
    ({ emu } = wired);
  });

  afterAll(async () => {
    await wired?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('curates a raw .txt article into a new knowledge file, reloads (5 → 6), and /fentanyl cites it', async () => {
    const before = listing(knowledge);
    expect(before).not.toContain(`${DOC_ID}.md`);
    // Nothing answers the marker yet.
    const unanswered = await ask(MARKER);
    expect(textOf(unanswered.data?.['content'], unanswered.data?.['embeds'] as Embed[] | undefined)).not.toContain(TITLE);

    const { upload, answer } = add({ filename: 'nogales-dog.txt', content: RAW_ARTICLE }, [{ name: 'title', value: TITLE }]);
    const reply = await answer;
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain(`Added: ${TITLE}`);
    expect(reply.text).toMatch(/Documents: \*\*5 → 6\*\*/);
    expect(reply.text).toContain(`\`${DOC_ID}\``);
    expect(reply.text).toMatch(/Curation dropped 4 lines of page chrome/);
    // The bot fetched the file from the URL Discord gave it, once.
    expect(downloadsOf(upload.id).map((request) => [request.method, request.status, request.bytes])).toEqual([['GET', 200, upload.bytes]]);

    // Exactly one new file, named after the id, with front matter; the chrome is gone and the paragraphs are verbatim.
    expect(listing(knowledge)).toEqual([...before, `${DOC_ID}.md`].sort());
    const stored = readFileSync(path.join(knowledge, `${DOC_ID}.md`), 'utf8');
    expect(stored).toMatch(/^---\n/);
    expect(stored).toMatch(new RegExp(`^id: ${DOC_ID}$`, 'm'));
    expect(stored).toMatch(new RegExp(`^title: ['"]?${TITLE}['"]?$`, 'm'));
    expect(stored).toMatch(/^origin: nogales-dog\.txt$/m);
    for (const paragraph of PARAGRAPHS) expect(stored).toContain(paragraph);
    for (const chrome of CHROME) expect(stored.split('\n')).not.toContain(chrome);
    expect(stored).not.toMatch(/Photo:|Leave a Reply|Home \/ News|^IMG$/m);

    const cited = embedOf(await ask(MARKER));
    expect(cited.description).toContain(TITLE);
    expect(cited.description).toMatch(new RegExp(`\\*\\*${MARKER}\\*\\*`, 'i'));
    expect(await documentsInService()).toBe(6);
  });

  it('refuses the same article a second time, under the same title or another, and writes nothing', async () => {
    const before = listing(knowledge);
    const inService = await documentsInService();

    const sameTitle = await add({ filename: 'nogales-dog.txt', content: RAW_ARTICLE }, [{ name: 'title', value: TITLE }]).answer;
    expect(sameTitle.ephemeral).toBe(true);
    expect(sameTitle.text).toContain(DOC_ID);
    expect(sameTitle.text).toMatch(/already exists/);
    expect(sameTitle.text).toMatch(/Nothing was added/);

    // Another title makes another id: the text itself is what is recognised.
    const otherTitle = await add({ filename: 'copy-of-the-dog.txt', content: RAW_ARTICLE }, [{ name: 'title', value: 'A dog at the border' }]).answer;
    expect(otherTitle.text).toMatch(/same text is already in the knowledge base/);
    expect(otherTitle.text).toContain(TITLE);
    expect(otherTitle.text).toMatch(/Nothing was added/);

    expect(listing(knowledge)).toEqual(before);
    expect(await documentsInService()).toBe(inService);
  });

  it('refuses a PDF by its name and by its content type, and writes nothing', async () => {
    const before = listing(knowledge);
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n';

    const byName = await add({ filename: 'report.pdf', content: pdf }, [{ name: 'title', value: 'A PDF report on seizures' }]).answer;
    expect(byName.ephemeral).toBe(true);
    expect(byName.text).toMatch(/"report\.pdf" is not a \.txt or \.md file/);
    expect(byName.text).toMatch(/Nothing was added/);

    // A .txt name does not make a PDF text: Discord's content_type gives it away before any download.
    const disguised = add({ filename: 'report.txt', content: pdf, contentType: 'application/pdf' }, [{ name: 'title', value: 'A PDF report on seizures' }]);
    const byType = await disguised.answer;
    expect(byType.text).toMatch(/application\/pdf, not plain text/);
    expect(byType.text).toMatch(/Nothing was added/);
    expect(downloadsOf(disguised.upload.id)).toEqual([]);

    expect(listing(knowledge)).toEqual(before);
  });

  it('refuses a file declared over 1 MB before downloading it, and one whose download runs over 1 MB', async () => {
    const before = listing(knowledge);

    // The declared size is all it takes: the 1 KB behind it is never fetched.
    const declared = add({ filename: 'long-read.txt', content: RAW_ARTICLE.replace(MARKER, 'pangolin'), size: 5 * 1024 * 1024 }, [{ name: 'title', value: 'A very long read' }]);
    const tooBig = await declared.answer;
    expect(tooBig.ephemeral).toBe(true);
    expect(tooBig.text).toMatch(/The file is 5 MB; the limit is 1 MB/);
    expect(tooBig.text).toMatch(/Nothing was added/);
    expect(downloadsOf(declared.upload.id)).toEqual([]);

    // A size that understates the file cannot smuggle more than the limit in.
    const paragraph = 'Fentanyl seizures at the border rose again this month, officials said in a statement on Tuesday.\n\n';
    const oversized = paragraph.repeat(Math.ceil((1024 * 1024 + 1) / paragraph.length));
    const understated = add({ filename: 'understated.txt', content: oversized, size: 1000 }, [{ name: 'title', value: 'An understated file' }]);
    const refused = await understated.answer;
    expect(refused.text).toMatch(/the limit is (1 MB|1,048,576 bytes)|larger than the limit of 1 MB/);
    expect(refused.text).toMatch(/Nothing was added/);
    expect(downloadsOf(understated.upload.id)).toHaveLength(1);

    expect(listing(knowledge)).toEqual(before);
  });

  it('refuses a file name that is a path, and writes nothing inside or outside the folder', async () => {
    const before = listing(knowledge);
    const outside = listing(root);
    const escape = path.resolve(knowledge, '../../evil.txt');
    expect(path.dirname(escape)).toBe(root);

    const reply = await add({ filename: '../../evil.txt', content: RAW_ARTICLE.replace(MARKER, 'pangolin') }, [{ name: 'title', value: 'An evil twin of the dog story' }]).answer;
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/is not a plain file name/);
    expect(reply.text).toMatch(/Nothing was added/);

    expect(existsSync(escape)).toBe(false);
    expect(listing(root)).toEqual(outside);
    expect(listing(knowledge)).toEqual(before);
  });

  it('refuses a member without Manage Server, fetches nothing and writes nothing', async () => {
    const before = listing(knowledge);
    const inService = await documentsInService();
    const { upload, answer } = add({ filename: 'member-upload.txt', content: RAW_ARTICLE.replace(MARKER, 'pangolin') }, [{ name: 'title', value: 'A member tries to add an article' }], emu.memberUser);
    const reply = await answer;
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/Manage Server/);
    expect(reply.text).toMatch(/Nothing was changed/);
    expect(downloadsOf(upload.id)).toEqual([]);
    expect(listing(knowledge)).toEqual(before);
    expect(await documentsInService()).toBe(inService);
  });
});
