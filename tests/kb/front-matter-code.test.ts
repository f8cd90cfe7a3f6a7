import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKbCommand } from '../../src/commands/kb.ts';
import { attachmentOption } from '../../src/kb/attachment.ts';
import { prepareDocument } from '../../src/kb/add-document.ts';
import { parseDocument } from '../../src/knowledge/loader.ts';
import { Library } from '../../src/library.ts';
import { ADMIN, listing, runKbCli, tempKnowledge, type TempKnowledge } from './helpers.ts';


declare global {
  var __kbFrontMatterRan: boolean | undefined;
}

let kb: TempKnowledge;
let marker: string;
beforeEach(async () => {
  kb = await tempKnowledge();
  marker = path.join(kb.root, 'code-ran');
  globalThis.__kbFrontMatterRan = undefined;
});
afterEach(async () => {
  globalThis.__kbFrontMatterRan = undefined;
  await kb.cleanup();
});

/**
 * A knowledge file whose front matter is JavaScript: evaluated, it sets a global and writes
 * a marker file (in a child process only the file can tell), then returns valid metadata.
 */
function payload(language = 'js'): string {
  return [
    `---${language}`,
    `({ id: (globalThis.__kbFrontMatterRan = true, require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'js-front-matter'),`,
    `  title: 'Code in front matter', publisher: null, published: null, origin: 'x.txt', topics: ['fixtures'] })`,
    '---',
    'Officers seized pills at the fixture crossing on Tuesday.',
    '',
  ].join('\n');
}

function expectNothingRan(): void {
  expect(globalThis.__kbFrontMatterRan).toBeUndefined();
  expect(existsSync(marker)).toBe(false);
}

const kbCli = (...args: string[]) => runKbCli(kb, { KNOWLEDGE_DIR: kb.dir }, ...args);

describe('front matter is YAML data, never code', () => {
  it('the parser refuses any language tag after --- (js, javascript, coffee, even yaml), naming the file', () => {
    for (const language of ['js', 'javascript', ' js', 'coffee', 'yaml', 'json']) {
      const result = parseDocument('evil.md', payload(language));
      expect(result).toEqual({ problems: [{ file: 'evil.md', field: 'front matter', message: expect.stringContaining('only YAML front matter is accepted') }] });
    }
    expectNothingRan();
  });

  it('a reload (and start-up) reports the file and evaluates nothing', async () => {
    await writeFile(path.join(kb.dir, 'evil.md'), payload());
    const library = await Library.open(kb.dir);
    expect(library.startupProblems.map((problem) => problem.file)).toEqual(['evil.md']);
    const report = await library.reload({ trigger: 'command', by: { id: null, name: 'test' } });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ file: 'evil.md', field: 'front matter' })]);
    expect(library.index.document('js-front-matter')).toBeUndefined();
    expectNothingRan();
  });

  it('/kb add refuses it as .md and as .txt, and evaluates nothing', async () => {
    const library = await Library.open(kb.dir);
    const before = await listing(kb.dir);
    for (const name of ['evil.md', 'evil.txt']) {
      const kbCommand = createKbCommand({ library, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], fetchAttachment: async () => new TextEncoder().encode(payload()) });
      const option = attachmentOption({ url: 'https://cdn.example/evil', name, size: payload().length, contentType: 'text/plain' });
      await expect(kbCommand.run(ADMIN, { file: option }, 'add')).rejects.toThrow(/only YAML front matter is accepted[\s\S]*Nothing was added/);
    }
    expect(() => prepareDocument({ name: 'evil.txt', text: payload('javascript') })).toThrow(/only YAML/);
    expect(await listing(kb.dir)).toEqual(before);
    expectNothingRan();
  });

  it('npm run kb -- check and -- add refuse it, and evaluate nothing (in their own process)', async () => {
    const source = path.join(kb.root, 'evil.txt');
    await writeFile(source, payload());
    const added = await kbCli('add', source, '--knowledge', kb.dir);
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/Not added: .*only YAML front matter is accepted/s);
    expect(existsSync(marker)).toBe(false);

    await writeFile(path.join(kb.dir, 'evil.md'), payload());
    const checked = await kbCli('check', '--knowledge', kb.dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('evil.md · front matter: opens with "---js": only YAML front matter is accepted');
    expectNothingRan();
  });
});
