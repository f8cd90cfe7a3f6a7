import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.ts';

// The loader reads many files at once; these check that what it reports does not depend on that.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kb-loader-large-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const document = (id: string, body: string) =>
  `---\nid: ${id}\ntitle: "Title of ${id}"\npublisher: null\npublished: "2023-03-23"\nurl: null\norigin: seed.txt\ntopics: ["cartels"]\n---\n${body}`;
const write = (name: string, text: string) => writeFile(path.join(dir, name), text);

describe('loadKnowledge on a folder of many files', () => {
  it('gives documents and problems in file-name order, whatever order the reads finish in', async () => {
    const names = Array.from({ length: 60 }, (_, n) => `doc-${String(59 - n).padStart(2, '0')}.md`);
    // Files of very different sizes, written in reverse order, so reads finish out of order.
    await Promise.all(names.map((name, n) => write(name, document(name.slice(0, -3), `Paragraph ${n}. ${'Filler words here. '.repeat(n % 7 === 0 ? 4000 : 1)}\n`))));
    await write('doc-07-bad.md', document('doc-07-bad', '\n'));
    await write('doc-31-bad.md', '---\nid: doc-31-bad\n---\nText.\n');
    await write('doc-44z-copy.md', document('doc-44z-copy', 'Paragraph 15. Filler words here.\n'));
    const { documents, problems } = await loadKnowledge(dir);
    expect(documents.map((doc) => doc.file)).toEqual([...names].sort());
    expect(problems.map((problem) => `${problem.file} ${problem.field}`)).toEqual([
      'doc-07-bad.md body',
      'doc-31-bad.md title',
      'doc-31-bad.md publisher',
      'doc-31-bad.md published',
      'doc-31-bad.md origin',
      'doc-44z-copy.md body',
    ]);
    expect(problems.at(-1)).toEqual({ file: 'doc-44z-copy.md', field: 'body', message: 'has the same text as doc-44.md' });
  });

  it('reports the YAML error for every file with the same broken front matter', async () => {
    const broken = '---\ntitle: "unclosed\n---\nText.\n';
    await write('a.md', broken);
    await write('b.md', broken);
    const { problems } = await loadKnowledge(dir);
    expect(problems).toHaveLength(2);
    for (const problem of problems) expect(problem).toMatchObject({ field: 'front matter', message: expect.stringMatching(/not valid YAML/) });
  });

  it('counts texts differing only in case, line endings, tabs or runs of spaces as the same text', async () => {
    await write('a.md', document('copy-one', 'Same words\nover two lines.\n\nAnd a second paragraph.\n'));
    await write('b.md', document('copy-two', 'SAME\twords  over\r\n two lines.\r\n\r\n\r\nAnd a  second paragraph.\r\n'));
    await write('c.md', document('not-a-copy', 'Same words over two lines.\n'));
    const { documents, problems } = await loadKnowledge(dir);
    expect(problems).toEqual([{ file: 'b.md', field: 'body', message: 'has the same text as a.md' }]);
    expect(documents.map((doc) => doc.file)).toEqual(['a.md', 'c.md']);
  });
});
