import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';
import { addArticle, type AddResult } from '../kb/add-article.ts';
import { readLocalFile, readWebPage } from '../kb/article-sources.ts';
import { checkKnowledge, formatProblem } from '../kb/check.ts';
import { checkFeedUrl, pollFeeds } from '../kb/feeds.ts';
import { approveCandidate, rejectCandidate, summarise } from '../kb/review.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../kb/safe-fetch.ts';
import { AddRefusedError } from '../kb/source-file.ts';
import { Library } from '../library.ts';
import type { Actor } from '../knowledge/reload-report.ts';
import { FeedStore } from '../store/feeds.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { KbAuditStore } from '../store/kb-audit.ts';
import { parseCommandLine } from './args.ts';

/** Exit codes: 0 done, 1 refused or problems found, 2 the command line or the configuration is wrong. */
const USAGE = `Usage:
  npm run kb -- add <file.txt|file.md> [--title T] [--publisher P] [--date YYYY-MM-DD] [--url URL] [--topics "a, b"] [--knowledge DIR]
  npm run kb -- add --url URL [--title T] [--publisher P] [--date YYYY-MM-DD] [--topics "a, b"] [--knowledge DIR]
  npm run kb -- check [--knowledge DIR]
  npm run kb -- feeds add <URL> | feeds remove <URL> | feeds list | feeds poll [--json]
  npm run kb -- review list [--json] [--all] | review approve <id> | review reject <id>

add     curate a raw article, or the article of a web page, into the knowledge folder
        (refuses a duplicate id, address or text). With a file, --url records where it was
        published; without one, the page at --url is fetched (public addresses only unless
        KB_FETCH_ALLOW_PRIVATE=true).
check   validate every file of the knowledge folder; exits 1 with the list of problems.
feeds   the RSS/Atom feeds polled for new articles; poll fetches each new item, scores it
        against the knowledge base and queues it for review (off-topic ones are kept apart).
review  the queue of candidates from feeds: list (most relevant first; --all adds the off-topic
        ones), approve (curated into the knowledge folder), reject (never queued again).
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
      json: { type: 'boolean' },
      all: { type: 'boolean' },
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

  if (command === 'feeds' || command === 'review') {
    const [action, argument, ...extra] = rest;
    if (extra.length) throw new UsageError(`${command} ${action ?? ''} takes at most one argument.`);
    return withStore(config.dataDir, (db) => (command === 'feeds' ? feeds(db, action, argument) : review(db, action, argument)));
  }

  async function feeds(db: Db, action: string | undefined, url: string | undefined): Promise<number> {
    const store = new FeedStore(db);
    const policy = fetchPolicy(config);
    if (action === 'list') {
      const list = store.feeds();
      if (values.json) console.log(JSON.stringify({ feeds: list.map((feed) => ({ url: feed.url, lastPolledAt: feed.lastPolledAt?.toISOString() ?? null, lastError: feed.lastError })) }));
      else if (!list.length) console.log('No feeds. Add one with: npm run kb -- feeds add <URL>');
      else for (const feed of list) console.log(`${feed.url}  · last polled ${feed.lastPolledAt?.toISOString() ?? 'never'}${feed.lastError ? ` · last error: ${feed.lastError}` : ''}`);
      return 0;
    }
    if (action === 'poll') {
      const library = await Library.open(knowledgeDir);
      const report = await pollFeeds(store, library, policy);
      if (values.json) {
        console.log(JSON.stringify({ feeds: report.feeds.map((poll) => ({ url: poll.url, status: poll.status, error: poll.error ?? null, items: poll.items, queued: poll.queued.map(summarise), skipped: poll.skipped })) }));
      } else {
        for (const poll of report.feeds) {
          const outcome = poll.status === 'failed' ? `failed: ${poll.error}` : poll.status === 'not-modified' ? 'not modified' : `${poll.items} items, ${poll.queued.filter((candidate) => candidate.status === 'pending').length} queued, ${poll.queued.filter((candidate) => candidate.status === 'off-topic').length} off-topic`;
          console.log(`${poll.url}: ${outcome}`);
        }
      }
      return report.feeds.some((poll) => poll.status === 'failed') ? 1 : 0;
    }
    if (action !== 'add' && action !== 'remove') throw new UsageError('Use feeds add <URL>, feeds remove <URL>, feeds list or feeds poll.');
    if (!url) throw new UsageError(`feeds ${action} takes the feed's URL.`);
    if (action === 'remove') {
      const removed = store.removeFeed(url) || store.removeFeed(new URL(url, 'http://invalid').href);
      if (removed) console.log(`Removed ${url}; its candidates stay in the review queue.`);
      else console.error(`${url} is not a feed here; \`feeds list\` shows them.`);
      return removed ? 0 : 1;
    }
    try {
      const checked = checkFeedUrl(url, policy);
      console.log(store.addFeed(checked, cliActor()) ? `Added ${checked}; it is polled every ${config.kbFetch?.feedPollMinutes ?? 60} minutes by the bot, or now with: npm run kb -- feeds poll` : `${checked} is already a feed.`);
      return 0;
    } catch (error) {
      if (!(error instanceof AddRefusedError)) throw error;
      console.error(`Not added: ${error.message}`);
      return 1;
    }
  }

  async function review(db: Db, action: string | undefined, idText: string | undefined): Promise<number> {
    const store = new FeedStore(db);
    if (action === 'list') {
      const queue = store.queue({ includeOffTopic: values.all === true }).map(summarise);
      if (values.json) console.log(JSON.stringify({ candidates: queue }));
      else if (!queue.length) console.log('The review queue is empty.');
      else for (const entry of queue) console.log(`${entry.id}  ${entry.relevance.toFixed(2)}  ${entry.status === 'off-topic' ? '(off-topic) ' : ''}${entry.title} · ${entry.publisher ?? 'publisher not stated'} · ${entry.published ?? 'date not stated'} · ${entry.url}`);
      return 0;
    }
    if (action !== 'approve' && action !== 'reject') throw new UsageError('Use review list, review approve <id> or review reject <id>.');
    const id = Number(idText);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`review ${action} takes a candidate id (a number from review list).`);
    const audit = new KbAuditStore(db);
    const result = action === 'approve' ? await approveCandidate(store, { knowledgeDir, audit, by: cliActor() }, id) : rejectCandidate(store, cliActor(), id);
    if (result.status === 'refused') {
      console.error(`Not ${action === 'approve' ? 'approved' : 'rejected'}: ${result.message}`);
      return 1;
    }
    if (result.status === 'rejected') {
      console.log(`Rejected candidate ${id} (${result.candidate.title}); later polls will not queue it again.`);
      return 0;
    }
    console.log(`Approved candidate ${id}.`);
    return printAdd(result.add, knowledgeDir);
  }

  throw new UsageError(`Unknown command "${command}".`);
}

/** Run with the bot's store open (feeds and the review queue live there). */
async function withStore<T>(dataDir: string, run: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(dataDir);
  try {
    return await run(db);
  } finally {
    db.close();
  }
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
