/**
 * `npm run -s ask -- "<query>"`: the cited answer for a person.
 * `--json --limit 5 "<query>"`: one JSON object {query, results: [hit…]}.
 * `--json --stdin`: one query a line in, one JSON object a line out, in order.
 * `--knowledge DIR` (or KNOWLEDGE_DIR) reads another knowledge folder. A query is at most
 * QUERY_MAX_LENGTH (200) characters, as in /fentanyl. Bad arguments: one line, the usage, exit 2.
 */
import { createInterface } from 'node:readline';
import { formatCitation } from '../shared/citation.ts';
import { formatProblem } from '../kb/check.ts';
import { toText } from '../console/render.ts';
import { KnowledgeFolderError, loadKnowledge } from '../knowledge/loader.ts';
import { SearchIndex } from '../search/search-index.ts';
import type { SearchResult } from '../search/types.ts';
import { QUERY_MAX_LENGTH } from '../commands/query-limit.ts';
import { parseCommandLine, usageError } from './args.ts';
import { configOrExit, fail } from './fail.ts';
import { missingLines } from '../commands/fentanyl.ts';

const USAGE = 'usage: npm run -s ask -- [--json] [--limit N] [--knowledge DIR] (--stdin | "<query>")';

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine(USAGE, {
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      limit: { type: 'string', default: '3' },
      stdin: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const limit = Number(values.limit);
  if (!/^\d+$/.test(values.limit) || limit < 1 || limit > 50) usageError(`--limit must be a whole number from 1 to 50.`, USAGE);
  const query = positionals.join(' ').trim();
  if (values.stdin && query) usageError('Give a query or --stdin, not both.', USAGE);
  if (!values.stdin && !query) usageError('Give a query, or --stdin.', USAGE);
  if (query.length > QUERY_MAX_LENGTH) usageError(`The query is ${query.length} characters; the limit is ${QUERY_MAX_LENGTH}.`, USAGE);

  const dir = values.knowledge ?? configOrExit().knowledgeDir;
  const { documents, aliases, problems } = await loadKnowledge(dir);
  if (problems.length) {
    fail(`The knowledge folder ${dir} has problems:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`);
  }
  if (documents.length === 0) fail(`The knowledge folder ${dir} holds no documents.`);
  const index = SearchIndex.build(documents, aliases);
  const answer = (text: string) => index.search(text, { limit });

  if (values.stdin) {
    for await (const line of createInterface({ input: process.stdin, terminal: false })) {
      const text = line.trim();
      if (!text) continue;
      // One answer a line, in order: an over-long line gets an error object, not a cut query.
      if (text.length > QUERY_MAX_LENGTH) console.log(JSON.stringify({ query: text, results: [], error: `longer than ${QUERY_MAX_LENGTH} characters` }));
      else console.log(JSON.stringify(toJson(answer(text))));
    }
    return;
  }
  const result = answer(query);
  console.log(values.json ? JSON.stringify(toJson(result), null, 2) : forPerson(result));
}

const toJson = (result: SearchResult) => ({ query: result.query, results: result.hits });

function forPerson(result: SearchResult): string {
  if (result.hits.length === 0) {
    const hint = result.suggestions.length ? `\nTry: ${result.suggestions.join(', ')}` : '';
    const missing = missingLines(result, (text) => text).map((line) => `\n${line}`).join('');
    return `Nothing in the knowledge base covers “${result.query}”.${missing}${hint}`;
  }
  const body = result.hits.map((hit) => `[${hit.rank}] ${hit.snippet}\n    ${formatCitation(hit.citation)}`).join('\n\n');
  return toText({ content: `${body}\n\n${result.total} passages matched in ${result.documents} documents.` }, { color: process.stdout.isTTY });
}

main().catch((error: unknown) => {
  if (error instanceof KnowledgeFolderError) fail(error.message);
  throw error;
});
