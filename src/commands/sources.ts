import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { KnowledgeDocument } from '../knowledge/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { escapeMarkdown, markdownUrl } from '../shared/markdown.ts';
import { formatDate } from '../shared/citation.ts';
import { UserError, type Reply, type ReplyButton } from '../shared/reply.ts';
import { truncate } from './truncate.ts';
import { NO_OPTIONS, type Command } from './types.ts';

export const definition = {
  name: 'sources',
  description: 'List the documents in the knowledge base, with their metadata',
} as const satisfies Command['definition'];

/**
 * Documents per page. Every part of a document's entry is capped below, so a full page
 * stays under Discord's 6000-character total for a message's embeds whatever the metadata
 * says: at most 8 × (86 + 585) characters of fields, plus title, description and footer
 * (tests/commands/sources-command.test.ts renders a page of worst-case documents). Nothing is
 * left for the renderer to cut, so the "lists a–b" text is always what is shown.
 */
export const SOURCES_PAGE_SIZE = 8;
const TITLE_MAX = 80;
const PUBLISHER_MAX = 60;
const AUTHORS_MAX = 80;
const TOPICS_MAX = 80;
const LINK_MAX = 200;

/**
 * Custom ids: `sources:page:<user>:<list>:<page>`. The requester's id makes the buttons
 * theirs alone (as /fentanyl's paging); `<list>` fingerprints the document ids the list was
 * made from, so a press after a reload that changed them is noticed instead of paging a
 * different list. No state is kept, so the buttons also work after a restart.
 */
const ButtonId = z.tuple([z.literal('sources'), z.literal('page'), z.string().min(1), z.string().min(1), z.coerce.number().int().min(0)]);

/** `/sources`: what the answers can cite, a page of documents at a time. Unknown metadata is shown as unknown. */
export function createSourcesCommand(library: { readonly index: SearchIndex }): Command<typeof NO_OPTIONS> {
  return {
    definition,
    options: NO_OPTIONS,

    async run(invoker) {
      return sourcesPage(library.index, invoker.userId, 0, false);
    },

    async button(invoker, customId) {
      const parsed = ButtonId.safeParse(customId.split(':'));
      if (!parsed.success) throw new UserError('That button is not one this bot knows.');
      const [, , owner, list, page] = parsed.data;
      if (owner !== invoker.userId) throw new UserError('These buttons belong to the person who ran `/sources`. Run `/sources` yourself to page through the list.');
      const index = library.index;
      // The documents changed since this list was shown: start over rather than page a different list.
      const reloaded = list !== listKey(index.documents);
      return { ...sourcesPage(index, invoker.userId, reloaded ? 0 : page, reloaded), update: true };
    },
  };
}

function sourcesPage(index: SearchIndex, userId: string, requestedPage: number, reloaded: boolean): Reply {
  const documents = index.documents;
  const pages = Math.max(1, Math.ceil(documents.length / SOURCES_PAGE_SIZE));
  const page = Math.min(requestedPage, pages - 1);
  const from = page * SOURCES_PAGE_SIZE;
  const shown = documents.slice(from, from + SOURCES_PAGE_SIZE);
  const to = from + shown.length;

  const counts = new Map<string, number>();
  for (const passage of index.passages) counts.set(passage.docId, (counts.get(passage.docId) ?? 0) + 1);
  const fields = shown.map((document, position) => documentField(document, from + position + 1, counts.get(document.id) ?? 0));

  const summary = [`${plural(documents.length, 'document')}, ${plural(index.passages.length, 'passage')}.`];
  if (documents.length > 0) {
    if (pages === 1) summary.push(documents.length === 1 ? 'It is listed below.' : `All ${documents.length} are listed below.`);
    else summary.push(`This page lists ${from + 1}–${to}${to < documents.length ? `; ${documents.length - to} more on the next page${pages - page > 2 ? 's' : ''}` : ''}.`);
  }
  const description = reloaded ? `*The knowledge base was reloaded since this list was shown: this is the current list, from the start.*\n${summary.join(' ')}` : summary.join(' ');

  const buttons: ReplyButton[] = [];
  const list = listKey(documents);
  if (page > 0) buttons.push({ kind: 'action', customId: `sources:page:${userId}:${list}:${page - 1}`, label: 'Previous', style: 'secondary' });
  if (page < pages - 1) buttons.push({ kind: 'action', customId: `sources:page:${userId}:${list}:${page + 1}`, label: 'Next', style: 'primary' });

  return {
    cards: [
      {
        title: 'Sources in the knowledge base',
        description,
        fields,
        footer: `${pages > 1 ? `Page ${page + 1} of ${pages} · ` : ''}Answers cite these documents by title, publisher, date and paragraph.`,
      },
    ],
    buttons,
  };
}

/** One document's entry, each part capped (see SOURCES_PAGE_SIZE): at most 86 characters of name and 585 of value. */
function documentField(document: KnowledgeDocument, position: number, passages: number): { name: string; value: string } {
  return {
    name: `${position}. ${truncate(document.title, TITLE_MAX)}`,
    value: [
      `Publisher: ${document.publisher ? truncate(escapeMarkdown(document.publisher), PUBLISHER_MAX) : 'not stated'}`,
      `Authors: ${document.authors.length ? truncate(escapeMarkdown(document.authors.join(', ')), AUTHORS_MAX) : 'not stated'}`,
      `Published: ${document.published ? formatDate(document.published) : 'not stated'}`,
      document.url ? `Link: ${link(document.url)}` : null,
      `Topics: ${truncate(document.topics.join(', '), TOPICS_MAX) || '—'}`,
      `${plural(passages, 'passage')} · id \`${document.id}\``,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

/** The URL as is when it fits; else its start in code marks (so Discord does not link the cut, broken URL). */
function link(url: string): string {
  if (url.length <= LINK_MAX) return markdownUrl(url);
  return `\`${url.slice(0, LINK_MAX - 20).replaceAll('`', '%60')}…\` (cut short)`;
}

/** A short fingerprint of which documents are listed, in which order. */
function listKey(documents: readonly KnowledgeDocument[]): string {
  return createHash('sha256')
    .update(documents.map((document) => document.id).join('\n'))
    .digest('base64url')
    .slice(0, 10);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
