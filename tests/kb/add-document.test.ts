import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDocument, prepareDocument, slugify } from '../../src/kb/add-document.ts';
import { AddRefusedError, MAX_SOURCE_BYTES, decodeSource } from '../../src/kb/source-file.ts';
import { splitFrontMatter } from '../../src/knowledge/front-matter.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { NEW_DOCUMENT, RAW_ARTICLE, listing, tempKnowledge, type TempKnowledge } from './helpers.ts';

let kb: TempKnowledge;
beforeEach(async () => {
  kb = await tempKnowledge();
});
afterEach(async () => {
  await kb.cleanup();
});

const refused = (promise: Promise<unknown>, message: RegExp) => expect(promise).rejects.toThrow(expect.objectContaining({ name: 'AddRefusedError', message: expect.stringMatching(message) }));

describe('slugify', () => {
  it('folds accents and punctuation into a lowercase slug, cut at a word', () => {
    expect(slugify('Mexico’s López Obrador: “No fentanyl here!”')).toBe('mexicos-lopez-obrador-no-fentanyl-here');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('a'.repeat(100))).toHaveLength(64);
    expect(slugify('word '.repeat(30)).length).toBeLessThanOrEqual(64);
    expect(slugify("Mexico's foreign minister says US citizens main source of fentanyl trafficking")).toBe('mexicos-foreign-minister-says-us-citizens-main-source');
  });
});

describe('prepareDocument', () => {
  it('curates a raw article: front matter from the stated metadata, chrome dropped, nothing invented', () => {
    const prepared = prepareDocument({ name: 'laredo.txt', text: RAW_ARTICLE, metadata: { publisher: 'Border Herald', topics: 'Seizures, laredo' } });
    const split = splitFrontMatter(prepared.source);
    if (split.kind !== 'yaml') throw new Error('no front matter');
    const { data, body: content } = split;
    // Byline and dateline are read off the page; the url it does not state stays null.
    expect(data).toMatchObject({ id: prepared.id, origin: 'laredo.txt', publisher: 'Border Herald', authors: ['Jane Roe'], published: '2024-04-04', url: null, topics: ['seizures', 'laredo'] });
    expect(prepared.document.paragraphs).toHaveLength(3);
    expect(prepared.file).toBe(`${prepared.id}.md`);
    expect(prepared.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(content).toContain('xylocaine compound mixed with fentanyl');
    expect(content).not.toMatch(/IMG|Leave a Reply|Home \/ News/);
    expect(prepared.removedLines).toBeGreaterThan(0);
  });

  it('takes the title, publisher, date and url given, and leaves unknown ones null', () => {
    const prepared = prepareDocument({
      name: 'laredo.txt',
      text: RAW_ARTICLE,
      metadata: { title: 'Laredo pills', publisher: 'Border Herald', date: '2024-04', url: 'https://example.org/laredo' },
    });
    expect(prepared.document).toMatchObject({ id: 'laredo-pills', title: 'Laredo pills', publisher: 'Border Herald', published: '2024-04', url: 'https://example.org/laredo' });
    const bare = prepareDocument({ name: 'bare.txt', text: 'A title line\n\nOne paragraph of text that says something about the border.\n' , metadata: { title: 'Bare article' } });
    expect(bare.document).toMatchObject({ publisher: null, url: null });
  });

  it('accepts a ready knowledge file (.md with front matter) as it is', () => {
    const prepared = prepareDocument({ name: NEW_DOCUMENT.name, text: NEW_DOCUMENT.text });
    expect(prepared).toMatchObject({ id: NEW_DOCUMENT.id, file: NEW_DOCUMENT.name, removedLines: 0 });
    expect(prepared.document.paragraphs).toHaveLength(2);
  });

  it('refuses a bad date or url, naming the option', () => {
    expect(() => prepareDocument({ name: 'a.txt', text: RAW_ARTICLE, metadata: { date: '23/03/2023' } })).toThrow(/^The date must be an ISO date/);
    expect(() => prepareDocument({ name: 'a.txt', text: RAW_ARTICLE, metadata: { url: 'javascript:alert(1)' } })).toThrow(/url must be an http/);
  });
});

describe('addDocument', () => {
  it('writes the curated file into the folder, atomically, and it loads', async () => {
    const before = await listing(kb.dir);
    const added = await addDocument(kb.dir, { name: 'laredo.txt', text: RAW_ARTICLE, metadata: { title: 'Laredo pills' } });
    expect(added.path).toBe(path.join(kb.dir, 'laredo-pills.md'));
    expect(await listing(kb.dir)).toEqual([...before, 'laredo-pills.md'].sort());
    expect(await readFile(added.path, 'utf8')).toBe(added.source);
    const { documents, problems } = await loadKnowledge(kb.dir);
    expect(problems).toEqual([]);
    expect(documents.find((document) => document.id === 'laredo-pills')?.paragraphs).toEqual(added.document.paragraphs);
  });

  it('refuses names that try to be paths, and writes nothing anywhere', async () => {
    const before = await listing(kb.dir);
    const parent = await listing(kb.root);
    for (const name of ['../../evil.txt', '..\\evil.txt', '/etc/passwd.txt', 'sub/dir.md', '.hidden.md', '..', 'a\u0000b.txt', 'line\nbreak.txt']) {
      await refused(addDocument(kb.dir, { name, text: RAW_ARTICLE }), /not a plain file name|hidden file name/);
    }
    expect(await listing(kb.dir)).toEqual(before);
    expect(await listing(kb.root)).toEqual(parent);
  });

  it('keeps a hostile title inside the folder: the file is named after the slug', async () => {
    const added = await addDocument(kb.dir, { name: 'x.txt', text: RAW_ARTICLE, metadata: { title: '../../../etc/cron.d/evil' } });
    expect(path.dirname(added.path)).toBe(kb.dir);
    expect(added.file).toBe('etc-cron-d-evil.md');
  });

  it('refuses the wrong file types and binary content', async () => {
    const before = await listing(kb.dir);
    for (const name of ['article.pdf', 'article.docx', 'photo.png', 'article', 'article.md.exe']) {
      await refused(addDocument(kb.dir, { name, text: RAW_ARTICLE }), /not a \.txt or \.md file/);
    }
    expect(() => decodeSource(Uint8Array.from([0xff, 0xfe, 0x00, 0xd8]))).toThrow(AddRefusedError);
    expect(() => decodeSource(new TextEncoder().encode('PK\u0003\u0004\u0000binary'))).toThrow(/binary/);
    expect(await listing(kb.dir)).toEqual(before);
  });

  it('refuses an article over 1 MB, and writes nothing', async () => {
    const before = await listing(kb.dir);
    const huge = `${RAW_ARTICLE}\n\n${'More words about the border. '.repeat(Math.ceil(MAX_SOURCE_BYTES / 29))}`;
    await refused(addDocument(kb.dir, { name: 'huge.txt', text: huge }), /the limit is (1 MB|1,048,576 bytes)/);
    // Just over: exact bytes, not "1 MB; the limit is 1 MB".
    expect(() => decodeSource(new Uint8Array(MAX_SOURCE_BYTES + 1).fill(0x61))).toThrow(/is 1,048,577 bytes; the limit is 1,048,576 bytes/);
    expect(await listing(kb.dir)).toEqual(before);
  });

  it('refuses a duplicate: the same text under another name, or another text under the same id', async () => {
    await addDocument(kb.dir, { name: 'laredo.txt', text: RAW_ARTICLE, metadata: { title: 'Laredo pills' } });
    const after = await listing(kb.dir);
    await refused(addDocument(kb.dir, { name: 'copy.txt', text: RAW_ARTICLE, metadata: { title: 'Another title' } }), /same text is already in the knowledge base/);
    await refused(addDocument(kb.dir, { name: 'other.txt', text: 'Different\n\nEntirely different words about customs.\n', metadata: { title: 'Laredo pills' } }), /id "laredo-pills" already exists/);
    await refused(addDocument(kb.dir, { name: NEW_DOCUMENT.name, text: NEW_DOCUMENT.text.replace('kb-fixture-new', 'kb-fixture-border') }), /id "kb-fixture-border" already exists/);
    expect(await listing(kb.dir)).toEqual(after);
  });

  it('refuses the same article curated a little differently (a caption left in, a footer cut)', async () => {
    await addDocument(kb.dir, { name: 'laredo.txt', text: RAW_ARTICLE, metadata: { title: 'Laredo pills' } });
    const after = await listing(kb.dir);
    const variant = RAW_ARTICLE.replace('Officials said', 'Inspectors at the Laredo crossing on Tuesday\n\nOfficials said');
    await refused(addDocument(kb.dir, { name: 'variant.txt', text: variant, metadata: { title: 'Laredo pills, again' } }), /Most of this text is already in the knowledge base as "Laredo pills" \(laredo-pills\.md\): 3 of its paragraphs are the same/);
    expect(await listing(kb.dir)).toEqual(after);
  });

  it('lets only one of two simultaneous uploads of one article in', async () => {
    const results = await Promise.allSettled([
      addDocument(kb.dir, { name: 'one.txt', text: RAW_ARTICLE, metadata: { title: 'Laredo pills' } }),
      addDocument(kb.dir, { name: 'two.txt', text: RAW_ARTICLE, metadata: { title: 'Laredo pills again' } }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await listing(kb.dir)).filter((name) => name.startsWith('laredo'))).toHaveLength(1);
    expect((await listing(kb.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses when a file (even an unreadable one) already has the name, and leaves it alone', async () => {
    await mkdir(path.join(kb.dir, 'laredo-pills.md'));
    const before = await listing(kb.dir);
    await refused(addDocument(kb.dir, { name: 'laredo.txt', text: RAW_ARTICLE, metadata: { title: 'Laredo pills' } }), /already exists/);
    expect(await listing(kb.dir)).toEqual(before);
  });
});
