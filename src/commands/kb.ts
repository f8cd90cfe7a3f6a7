import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { KnowledgeProblem } from '../knowledge/schema.ts';
import { addArticle, duplicateInService, type AddContext, type AddResult } from '../kb/add-article.ts';
import { preparedFromSource, type PreparedDocument } from '../kb/add-document.ts';
import { readAttachment, readWebPage } from '../kb/article-sources.ts';
import { formatDuration, plural } from '../kb/reload-summary.ts';
import { toPassages } from '../knowledge/passages.ts';
import { fetchAttachment, type AttachmentFetcher } from '../kb/attachment.ts';
import { checkFeedUrl } from '../kb/feeds.ts';
import { approveCandidate, rejectCandidate } from '../kb/review.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../kb/safe-fetch.ts';
import { AddRefusedError } from '../kb/source-file.ts';
import type { Library } from '../library.ts';
import type { Actor, KnowledgeCounts, ReloadReport, ReloadRequest, ReloadTrigger } from '../knowledge/reload-report.ts';
import type { ShardReloadOutcome } from '../knowledge/reload-report.ts';
import { escapeMarkdown, markdownUrl } from '../shared/markdown.ts';
import type { FeedStore } from '../store/feeds.ts';
import type { KbAuditStore, KbEvent } from '../store/kb-audit.ts';
import { formatDate } from '../shared/citation.ts';
import { UserError, type Reply, type ReplyButton, type ReplyCard } from '../shared/reply.ts';
import { decideKbAccess } from './kb-access.ts';
import type { Command, Invoker } from './types.ts';

const OK = 0x2f855a;
const REFUSED = 0xc53030;
const INFO = 0x2b6cb0;
/** Problems listed in one reply; the rest are counted (`npm run kb -- check` lists them all). */
const MAX_LISTED_PROBLEMS = 15;
const MAX_LISTED_IDS = 10;

export const definition = {
  name: 'kb',
  description: 'Knowledge-base administration: reload, add a document, status',
  // Hidden from members without Manage Server unless a server grants it; the handler checks again.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'reload', description: 'Re-read the knowledge folder and swap it in if every file is valid' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Add an article from a .txt/.md file or a web address (previewed before anything is written)',
      options: [
        { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The article as a .txt or .md file (or give its url instead)' },
        { type: ApplicationCommandOptionType.String, name: 'title', description: 'The article’s title, if the file does not state it (or states it wrongly)', max_length: 300 },
        { type: ApplicationCommandOptionType.String, name: 'publisher', description: 'Who published it, e.g. Reuters', max_length: 200 },
        { type: ApplicationCommandOptionType.String, name: 'date', description: 'Publication date: YYYY-MM-DD, YYYY-MM or YYYY', max_length: 10 },
        { type: ApplicationCommandOptionType.String, name: 'url', description: 'The article’s web address: fetched and previewed when no file is attached', max_length: 500 },
        { type: ApplicationCommandOptionType.String, name: 'topics', description: 'Comma-separated topics, e.g. fentanyl seizures, sinaloa cartel', max_length: 300 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Documents, passages, topics, and the last reload' },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'feeds',
      description: 'RSS/Atom feeds polled for new articles to review',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'add',
          description: 'Poll a feed for new articles',
          options: [{ type: ApplicationCommandOptionType.String, name: 'url', description: 'The feed’s address (RSS or Atom)', required: true, max_length: 500 }],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'remove',
          description: 'Stop polling a feed (its candidates stay in the queue)',
          options: [{ type: ApplicationCommandOptionType.String, name: 'url', description: 'The feed’s address', required: true, max_length: 500 }],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'The feeds polled, and when each was last read' },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'review', description: 'Page through articles from feeds: approve, reject or open each' },
  ],
} as const satisfies Command['definition'];

const AddOptions = z.object({
  file: z.string().optional(),
  title: z.string().optional(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  topics: z.string().optional(),
});
const FeedUrl = z.object({ url: z.string({ error: 'Give the feed’s address with the url option.' }).min(1, 'Give the feed’s address with the url option.') });
const NONE = z.object({});
const OPTIONS = { reload: NONE, add: AddOptions, status: NONE, 'feeds add': FeedUrl, 'feeds remove': FeedUrl, 'feeds list': NONE, review: NONE };

export interface KbCommandDependencies {
  library: Library;
  /** Where adds are recorded and status reads the last reload; the Library records reloads itself (give it the same store). */
  audit?: KbAuditStore;
  /** ADMIN_ROLE_IDS: members with one of these roles may use /kb. */
  adminRoleIds: readonly string[];
  /** KB_ADMIN_GUILD_IDS: servers whose members with Manage Server may use /kb. */
  adminGuildIds: readonly string[];
  /** The application's owner or team members (known once connected); the console operator in console mode. */
  ownerIds: () => Promise<readonly string[]>;
  /** Downloads `/kb add`'s attachment; defaults to HTTP(S). */
  fetchAttachment?: AttachmentFetcher;
  /** How web pages are fetched (KB_FETCH_ALLOW_PRIVATE and the limits). */
  fetchPolicy?: FetchPolicy;
  /** Feeds and the review queue; without it `/kb feeds` and `/kb review` say they are not set up. */
  feeds?: FeedStore;
  /** FEED_POLL_MINUTES, for the reply to `/kb feeds add`. */
  feedPollMinutes?: number;
}

/** Refused /kb: who may use it instead, so the member knows whom to ask. */
const KB_REFUSED =
  'Only the bot’s owner, members with Manage Server in a server listed in KB_ADMIN_GUILD_IDS, and members with a role listed in ADMIN_ROLE_IDS can use /kb: the knowledge base is shared by every server the bot is in. Nothing was changed.';

/** How long a `/kb add url:` preview waits for its Add button: an interaction token's life. */
const PREVIEW_TTL_MS = 15 * 60_000;
const PREVIEW_PARAGRAPHS = 2;


export function createKbCommand(dependencies: KbCommandDependencies): Command<typeof OPTIONS> {
  const { library, audit } = dependencies;
  const fetcher = dependencies.fetchAttachment ?? fetchAttachment;

  /** `/kb add url:` previews waiting for their Add or Cancel button, by token. */
  const previews = new Map<string, { prepared: PreparedDocument; userId: string; expires: number }>();
  const context = (invoker: Invoker, trigger: AddContext['trigger'] = 'command'): AddContext => ({ knowledgeDir: library.knowledgeDir, library, audit, by: actorOf(invoker), trigger });

  async function add(invoker: Invoker, options: z.output<typeof AddOptions>): Promise<Reply> {
    const refuse = (message: string) => () => {
      throw new AddRefusedError(message);
    };
    const { file, ...metadata } = options;
    // No attachment can come from a terminal (and on Discord /kb is for servers only).
    if (!metadata.url && invoker.guildId === null) return renderAdd(actorOf(invoker), await addArticle(context(invoker), refuse('In the console, add a file with `npm run kb -- add <file>`; /kb add takes a Discord attachment or a url.')));
    if (file) return renderAdd(actorOf(invoker), await addArticle(context(invoker), () => readAttachment(file, fetcher, metadata)));
    if (!metadata.url) return renderAdd(actorOf(invoker), await addArticle(context(invoker), refuse('Attach the article as the file option, or give its web address with the url option.')));
    return preview(invoker, metadata.url, metadata);
  }

  /** Fetch and extract the page, and show what would be added; nothing is written before the Add button. */
  async function preview(invoker: Invoker, url: string, metadata: Omit<z.infer<typeof AddOptions>, 'file'>): Promise<Reply> {
    const started = performance.now();
    let prepared: PreparedDocument;
    try {
      const { url: _url, ...given } = metadata;
      prepared = await readWebPage(url, dependencies.fetchPolicy ?? DEFAULT_FETCH_POLICY, given);
      const duplicate = await duplicateInService(library, prepared, [url]);
      if (duplicate) throw new AddRefusedError(duplicate);
    } catch (error) {
      if (!(error instanceof AddRefusedError)) throw error;
      audit?.record({ action: 'add', trigger: 'command', by: actorOf(invoker), outcome: 'refused', before: library.counts, after: library.counts, durationMs: performance.now() - started, message: error.message });
      throw new UserError(`${error.message}\nNothing was added.`);
    }
    const now = Date.now();
    for (const [key, entry] of previews) if (entry.expires < now) previews.delete(key);
    const token = randomBytes(6).toString('hex');
    previews.set(token, { prepared, userId: invoker.userId, expires: now + PREVIEW_TTL_MS });
    const document = prepared.document;
    const buttons: ReplyButton[] = [
      { kind: 'action', customId: `kb:add:${token}`, label: 'Add', style: 'success' },
      { kind: 'action', customId: `kb:cancel:${token}`, label: 'Cancel', style: 'secondary' },
    ];
    if (document.url && document.url.length <= 512) buttons.push({ kind: 'link', url: document.url, label: 'Open' });
    return {
      ephemeral: true,
      cards: [
        {
          title: `Preview: ${document.title}`,
          description: [
            describeDocument(document, prepared.removedLines, null),
            '',
            ...document.paragraphs.slice(0, PREVIEW_PARAGRAPHS).map((paragraph) => `> ${escapeMarkdown(paragraph)}`),
            document.paragraphs.length > PREVIEW_PARAGRAPHS ? `…and ${plural(document.paragraphs.length - PREVIEW_PARAGRAPHS, 'more paragraph')}.` : null,
            '',
            'Nothing is written until you press **Add**.',
          ]
            .filter((line) => line !== null)
            .join('\n'),
          color: INFO,
        },
      ],
      buttons,
    };
  }

  async function press(invoker: Invoker, action: string, token: string): Promise<Reply & { update?: boolean }> {
    const pending = previews.get(token);
    if (!pending || pending.expires < Date.now()) {
      previews.delete(token);
      throw new UserError('This preview has expired or was already used; run `/kb add url:` again. Nothing was added.');
    }
    if (pending.userId !== invoker.userId) throw new UserError('Only the admin who asked for this preview can add or cancel it.');
    previews.delete(token);
    if (action === 'cancel') return { update: true, ephemeral: true, content: 'Cancelled: nothing was added.', cards: [], buttons: [] };
    return { ...(await renderAdd(actorOf(invoker), await addArticle(context(invoker), () => pending.prepared))), update: true, buttons: [] };
  }

  /** One add's outcome as the admin sees it. */
  async function renderAdd(by: Actor, result: AddResult): Promise<Reply> {
    if (result.status === 'refused') throw new UserError(`${result.message}\nNothing was added.`);
    if (result.status === 'rolled-back') {
      return {
        ephemeral: true,
        cards: [problemsCard(`Not added: the reload found ${plural(result.reload.problems.length, 'problem')}`, result.reload, `The new file \`${result.prepared.file}\` was removed again.`)],
      };
    }
    const meta = result.prepared.document;
    const inService = library.index.document(result.prepared.id);
    const shards = result.reload ? await reloadPeers({ trigger: 'add', by, fresh: true }) : null;
    return {
      ephemeral: true,
      cards: [
        {
          title: `Added: ${meta.title}`,
          description: [
            describeDocument(meta, result.prepared.removedLines, result.prepared.file),
            `Topics: ${meta.topics.length ? meta.topics.map((topic) => `\`${topic}\``).join(', ') : 'none (give some with the topics option so /fentanyl can suggest it)'}`,
            inService ? null : '⚠ The reload did not pick the document up; run `/kb status`.',
            result.auditError ? `⚠ Not recorded in the audit trail: ${result.auditError}` : null,
          ]
            .filter(Boolean)
            .join('\n'),
          color: OK,
        },
        ...(result.reload ? [reloadCard(result.reload)] : []),
        ...(shards && result.reload ? [shardsCard(library.peers?.shardId ?? 0, result.reload, shards)] : []),
      ],
    };
  }

  function feedStore(): FeedStore {
    if (!dependencies.feeds) throw new UserError('Feeds are not set up in this bot.');
    return dependencies.feeds;
  }

  function listFeeds(): Reply {
    const feeds = feedStore().feeds();
    const lines = feeds.map((feed) => `• <${feed.url}> · last read ${feed.lastPolledAt ? formatTime(feed.lastPolledAt) : 'never'}${feed.lastError ? ` · ⚠ ${escapeMarkdown(feed.lastError)}` : ''}`);
    return { ephemeral: true, cards: [{ title: `Feeds (${feeds.length})`, description: lines.join('\n') || 'No feeds yet: add one with `/kb feeds add url:`.', color: INFO }] };
  }

  function removeFeed({ url }: z.output<typeof FeedUrl>): Reply {
    if (!feedStore().removeFeed(url)) throw new UserError(`${url} is not one of the feeds; \`/kb feeds list\` shows them.`);
    return { ephemeral: true, content: `Stopped polling <${url}>. Its candidates stay in the review queue.` };
  }

  function addFeed(invoker: Invoker, { url }: z.output<typeof FeedUrl>): Reply {
    const store = feedStore();
    let checked: string;
    try {
      checked = checkFeedUrl(url, dependencies.fetchPolicy ?? DEFAULT_FETCH_POLICY);
    } catch (error) {
      if (error instanceof AddRefusedError) throw new UserError(`${error.message}\nThe feed was not added.`);
      throw error;
    }
    const added = store.addFeed(checked, actorOf(invoker));
    return {
      ephemeral: true,
      content: added ? `Added <${checked}>. It is read every ${dependencies.feedPollMinutes ?? 60} minutes; new articles appear in \`/kb review\`.` : `<${checked}> is already a feed.`,
    };
  }

  /** One candidate a page, most relevant first, with Approve / Reject / Open and paging. */
  function reviewPage(offset: number, note?: ReplyCard): Reply & { update?: boolean } {
    const queue = feedStore().queue();
    const cards = note ? [note] : [];
    if (!queue.length) return { ephemeral: true, cards: [...cards, { title: 'Review queue', description: 'Nothing to review: new articles from feeds appear here.', color: INFO }], buttons: [] };
    const at = Math.min(Math.max(0, offset), queue.length - 1);
    const candidate = queue[at]!;
    const paragraphs = (() => {
      try {
        return preparedFromSource(`${candidate.docId}.md`, candidate.source).document.paragraphs;
      } catch {
        return [];
      }
    })();
    const buttons: ReplyButton[] = [
      { kind: 'action', customId: `kb:rv-approve:${candidate.id}:${at}`, label: 'Approve', style: 'success' },
      { kind: 'action', customId: `kb:rv-reject:${candidate.id}:${at}`, label: 'Reject', style: 'danger' },
    ];
    if (candidate.url.length <= 512) buttons.push({ kind: 'link', url: candidate.url, label: 'Open' });
    if (at > 0) buttons.push({ kind: 'action', customId: `kb:rv-page:${at - 1}`, label: 'Previous' });
    if (at < queue.length - 1) buttons.push({ kind: 'action', customId: `kb:rv-page:${at + 1}`, label: 'Next' });
    cards.push({
      title: candidate.title,
      description: [
        `Publisher: ${candidate.publisher ? escapeMarkdown(candidate.publisher) : 'not stated'} · Published: ${candidate.published ? formatDate(candidate.published) : 'not stated'} · Relevance ${candidate.relevance.toFixed(2)}`,
        `${plural(paragraphs.length, 'paragraph')} · from <${candidate.feedUrl}>`,
        '',
        ...paragraphs.slice(0, PREVIEW_PARAGRAPHS).map((paragraph) => `> ${escapeMarkdown(paragraph)}`),
      ].join('\n'),
      footer: `Candidate ${candidate.id} · ${at + 1} of ${queue.length}`,
      color: INFO,
    });
    return { ephemeral: true, cards, buttons };
  }

  async function decide(invoker: Invoker, action: 'approve' | 'reject', id: number, at: number): Promise<Reply & { update?: boolean }> {
    const store = feedStore();
    const result = action === 'approve' ? await approveCandidate(store, { knowledgeDir: library.knowledgeDir, library, audit, by: actorOf(invoker) }, id) : rejectCandidate(store, actorOf(invoker), id);
    const note: ReplyCard =
      result.status === 'refused'
        ? { title: `Not ${action === 'approve' ? 'approved' : 'rejected'}`, description: result.message, color: REFUSED }
        : result.status === 'rejected'
          ? { title: `Rejected: ${result.candidate.title}`, description: 'It will not be queued again.', color: INFO }
          : { title: `Approved: ${result.candidate.title}`, description: `Added as \`${result.add.prepared.file}\` · documents ${result.add.before.documents} → ${result.add.after.documents}.`, color: OK };
    return { ...reviewPage(at, note), update: true };
  }

  /** Sharded: the same reload in every other shard process (null when this process is the only one). */
  async function reloadPeers(request: ReloadRequest): Promise<ShardReloadOutcome[] | null> {
    return library.peers ? library.peers.reload(request) : null;
  }

  async function reload(invoker: Invoker): Promise<Reply> {
    const request: ReloadRequest = { trigger: 'command', by: actorOf(invoker) };
    const [report, shards] = await Promise.all([library.reload(request), reloadPeers(request)]);
    const card = report.ok ? reloadCard(report) : problemsCard(`Reload refused: ${plural(report.problems.length, 'problem')}`, report);
    return { ephemeral: true, cards: [card, ...(shards ? [shardsCard(library.peers?.shardId ?? 0, report, shards)] : [])] };
  }

  function status(): Reply {
    const index = library.index;
    const topics = index.topics();
    const last = audit?.lastReload() ?? library.lastReload;
    const fields: NonNullable<ReplyCard['fields']> = [
      { name: 'Documents', value: String(index.documents.length), inline: true },
      { name: 'Passages', value: String(index.passages.length), inline: true },
      { name: 'Topics', value: String(topics.length), inline: true },
    ];
    if (topics.length) fields.push({ name: 'Topics covered', value: topics.map((topic) => `\`${topic}\``).join(', ') });
    fields.push({
      name: 'Last reload',
      value: [
        last ? describeLast(last) : `None since start-up (${formatTime(library.openedAt)}).`,
        library.reloading ? 'A reload is running now.' : null,
      ]
        .filter(Boolean)
        .join('\n'),
    });
    // What is out of service now, whatever the last recorded reload (perhaps from before a restart) said.
    fields.push({ name: 'Files left out now', value: library.leftOut.length ? listProblems(library.leftOut, 8) : 'None.' });
    if (last && last.problems.length) fields.push({ name: 'Problems the last reload found', value: listProblems(last.problems, 8) });
    const lastAdd = audit?.latest('add');
    if (lastAdd) fields.push({ name: 'Last add', value: describeLastAdd(lastAdd) });
    return { ephemeral: true, cards: [{ title: 'Knowledge base', fields, color: INFO }] };
  }

  return {
    definition,
    options: OPTIONS,
    answersPrivately: true,
    async button(invoker, customId) {
      if (!decideKbAccess({ ...invoker, ownerIds: await dependencies.ownerIds() }, dependencies).allowed) throw new UserError(KB_REFUSED);
      const [, action, first, second] = customId.split(':');
      if ((action === 'add' || action === 'cancel') && first) return press(invoker, action, first);
      if (action === 'rv-page') return { ...reviewPage(Number(first) || 0), update: true };
      if ((action === 'rv-approve' || action === 'rv-reject') && Number(first) > 0) return decide(invoker, action === 'rv-approve' ? 'approve' : 'reject', Number(first), Number(second) || 0);
      throw new UserError('That button no longer works. Run the command again.');
    },
    async run(invoker, ...[options, subcommand]) {
      const ownerIds = await dependencies.ownerIds();
      if (!decideKbAccess({ ...invoker, ownerIds }, dependencies).allowed) throw new UserError(KB_REFUSED);
      switch (subcommand) {
        case 'reload':
          return reload(invoker);
        case 'add':
          return add(invoker, options);
        case 'status':
          return status();
        case 'feeds add':
          return addFeed(invoker, options);
        case 'feeds remove':
          return removeFeed(options);
        case 'feeds list':
          return listFeeds();
        case 'review':
          return reviewPage(0);
        default:
          throw new UserError('Use `/kb reload`, `/kb add`, `/kb status`, `/kb feeds` or `/kb review`.');
      }
    },
  };
}

const actorOf = (invoker: Invoker): Actor => ({ id: invoker.userId, name: invoker.userName });

const TRIGGERS: Record<ReloadTrigger, string> = {
  command: '/kb reload',
  add: '/kb add',
  signal: 'SIGHUP',
  watch: 'folder watch',
  cli: 'command line',
  review: 'review approval',
};

function reloadCard(report: ReloadReport): ReplyCard {
  const changes = report.added.length + report.removed.length + report.changed.length;
  const lines = [
    `Documents: **${report.before.documents} → ${report.after.documents}** · Passages: **${report.before.passages} → ${report.after.passages}**`,
    `Added: ${listIds(report.added)}`,
    `Removed: ${listIds(report.removed)}`,
    `Changed: ${listIds(report.changed)}`,
  ];
  if (report.shared) lines.unshift(`A reload started by ${escapeMarkdown(report.by.name)} was already running; this is its result.`);
  if (report.auditError) lines.push(`⚠ Not recorded in the audit trail: ${report.auditError}`);
  return {
    title: changes ? 'Knowledge base reloaded' : 'Knowledge base reloaded: no changes',
    description: lines.join('\n'),
    footer: footerOf(report),
    color: OK,
  };
}

function problemsCard(title: string, report: ReloadReport, note?: string): ReplyCard {
  const lines = [
    `The knowledge base in service is unchanged (${plural(report.before.documents, 'document')}, ${plural(report.before.passages, 'passage')}).`,
    note ?? null,
    '',
    listProblems(report.problems, MAX_LISTED_PROBLEMS),
  ].filter((line) => line !== null);
  if (report.shared) lines.unshift(`A reload started by ${escapeMarkdown(report.by.name)} was already running; this is its result.`);
  return { title, description: lines.join('\n'), footer: footerOf(report), color: REFUSED };
}

/** Each shard's outcome, this one first: a shard that refused or did not answer keeps serving its old index. */
function shardsCard(ownShard: number, own: ReloadReport, others: readonly ShardReloadOutcome[]): ReplyCard {
  const describe = (ok: boolean | null, counts: { before: KnowledgeCounts | null; after: KnowledgeCounts | null }, problems: number, detail: string) => {
    if (ok === null) return `did not answer (${escapeMarkdown(detail)}); it keeps the index it has and reads the folder again when it restarts`;
    if (!ok) return `refused (${plural(problems, 'problem')}); it keeps serving its old index`;
    return `reloaded: documents ${counts.before?.documents ?? '?'} → ${counts.after?.documents ?? '?'}, passages ${counts.before?.passages ?? '?'} → ${counts.after?.passages ?? '?'}`;
  };
  const lines = [
    `Shard ${ownShard} (this one): ${describe(own.ok, own, own.problems.length, '')}`,
    ...[...others].sort((a, b) => a.shard - b.shard).map((outcome) => `Shard ${outcome.shard}: ${describe(outcome.ok, outcome, outcome.problems, outcome.detail)}`),
  ];
  const allOk = own.ok && others.every((outcome) => outcome.ok === true);
  return { title: allOk ? `Every shard reloaded (${others.length + 1})` : 'Not every shard reloaded', description: lines.join('\n'), color: allOk ? OK : REFUSED };
}

function footerOf(report: ReloadReport): string {
  return `${formatDuration(report.durationMs)} · ${TRIGGERS[report.trigger]} by ${report.by.name} · ${formatTime(report.startedAt)}`;
}

function listProblems(problems: readonly KnowledgeProblem[], max: number): string {
  const lines = problems.slice(0, max).map((problem) => `• \`${problem.file}\` · **${escapeMarkdown(problem.field)}**: ${escapeMarkdown(problem.message)}`);
  if (problems.length > max) lines.push(`…and ${problems.length - max} more (\`npm run kb -- check\` lists them all).`);
  return lines.join('\n');
}

function listIds(ids: readonly string[]): string {
  if (ids.length === 0) return 'none';
  const shown = ids.slice(0, MAX_LISTED_IDS).map((id) => `\`${id}\``).join(', ');
  return ids.length > MAX_LISTED_IDS ? `${ids.length}: ${shown} and ${ids.length - MAX_LISTED_IDS} more` : shown;
}

function describeLast(last: ReloadReport): string {
  const change = (key: 'documents' | 'passages') => `${key} ${last.before[key]} → ${last.after[key]}`;
  const outcome = last.ok ? `ok: ${change('documents')}, ${change('passages')}` : `refused, ${plural(last.problems.length, 'problem')}; nothing changed`;
  return `${formatTime(last.startedAt)} · ${TRIGGERS[last.trigger] ?? last.trigger} by ${escapeMarkdown(last.by.name)} · ${outcome} · ${formatDuration(last.durationMs)}`;
}

/** Publisher, date, link, id, size and authors: the same lines in a preview and after the add. */
function describeDocument(meta: PreparedDocument['document'], removedLines: number, file: string | null): string {
  return [
    `Publisher: ${meta.publisher ? escapeMarkdown(meta.publisher) : 'not stated'} · Published: ${meta.published ? formatDate(meta.published) : 'not stated'} · Link: ${meta.url ? markdownUrl(meta.url) : 'not stated'}`,
    `Id \`${meta.id}\`${file ? ` · file \`${file}\`` : ''} · ${plural(meta.paragraphs.length, 'paragraph')} · ${plural(toPassages(meta).length, 'passage')}`,
    `Authors: ${meta.authors.length ? escapeMarkdown(meta.authors.join(', ')) : 'not stated'}`,
    removedLines ? `Curation dropped ${plural(removedLines, 'line')} of page chrome (navigation, images, widgets, teasers).` : null,
  ]
    .filter(Boolean)
    .join('\n');
}

function describeLastAdd(event: KbEvent): string {
  const what = event.docId ? `\`${event.docId}\`` : 'a document';
  const outcome = event.outcome === 'ok' ? 'added' : `${event.outcome}${event.message ? `: ${escapeMarkdown(event.message.split('\n')[0]!)}` : ''}`;
  return `${formatTime(event.at)} · ${what} by ${escapeMarkdown(event.by.name)} · ${outcome}`;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
