import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import { KnowledgeFolderError } from '../knowledge/loader.ts';
import type { KnowledgeProblem } from '../knowledge/schema.ts';
import { addDocument, type AddedDocument } from '../kb/add-document.ts';
import { formatProblem } from '../kb/check.ts';
import { AttachmentRef, checkContentType, fetchAttachment, type AttachmentFetcher } from '../kb/attachment.ts';
import { AddRefusedError, MAX_SOURCE_BYTES, checkSourceName, checkSourceSize, decodeSource } from '../kb/source-file.ts';
import type { Actor, KnowledgeCounts, Library, ReloadReport, ReloadRequest, ReloadTrigger } from '../library.ts';
import type { ShardReloadOutcome } from '../shard-ipc.ts';
import { escapeMarkdown } from '../search/snippet.ts';
import type { KbAuditStore, KbEvent, KbOutcome } from '../store/kb-audit.ts';
import { formatDate } from './citation.ts';
import { UserError, type Reply, type ReplyCard } from './reply.ts';
import { canManageServer, type Command, type Invoker, type RawOptions } from './types.ts';

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
      description: 'Curate a raw article (.txt or .md, up to 1 MB) into the knowledge base',
      options: [
        { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The article as a .txt or .md file', required: true },
        { type: ApplicationCommandOptionType.String, name: 'title', description: 'The article’s title, if the file does not state it (or states it wrongly)', max_length: 300 },
        { type: ApplicationCommandOptionType.String, name: 'publisher', description: 'Who published it, e.g. Reuters', max_length: 200 },
        { type: ApplicationCommandOptionType.String, name: 'date', description: 'Publication date: YYYY-MM-DD, YYYY-MM or YYYY', max_length: 10 },
        { type: ApplicationCommandOptionType.String, name: 'url', description: 'Where the article is published (http or https)', max_length: 500 },
        { type: ApplicationCommandOptionType.String, name: 'topics', description: 'Comma-separated topics, e.g. fentanyl seizures, sinaloa cartel', max_length: 300 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Documents, passages, topics, and the last reload' },
  ],
} as const satisfies Command['definition'];

const AddOptions = z.object({
  file: z.string({ error: 'Attach the article as the file option.' }),
  title: z.string().optional(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  topics: z.string().optional(),
});

export interface KbCommandDependencies {
  library: Library;
  /** Where adds are recorded and status reads the last reload; the Library records reloads itself (give it the same store). */
  audit?: KbAuditStore;
  /** ADMIN_ROLE_IDS: members with one of these roles may use /kb without Manage Server. */
  adminRoleIds: readonly string[];
  /** Downloads `/kb add`'s attachment; defaults to HTTP(S). */
  fetchAttachment?: AttachmentFetcher;
}

/** Manage Server (or Administrator) in this server, or a role listed in ADMIN_ROLE_IDS. */
export function isKbAdmin(invoker: Invoker, adminRoleIds: readonly string[]): boolean {
  return canManageServer(invoker) || invoker.roleIds.some((role) => adminRoleIds.includes(role));
}

export function createKbCommand(dependencies: KbCommandDependencies): Command {
  const { library, audit } = dependencies;
  const fetcher = dependencies.fetchAttachment ?? fetchAttachment;

  async function add(invoker: Invoker, raw: RawOptions): Promise<Reply> {
    const by = actorOf(invoker);
    const before = library.counts;
    const started = performance.now();
    const record = (outcome: KbOutcome, details: { docId?: string; after?: KnowledgeCounts; problems?: KnowledgeProblem[]; message?: string }) =>
      audit?.record({ action: 'add', trigger: 'command', by, outcome, before, after: details.after ?? before, durationMs: performance.now() - started, ...details });

    let added: AddedDocument;
    try {
      const options = AddOptions.safeParse(raw);
      if (!options.success) throw new AddRefusedError(options.error.issues[0]?.message ?? 'The options could not be read.');
      const ref = parseAttachment(options.data.file);
      const name = checkSourceName(ref.name);
      checkSourceSize(ref.size);
      checkContentType(ref.contentType);
      const text = decodeSource(await fetcher(ref, MAX_SOURCE_BYTES));
      const { file: _file, ...metadata } = options.data;
      added = await addDocument(library.knowledgeDir, { name, text, metadata });
    } catch (error) {
      if (error instanceof AddRefusedError || error instanceof KnowledgeFolderError) {
        record('refused', { message: error.message });
        throw new UserError(`${error.message}\nNothing was added.`);
      }
      record('failed', { message: (error as Error).message });
      throw error;
    }

    const report = await library.reload({ trigger: 'add', by, fresh: true });
    if (!report.ok) {
      await added.remove();
      record('invalid', { docId: added.id, problems: report.problems, message: 'the reload after writing it failed; the file was removed' });
      return {
        ephemeral: true,
        cards: [problemsCard(`Not added: the reload found ${plural(report.problems.length, 'problem')}`, report, `The new file \`${added.file}\` was removed again.`)],
      };
    }
    record('ok', { docId: added.id, after: report.after });
    const shards = await reloadPeers({ trigger: 'add', by, fresh: true });
    const document = library.index.document(added.id);
    const passages = library.index.passages.filter((passage) => passage.docId === added.id).length;
    const meta = added.document;
    return {
      ephemeral: true,
      cards: [
        {
          title: `Added: ${meta.title}`,
          description: [
            `Publisher: ${meta.publisher ? escapeMarkdown(meta.publisher) : 'not stated'} · Published: ${meta.published ? formatDate(meta.published) : 'not stated'} · Link: ${meta.url ?? 'not stated'}`,
            `Id \`${added.id}\` · file \`${added.file}\` · ${plural(meta.paragraphs.length, 'paragraph')} · ${plural(passages, 'passage')}`,
            `Authors: ${meta.authors.length ? escapeMarkdown(meta.authors.join(', ')) : 'not stated'}`,
            `Topics: ${meta.topics.length ? meta.topics.map((topic) => `\`${topic}\``).join(', ') : 'none (give some with the topics option so /fentanyl can suggest it)'}`,
            added.removedLines ? `Curation dropped ${plural(added.removedLines, 'line')} of page chrome (navigation, images, widgets, teasers).` : null,
            document ? null : '⚠ The reload did not pick the document up; run `/kb status`.',
          ]
            .filter(Boolean)
            .join('\n'),
          color: OK,
        },
        reloadCard(report),
        ...(shards ? [shardsCard(library.peers?.shardId ?? 0, report, shards)] : []),
      ],
    };
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
    const lastEvent = audit?.latest('reload');
    const last = lastEvent ?? library.lastReload;
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
    const failed = last ? last.problems : library.startupProblems;
    const failedLabel = last ? 'Files that failed last time' : 'Files left out at start-up';
    fields.push({ name: failedLabel, value: failed.length ? listProblems(failed, 8) : 'None.' });
    const lastAdd = audit?.latest('add');
    if (lastAdd) fields.push({ name: 'Last add', value: describeLastAdd(lastAdd) });
    return { ephemeral: true, cards: [{ title: 'Knowledge base', fields, color: INFO }] };
  }

  return {
    definition,
    answersPrivately: true,
    async run(invoker, options, subcommand) {
      if (!isKbAdmin(invoker, dependencies.adminRoleIds)) {
        throw new UserError('Only members with the Manage Server permission (or an admin role) can use /kb. Nothing was changed.');
      }
      switch (subcommand) {
        case 'reload':
          return reload(invoker);
        case 'add':
          return add(invoker, options);
        case 'status':
          return status();
        default:
          throw new UserError('Use `/kb reload`, `/kb add` or `/kb status`.');
      }
    },
  };
}

function parseAttachment(value: string): AttachmentRef {
  try {
    return AttachmentRef.parse(JSON.parse(value));
  } catch {
    throw new AddRefusedError('The attachment could not be read; attach a .txt or .md file.');
  }
}

const actorOf = (invoker: Invoker): Actor => ({ id: invoker.userId, name: invoker.userName });

const TRIGGERS: Record<ReloadTrigger, string> = {
  command: '/kb reload',
  add: '/kb add',
  signal: 'SIGHUP',
  watch: 'folder watch',
  cli: 'command line',
};

/** One line for logs (SIGHUP, watch): what changed, or why nothing did. */
export function summariseReload(report: ReloadReport): string {
  const took = formatDuration(report.durationMs);
  if (!report.ok) return `reload refused (${plural(report.problems.length, 'problem')}, in ${took}); the knowledge base in service is unchanged: ${report.problems.map(formatProblem).join('; ')}`;
  return `reloaded in ${took}: documents ${report.before.documents} → ${report.after.documents}, passages ${report.before.passages} → ${report.after.passages}; added ${report.added.length}, removed ${report.removed.length}, changed ${report.changed.length}`;
}

export function reloadCard(report: ReloadReport): ReplyCard {
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

export function problemsCard(title: string, report: ReloadReport, note?: string): ReplyCard {
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
export function shardsCard(ownShard: number, own: ReloadReport, others: readonly ShardReloadOutcome[]): ReplyCard {
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

function describeLast(last: ReloadReport | KbEvent): string {
  const event = 'outcome' in last ? { at: last.at, ok: last.outcome === 'ok' } : { at: last.startedAt, ok: last.ok };
  const change = (key: keyof KnowledgeCounts) => `${key} ${last.before?.[key] ?? '?'} → ${last.after?.[key] ?? '?'}`;
  const outcome = event.ok ? `ok: ${change('documents')}, ${change('passages')}` : `refused, ${plural(last.problems.length, 'problem')}; nothing changed`;
  return `${formatTime(event.at)} · ${TRIGGERS[last.trigger] ?? last.trigger} by ${escapeMarkdown(last.by.name)} · ${outcome} · ${formatDuration(last.durationMs)}`;
}

function describeLastAdd(event: KbEvent): string {
  const what = event.docId ? `\`${event.docId}\`` : 'a document';
  const outcome = event.outcome === 'ok' ? 'added' : `${event.outcome}${event.message ? `: ${escapeMarkdown(event.message.split('\n')[0]!)}` : ''}`;
  return `${formatTime(event.at)} · ${what} by ${escapeMarkdown(event.by.name)} · ${outcome}`;
}

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
