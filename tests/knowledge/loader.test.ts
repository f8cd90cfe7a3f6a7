import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeFolderError, loadKnowledge } from '../../src/knowledge/loader.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kb-loader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const front = (fields: Record<string, string>) =>
  `---\n${Object.entries({ id: 'good-doc', title: '"A good document"', publisher: 'null', authors: '[]', published: '"2023-03-23"', url: 'null', origin: 'seed.txt', topics: '["cartels"]', ...fields })
    .filter(([, value]) => value !== undefined && value !== '<omit>')
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\n---\n`;
const write = (name: string, text: string) => writeFile(path.join(dir, name), text);

describe('loadKnowledge', () => {
  it('loads a valid document with its paragraphs, and skips README.md', async () => {
    await write('good.md', `${front({})}First paragraph.\n\nSecond paragraph\nwrapped over two lines.\n`);
    await write('README.md', '# Curation rules\n');
    const { documents, problems } = await loadKnowledge(dir);
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ id: 'good-doc', title: 'A good document', publisher: null, published: '2023-03-23', file: 'good.md' });
    expect(documents[0]!.paragraphs).toEqual(['First paragraph.', 'Second paragraph wrapped over two lines.']);
  });

  it('names the file, the field and the problem for each bad file, and keeps the good ones', async () => {
    await write('good.md', `${front({})}Text.\n`);
    await write('no-title.md', `${front({ id: 'no-title', title: '<omit>' })}Text.\n`);
    await write('bad-date.md', `${front({ id: 'bad-date', published: '"2023-02-30"' })}Text.\n`);
    await write('empty.md', `${front({ id: 'empty-body' })}\n\n`);
    await write('good2.md', `${front({ id: 'good-doc' })}Other text.\n`);
    await write('yaml.md', '---\ntitle: "unclosed\n---\nText.\n');
    await write('bare.md', 'Just text, no front matter.\n');
    await write('extra.md', `${front({ id: 'extra-key', rating: '5' })}Text.\n`);
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((document) => document.file)).toEqual(['good.md']);
    const byFile = Object.fromEntries(problems.map((problem) => [problem.file, problem]));
    expect(byFile['no-title.md']).toMatchObject({ field: 'title', message: 'is required' });
    expect(byFile['bad-date.md']).toMatchObject({ field: 'published', message: expect.stringMatching(/calendar date/) });
    expect(byFile['empty.md']).toMatchObject({ field: 'body', message: expect.stringMatching(/empty/) });
    expect(byFile['good2.md']).toMatchObject({ field: 'id', message: expect.stringMatching(/duplicates the id "good-doc" of good\.md/) });
    expect(byFile['yaml.md']).toMatchObject({ field: 'front matter', message: expect.stringMatching(/not valid YAML/) });
    expect(byFile['bare.md']).toMatchObject({ field: 'front matter', message: expect.stringMatching(/missing/) });
    expect(byFile['extra.md']?.message).toMatch(/rating/);
  });

  it('reads search terms for the paragraph they name by its first words, and names the entry whose words start none', async () => {
    const terms = '\n  - starts: "Second paragraph"\n    terms: ["sitdown", "who gets caught"]';
    await write('terms.md', `${front({ search_terms: terms })}First paragraph.\n\nSecond paragraph\nwrapped.\n`);
    await write('stale.md', `${front({ id: 'stale-terms', search_terms: '\n  - starts: "A paragraph since rewritten"\n    terms: ["sitdown"]' })}Other text.\n`);
    await write('empty-terms.md', `${front({ id: 'empty-terms', search_terms: '\n  - starts: "Third"\n    terms: []' })}Third text.\n`);
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((document) => document.id)).toEqual(['good-doc']);
    expect(documents[0]!.search_terms).toEqual([{ starts: 'Second paragraph', terms: ['sitdown', 'who gets caught'] }]);
    const byFile = Object.fromEntries(problems.map((problem) => [problem.file, problem]));
    expect(byFile['stale.md']).toMatchObject({ field: 'search_terms.0.starts', message: expect.stringMatching(/matches no paragraph/) });
    expect(byFile['empty-terms.md']).toMatchObject({ field: 'search_terms.0.terms' });
  });

  it('says plainly what is wrong with search terms of the wrong shape, one problem per field', async () => {
    await write('number.md', `${front({ id: 'number-terms', search_terms: '\n  - starts: "Text"\n    terms: 5' })}Text one.\n`);
    await write('list-starts.md', `${front({ id: 'list-starts', search_terms: '\n  - starts: [1, 2]\n    terms: "a"' })}Text two.\n`);
    const { problems } = await loadKnowledge(dir);
    expect(problems).toEqual([
      { file: 'list-starts.md', field: 'search_terms.0.starts', message: 'must be text, not a list' },
      { file: 'number.md', field: 'search_terms.0.terms', message: expect.stringMatching(/^must be terms separated by ";"/) },
    ]);
  });

  it('reads search terms written as one string, separated by semicolons, like a list', async () => {
    await write('terms.md', `${front({ search_terms: '\n  - starts: "First"\n    terms: "sitdown;  top ask ; who gets caught;"' })}First paragraph.\n`);
    const { documents, problems } = await loadKnowledge(dir);
    expect(problems).toEqual([]);
    expect(documents[0]!.search_terms).toEqual([{ starts: 'First', terms: ['sitdown', 'top ask', 'who gets caught'] }]);
  });

  it('refuses search terms whose first words start several paragraphs, rather than copying them to each', async () => {
    await write('broad.md', `${front({ id: 'broad-terms', search_terms: '\n  - starts: "The"\n    terms: ["sitdown"]' })}The first.\n\nThe second.\n`);
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents).toEqual([]);
    expect(problems).toEqual([{ file: 'broad.md', field: 'search_terms.0.starts', message: expect.stringMatching(/starts more than one paragraph/) }]);
  });

  it('keeps an unquoted date as written: a real one loads, an impossible one is a problem, never a shifted day', async () => {
    await write('plain.md', `${front({ id: 'plain-date', published: '2023-03-23' })}Text one.\n`);
    await write('impossible.md', `${front({ id: 'impossible-date', published: '2023-02-30' })}Text two.\n`);
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((document) => [document.id, document.published])).toEqual([['plain-date', '2023-03-23']]);
    expect(problems).toEqual([{ file: 'impossible.md', field: 'published', message: expect.stringMatching(/calendar date/) }]);
  });

  it('tells a field of the wrong type from a missing one, and reads a bare year as a year', async () => {
    await write('typed.md', `${front({ id: 'typed-wrong', title: '123', topics: 'fentanyl' })}Text one.\n`);
    await write('year.md', `${front({ id: 'bare-year', published: '2023' })}Text two.\n`);
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((document) => [document.id, document.published])).toEqual([['bare-year', '2023']]);
    const typed = problems.filter((problem) => problem.file === 'typed.md');
    expect(typed.map((problem) => problem.field).sort()).toEqual(['title', 'topics']);
    expect(typed.find((problem) => problem.field === 'title')?.message).toBe('must be text, not the number 123');
    expect(typed.find((problem) => problem.field === 'topics')?.message).toMatch(/^must be a list.*not the text "fentanyl"$/);
  });

  it('refuses a second copy of the same text under another id', async () => {
    await write('a.md', `${front({ id: 'copy-one' })}Same words.\n`);
    await write('b.md', `${front({ id: 'copy-two' })}Same   words.\n`);
    const { problems } = await loadKnowledge(dir);
    expect(problems).toEqual([{ file: 'b.md', field: 'body', message: 'has the same text as a.md' }]);
  });

  it('reports a broken alias table without losing the documents', async () => {
    await write('good.md', `${front({})}Text.\n`);
    await write('aliases.json', '{"groups": [["lonely"]]}');
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'aliases.json', field: 'groups.0' });
  });

  it('fails clearly for a folder that does not exist', async () => {
    await expect(loadKnowledge(path.join(dir, 'missing'))).rejects.toThrow(KnowledgeFolderError);
    await expect(loadKnowledge(path.join(dir, 'missing'))).rejects.toThrow(/does not exist/);
  });
});
