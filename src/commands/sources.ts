import type { SearchIndex } from '../search/search-index.ts';
import { escapeMarkdown } from '../search/snippet.ts';
import { formatDate } from './citation.ts';
import type { Command } from './types.ts';

export const definition = {
  name: 'sources',
  description: 'List the documents in the knowledge base, with their metadata',
} as const satisfies Command['definition'];

/** `/sources`: what the answers can cite. Unknown metadata is shown as unknown. */
export function createSourcesCommand(library: { readonly index: SearchIndex }): Command {
  return {
    definition,
    async run() {
      const index = library.index;
      const counts = new Map<string, number>();
      for (const passage of index.passages) counts.set(passage.docId, (counts.get(passage.docId) ?? 0) + 1);
      const fields = index.documents.slice(0, 25).map((document, position) => ({
        name: `${position + 1}. ${document.title}`,
        value: [
          `Publisher: ${document.publisher ? escapeMarkdown(document.publisher) : 'not stated'}`,
          `Authors: ${document.authors.length ? escapeMarkdown(document.authors.join(', ')) : 'not stated'}`,
          `Published: ${document.published ? formatDate(document.published) : 'not stated'}`,
          document.url ? `Link: ${document.url}` : null,
          `Topics: ${document.topics.join(', ') || '—'}`,
          `${counts.get(document.id) ?? 0} passages · id \`${document.id}\``,
        ]
          .filter(Boolean)
          .join('\n'),
      }));
      const more = index.documents.length - fields.length;
      return {
        cards: [
          {
            title: 'Sources in the knowledge base',
            description: `${index.documents.length} documents, ${index.passages.length} passages.${more > 0 ? ` The first 25 are listed; ${more} more are searchable.` : ''}`,
            fields,
            footer: 'Answers cite these documents by title, publisher, date and paragraph.',
          },
        ],
      };
    },
  };
}
