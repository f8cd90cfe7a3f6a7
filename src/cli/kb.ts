import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';
import { addArticle, type AddResult } from '../kb/add-article.ts';
import { readLocalFile, readWebPage } from '../kb/article-sources.ts';
import { checkKnowledge, formatProblem } from '../kb/check.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../kb/safe-fetch.ts';
import type { Actor } from '../library.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { KbAuditStore } from '../store/kb-audit.ts';

/** Exit codes: 0 done, 1 refused or problems found, 2 the command line or the configuration is wrong. */
const USAGE = `Usage:
  npm run kb -- add <file.txt|file.md> [--title T] [--publisher P] [--date YYYY-MM-DD] [--url URL] [--topics "a, b"] [--knowledge DIR]
  npm run kb -- add --url URL [--title T] [--publisher P] [--date YYYY-MM-DD] [--topics "a, b"] [--knowledge DIR]
  npm run kb -- check [--knowledge DIR]

add     curate a raw article, or the article of a web page, into the knowledge folder
        (refuses a duplicate id, address or text). With a file, --url records where it was
        published; without one, the page at --url is fetched (public addresses only unless
        KB_FETCH_ALLOW_PRIVATE=true).
check   validate every file of the knowledge folder; exits 1 with the list of problems.
--knowledge DIR   the knowledge folder (default: KNOWLEDGE_DIR, else the project's knowledge/).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      publisher: { type: 'string' },
      date: { type: 'string' },
      url: { type: 'string' },
      topics: { type: 'string' },
      knowledge: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  loadEnvFile();
  const config = loadConfig();
  const knowledgeDir = path.resolve(values.knowledge ?? config.knowledgeDir);

  if (command === 'check') {
    if (rest.length) throw new UsageError(`check takes no file (got ${rest.join(' ')}); use --knowledge DIR for another folder.`);
    const result = await checkKnowledge(knowledgeDir);
    for (const name of result.ignored) console.log(`note: ${name} is not a .md document and is ignored`);
    if (result.problems.length) {
      console.error(`${knowledgeDir}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
      for (const problem of result.problems) console.error(`  ${formatProblem(problem)}`);
      return 1;
    }
    console.log(`${knowledgeDir}: OK, ${result.documents} documents, ${result.passages} passages, ${result.topics} topics`);
    return 0;
  }

  if (command === 'add') {
    if (rest.length > 1 || (rest.length === 0 && !values.url)) throw new UsageError('add takes exactly one file, or --url URL alone: npm run kb -- add <file.txt|file.md> | add --url URL');
    const metadata = { title: values.title, publisher: values.publisher, date: values.date, topics: values.topics };
    // With a file, --url only records where it was published; alone, it is the page to fetch.
    const file = rest[0];
    const read = file
      ? () => readLocalFile(path.resolve(file), { ...metadata, url: values.url })
      : () => readWebPage(values.url!, fetchPolicy(config), metadata);
    const result = await withAudit(config.dataDir, (audit) => addArticle({ knowledgeDir, audit, by: cliActor(), trigger: 'cli' }, read));
    return printAdd(result, knowledgeDir);
  }

  throw new UsageError(`Unknown command "${command}".`);
}

/**
 * Run with the bot's audit store open. A store that cannot be opened does not stop the add;
 * it is only reported, and the add goes unrecorded.
 */
async function withAudit<T>(dataDir: string, run: (audit: KbAuditStore | null) => Promise<T>): Promise<T> {
  let db: Db | null = null;
  try {
    db = openDatabase(dataDir);
  } catch (error) {
    console.warn(`Warning: not recorded in the audit trail (${dataDir}): ${(error as Error).message}`);
  }
  try {
    return await run(db ? new KbAuditStore(db) : null);
  } finally {
    db?.close();
  }
}

const cliActor = (): Actor => ({ id: null, name: os.userInfo().username });

const fetchPolicy = (config: Config): FetchPolicy => ({ ...DEFAULT_FETCH_POLICY, allowPrivate: config.kbFetch?.allowPrivate ?? false });

/** An add's outcome on the terminal: exit 0 when added, 1 when refused. */
function printAdd(result: AddResult, knowledgeDir: string): number {
  if (result.status !== 'added') {
    const why = result.status === 'refused' ? result.message : `the folder would not load: ${result.reload.problems.map(formatProblem).join('; ')}`;
    console.error(`Not added: ${why}`);
    if (result.auditError) console.warn(`Warning: not recorded in the audit trail: ${result.auditError}`);
    return 1;
  }
  const meta = result.prepared.document;
  console.log(`Added ${result.path}`);
  console.log(`  id ${meta.id} · "${meta.title}" · ${meta.paragraphs.length} paragraphs · ${result.passages} passages · ${result.prepared.removedLines} chrome lines dropped`);
  console.log(`  publisher ${meta.publisher ?? 'not stated'} · published ${meta.published ?? 'not stated'} · url ${meta.url ?? 'not stated'} · authors ${meta.authors.join(', ') || 'not stated'}`);
  if (meta.topics.length) console.log(`  topics ${meta.topics.join(', ')}`);
  else console.warn('Warning: no topics; add them (--topics "a, b") so /fentanyl can suggest the document and the briefing can rotate to it.');
  if (result.folderProblems.length) {
    console.warn(`Warning: other files of ${knowledgeDir} have problems; a reload will be refused until they are fixed:`);
    for (const problem of result.folderProblems) console.warn(`  ${formatProblem(problem)}`);
  }
  if (result.auditError) console.warn(`Warning: not recorded in the audit trail: ${result.auditError}`);
  console.log('The running bot picks it up on /kb reload, SIGHUP (kill -HUP <pid>), or by itself with KB_WATCH=true.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
