import { prepareDocument } from '../../src/kb/add-document.ts';
import { MAX_SOURCE_BYTES } from '../../src/kb/source-file.ts';
import { parseDocument } from '../../src/knowledge/loader.ts';
import { toPassages } from '../../src/knowledge/passages.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import type { Section } from './section.ts';

/**
 * Files at the upload limit (1 MB) that once froze the bot beside a normal article of the
 * same size: the time to curate (`kb add`), load (parse and passages), index, and answer
 * one query over the file's own index.
 */
export const pathologicalSection: Section = {
  title: 'Pathological 1 MB knowledge files',
  async run({ documents }) {
    const size = MAX_SOURCE_BYTES - 4096;
    const fill = (unit: string) => unit.repeat(Math.floor(size / unit.length));
    const normal = documents.flatMap((document) => document.paragraphs).join('\n\n');
    const inputs: Record<string, string> = {
      'normal article (real paragraphs repeated)': fill(`${normal}\n\n`),
      '"U.S. " repeated, no sentence end': fill('U.S. '),
      'one word, no space': fill('a'),
      'one run of spaces': `a${fill(' ')}b`,
      'periods only': fill('.'),
    };
    const rows: Record<string, unknown>[] = [];
    const lines = ['| Input | kb add (ms) | load (ms) | passages | longest | index (ms) | query (ms) |', '|---|---|---|---|---|---|---|'];
    for (const [name, body] of Object.entries(inputs)) {
      const time = <T>(work: () => T): [T, number] => {
        const started = performance.now();
        const result = work();
        return [result, performance.now() - started];
      };
      const [, addMs] = time(() => prepareDocument({ name: 'bench.txt', text: `A title for the benchmark\n\n${body}\n`, metadata: { title: 'Benchmark input' } }));
      const [passages, loadMs] = time(() => {
        const parsed = parseDocument('bench.md', `---\nid: bench-doc\ntitle: Bench\npublisher: null\npublished: null\norigin: bench.txt\n---\n${body}\n`);
        if (!('document' in parsed)) throw new Error(JSON.stringify(parsed.problems));
        return { document: parsed.document, passages: toPassages(parsed.document) };
      });
      const [index, indexMs] = time(() => SearchIndex.build([passages.document], { groups: [] }));
      const [, queryMs] = time(() => index.search('fentanyl seizures at the border'));
      const longest = Math.max(...passages.passages.map((passage) => passage.text.length));
      rows.push({ name, addMs, loadMs, passages: passages.passages.length, longest, indexMs, queryMs });
      lines.push(`| ${name} | ${addMs.toFixed(0)} | ${loadMs.toFixed(0)} | ${passages.passages.length} | ${longest} | ${indexMs.toFixed(0)} | ${queryMs.toFixed(1)} |`);
    }
    return { text: lines.join('\n'), json: { pathological: rows } };
  },
};
