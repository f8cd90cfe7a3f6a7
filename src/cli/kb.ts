import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';
import { KnowledgeFolderError } from '../knowledge/loader.ts';
import { toPassages } from '../knowledge/passages.ts';
import { addDocument } from '../kb/add-document.ts';
import { checkKnowledge, formatProblem } from '../kb/check.ts';
import { AddRefusedError, checkSourceName, decodeSource, MAX_SOURCE_BYTES, overLimit } from '../kb/source-file.ts';
import type { Actor } from '../library.ts';
import { openDatabase } from '../store/database.ts';
import { parseCommandLine } from './args.ts';
import { KbAuditStore, type KbEventInput } from '../store/kb-audit.ts';

/** Exit codes: 0 done, 1 refused or problems found, 2 the command line or the configuration is wrong. */
const USAGE = `Usage:
  npm run kb -- add <file.txt|file.md> [--title T] [--publisher P] [--date YYYY-MM-DD] [--url URL] [--topics "a, b"] [--knowledge DIR]
  npm run kb -- check [--knowledge DIR]

add     curate a raw article into the knowledge folder (refuses a duplicate id or text).
check   validate every file of the knowledge folder; exits 1 with the list of problems.
--knowledge DIR   the knowledge folder (default: KNOWLEDGE_DIR, else the project's knowledge/).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(USAGE, {
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
    for (const name of result.ignored) console.log(`note: ${name} ${name.startsWith('.') ? 'is a hidden file (its name starts with a dot)' : 'is not a .md document'} and is ignored`);
    if (result.problems.length) {
      console.error(`${knowledgeDir}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
      for (const problem of result.problems) console.error(`  ${formatProblem(problem)}`);
      return 1;
    }
    console.log(`${knowledgeDir}: OK, ${result.documents} documents, ${result.passages} passages, ${result.topics} topics`);
    return 0;
  }

  if (command === 'add') {
    if (rest.length !== 1) throw new UsageError('add takes exactly one file: npm run kb -- add <file.txt|file.md>');
    const file = path.resolve(rest[0]!);
    const by: Actor = { id: null, name: os.userInfo().username };
    const event = { action: 'add', trigger: 'cli', by, before: null, after: null } as const;
    const started = performance.now();
    try {
      const name = checkSourceName(path.basename(file));
      const size = (await stat(file)).size;
      if (size > MAX_SOURCE_BYTES) throw new AddRefusedError(`${name} ${overLimit(size, MAX_SOURCE_BYTES)}.`);
      const text = decodeSource(await readFile(file));
      const added = await addDocument(knowledgeDir, { name, text, metadata: { title: values.title, publisher: values.publisher, date: values.date, url: values.url, topics: values.topics } });
      const before = { documents: added.existing.length, passages: added.existing.reduce((sum, document) => sum + toPassages(document).length, 0) };
      const after = { documents: before.documents + 1, passages: before.passages + toPassages(added.document).length };
      audit(config.dataDir, { ...event, outcome: 'ok', docId: added.id, before, after, added: [added.id], durationMs: performance.now() - started });
      const meta = added.document;
      console.log(`Added ${added.path}`);
      console.log(`  id ${added.id} · "${meta.title}" · ${meta.paragraphs.length} paragraphs · ${added.removedLines} chrome lines dropped`);
      console.log(`  publisher ${meta.publisher ?? 'not stated'} · published ${meta.published ?? 'not stated'} · url ${meta.url ?? 'not stated'} · authors ${meta.authors.join(', ') || 'not stated'}`);
      if (meta.topics.length) console.log(`  topics ${meta.topics.join(', ')}`);
      else console.warn('Warning: no topics; add them (--topics "a, b") so /fentanyl can suggest the document and the briefing can rotate to it.');
      if (added.folderProblems.length) {
        console.warn(`Warning: other files of ${knowledgeDir} have problems; a reload will be refused until they are fixed:`);
        for (const problem of added.folderProblems) console.warn(`  ${formatProblem(problem)}`);
      }
      console.log('The running bot picks it up on /kb reload, SIGHUP (kill -HUP <pid>), or by itself with KB_WATCH=true.');
      return 0;
    } catch (error) {
      if (error instanceof AddRefusedError || error instanceof KnowledgeFolderError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        audit(config.dataDir, { ...event, outcome: 'refused', durationMs: performance.now() - started, message: (error as Error).message });
        console.error(`Not added: ${(error as Error).message}`);
        return 1;
      }
      throw error;
    }
  }

  throw new UsageError(`Unknown command "${command}".`);
}

/** Record in the bot's store; a store that cannot be opened does not undo the add, it is only reported. */
function audit(dataDir: string, event: KbEventInput): void {
  try {
    const db = openDatabase(dataDir);
    try {
      new KbAuditStore(db).record(event);
    } finally {
      db.close();
    }
  } catch (error) {
    console.warn(`Warning: not recorded in the audit trail (${dataDir}): ${(error as Error).message}`);
  }
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
