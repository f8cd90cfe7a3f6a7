import { QUERY_MAX_LENGTH } from './query-limit.ts';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { z } from 'zod';
import type { SearchIndex } from '../search/search-index.ts';
import { escapeMarkdown, quoteUserText } from '../shared/markdown.ts';
import { suggest } from '../search/suggest.ts';
import type { SearchHit, SearchResult } from '../search/types.ts';
import { formatCitation } from '../shared/citation.ts';
import { Cooldown } from './cooldown.ts';
import { UserError, type Reply, type ReplyButton } from '../shared/reply.ts';
import { recordShown, samePassage, SearchSessions, shownPassage, type SearchSession } from './search-sessions.ts';
import type { Command } from './types.ts';

export const PAGE_SIZE = 3;
const QUERY_MAX = QUERY_MAX_LENGTH;
const COLOR = 0xc0392b;

export const definition = {
  name: 'fentanyl',
  description: 'Search the knowledge base on fentanyl trafficking and US–Mexico relations, with cited passages',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'Words or a question, e.g. seizures, Sinaloa cartel, Operation Blue Lotus',
      required: true,
      autocomplete: true,
      min_length: 1,
      max_length: QUERY_MAX,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see the answer', required: false },
  ],
} as const satisfies Command['definition'];

const Options = z.object({
  query: z.string().trim().min(1, 'Type something to search for.').max(QUERY_MAX, `Keep the query under ${QUERY_MAX} characters.`),
  private: z.boolean().default(false),
});

// Custom ids: `fentanyl:<action>:<session>:<number>`, well under Discord's 100 characters.
// `page` carries the offset of the page to show, `full` the rank of the passage as shown.
const OPTIONS = { '': Options };

const ButtonId = z.tuple([z.literal('fentanyl'), z.enum(['page', 'full']), z.string().min(1), z.coerce.number().int().min(0)]);

export interface FentanylDependencies {
  /** The live knowledge base; read once per interaction, since a reload may swap it. */
  library: { readonly index: SearchIndex };
  cooldownSeconds: number;
  now?: () => number;
}

export function createFentanylCommand(dependencies: FentanylDependencies): Command<typeof OPTIONS> {
  const now = dependencies.now ?? Date.now;
  const cooldown = new Cooldown(dependencies.cooldownSeconds, now);
  const sessions = new SearchSessions(now);
  // Each index in service gets a version number: a reload swaps the index, so a new object means a new version.
  const versions = new WeakMap<SearchIndex, number>();
  let lastVersion = 0;
  const versionOf = (index: SearchIndex) => {
    let version = versions.get(index);
    if (version === undefined) {
      version = ++lastVersion;
      versions.set(index, version);
    }
    return version;
  };

  return {
    definition,
    options: OPTIONS,

    async run(invoker, options) {
      const wait = cooldown.take(invoker.userId);
      if (wait > 0) throw new UserError(`You're asking quickly: try again in ${wait} second${wait === 1 ? '' : 's'}.`);
      const { query, private: ephemeral } = options;
      const index = dependencies.library.index;
      const result = index.search(query, { limit: PAGE_SIZE });
      if (result.hits.length === 0) return noAnswer(result, index);
      const version = versionOf(index);
      // The first page holds ranks 1, 2, 3…: `shown[rank - 1]` is its hit.
      const key = sessions.open({ query, userId: invoker.userId, ephemeral, version, shown: result.hits.map(shownPassage) });
      return resultPage(result, key, 0, ephemeral, partialNotice(result, index));
    },

    async autocomplete(_invoker, focused) {
      return suggest(dependencies.library.index, focused.value).map((suggestion) => ({
        name: suggestion.label.slice(0, 100),
        value: suggestion.query.slice(0, 100),
      }));
    },

    async button(invoker, customId) {
      const parsed = ButtonId.safeParse(customId.split(':'));
      if (!parsed.success) throw new UserError('That button is not one this bot knows.');
      const [, action, key, number] = parsed.data;
      const session = sessions.get(key);
      if (!session) throw new UserError('This search has expired (its buttons work for 15 minutes). Run `/fentanyl` again.');
      if (session.userId !== invoker.userId) throw new UserError('These buttons belong to the person who searched. Run `/fentanyl` yourself to page through results.');
      const index = dependencies.library.index;
      const version = versionOf(index);
      if (action === 'page') return { ...page(index, version, key, session, number), update: true };
      return fullPassage(index, session, number);
    },
  };
}

/**
 * A page of results for a "More results" or "Previous" press. After a reload the new
 * knowledge base must still rank every passage the user has seen as they saw it (same
 * ranks, same text) for paging to go on; otherwise the next page would mix two
 * knowledge bases (skipping or repeating passages), so the search runs again from
 * the top and the page says the knowledge base changed.
 */
function page(index: SearchIndex, version: number, key: string, session: SearchSession, offset: number): Reply {
  if (session.version !== version) {
    if (stillRanked(index, session)) session.version = version;
    else {
      const result = index.search(session.query, { limit: PAGE_SIZE });
      if (result.hits.length === 0) throw new UserError('The knowledge base was reloaded and no longer has anything for this search. Run `/fentanyl` again.');
      recordShown(session, version, result.hits);
      return resultPage(result, key, 0, session.ephemeral, RELOADED_NOTICE);
    }
  }
  const result = index.search(session.query, { limit: PAGE_SIZE, offset });
  if (result.hits.length === 0) throw new UserError('No more results for this search.');
  recordShown(session, version, result.hits);
  return resultPage(result, key, offset, session.ephemeral, partialNotice(result, index));
}

const RELOADED_NOTICE = '*The knowledge base was reloaded since this search and its results changed: these are the current results, from the top.*';

/** Whether the index ranks the passages the session has shown at the same ranks, with the same text. */
function stillRanked(index: SearchIndex, session: SearchSession): boolean {
  const now = index.search(session.query, { limit: session.shown.length }).hits;
  return session.shown.every((shown, position) => {
    const hit = now[position];
    return hit !== undefined && samePassage(shown, shownPassage(hit));
  });
}

function resultPage(result: SearchResult, session: string, offset: number, ephemeral: boolean, notice?: string): Reply {
  const lines = result.hits.map((hit) => `**${hit.rank}.** ${hit.snippet}\n${formatCitation(hit.citation)}`);
  const last = offset + result.hits.length;
  const buttons: ReplyButton[] = [];
  if (offset > 0) buttons.push({ kind: 'action', customId: `fentanyl:page:${session}:${Math.max(0, offset - PAGE_SIZE)}`, label: 'Previous', style: 'secondary' });
  if (last < result.total) buttons.push({ kind: 'action', customId: `fentanyl:page:${session}:${last}`, label: 'More results', style: 'primary' });
  for (const hit of result.hits) buttons.push({ kind: 'action', customId: `fentanyl:full:${session}:${hit.rank}`, label: `Full passage ${hit.rank}`, style: 'secondary' });
  for (const hit of result.hits) if (hit.citation.url) buttons.push({ kind: 'link', url: hit.citation.url, label: `Source ${hit.rank}` });
  const passages = `${result.total} passage${result.total === 1 ? '' : 's'}`;
  const documents = `${result.documents} document${result.documents === 1 ? '' : 's'}`;
  return {
    ephemeral,
    cards: [
      {
        title: `Fentanyl briefing: “${quoteUserText(result.query)}”`,
        description: [...(notice ? [notice] : []), ...lines].join('\n\n'),
        footer: `${passages} matched in ${documents} · showing ${offset + 1}–${last}`,
        color: COLOR,
      },
    ],
    buttons,
  };
}

/** One line when the hits answer only part of the query: which words no passage holds (with the rest), and what the results are for. */
function partialNotice(result: SearchResult, index: SearchIndex): string | undefined {
  if (!result.partial) return undefined;
  const list = (words: string[]) => words.map((word) => `*${escapeMarkdown(word)}*`).join(', ');
  const { unmatched, matched } = result.partial;
  const absent = unmatched.every((word) => index.documentFrequency(word) === 0);
  return `No passage mentions ${list(unmatched)}${absent ? '' : ' with the rest of the question'}; results for ${list(matched)}.`;
}

/** No passage passed the relevance cut-off: say so, privately, with a way forward. */
function noAnswer(result: SearchResult, index: SearchIndex): Reply {
  const topics = index.topics();
  const correction = result.suggestions.find((suggestion) => !topics.includes(suggestion));
  const lines = [`Nothing in the knowledge base covers “${quoteUserText(result.query)}”.`];
  lines.push(...missingLines(result, (text) => `*${escapeMarkdown(text)}*`));
  if (correction) lines.push(`Did you mean **${escapeMarkdown(correction)}**?`);
  const shown = result.suggestions.filter((suggestion) => suggestion !== correction);
  if (shown.length) lines.push(`Topics it covers: ${shown.map((topic) => `\`${topic}\``).join(', ')}.`);
  lines.push('Use `/sources` to see what the knowledge base holds.');
  return { ephemeral: true, content: lines.join('\n') };
}

/** The line a no-answer reply adds when passages share the question's words but do not hold what it asks for. */
const LACKING: Record<NonNullable<SearchResult['lacking']>, string> = {
  count: 'The passages that share its words give no figure for it.',
  time: 'The passages that share its words do not say when.',
};

/**
 * What a refused question asked that no passage has, one line each (the names no passage
 * mentions, a figure or time the passages on it lack, what was done in a `who…?` question, the year they never say), for every
 * transport's no-answer reply; `mark` sets off a name or year (Markdown italics in Discord).
 */
export function missingLines(result: SearchResult, mark: (text: string) => string): string[] {
  const lines: string[] = [];
  if (result.unknownNames?.length) lines.push(`No passage mentions ${result.unknownNames.map(mark).join(', ')}.`);
  if (result.lacking) lines.push(LACKING[result.lacking]);
  if (result.unsaidDoing) lines.push(`The passages that share its words do not say who ${mark(result.unsaidDoing)}.`);
  if (result.unsaidYears?.length) lines.push(`No passage on this says ${result.unsaidYears.map(mark).join(' or ')}: the articles may not cover that year.`);
  return lines;
}

/**
 * The passage shown at `rank`, found by the id recorded when its page was shown (never by
 * searching again: after a reload the same rank may hold another document's passage).
 */
function fullPassage(index: SearchIndex, session: SearchSession, rank: number): Reply {
  const shown = session.shown[rank - 1];
  const hit: SearchHit | undefined = shown && index.hit(shown.passageId, session.query);
  if (!shown || !hit) throw new UserError('That passage is no longer in the knowledge base (it was reloaded). Run `/fentanyl` again.');
  if (!samePassage(shown, shownPassage(hit))) throw new UserError('That passage changed when the knowledge base was reloaded. Run `/fentanyl` again to see its current text.');
  return {
    ephemeral: true,
    cards: [{ title: hit.title, description: `${escapeMarkdown(hit.text)}\n\n${formatCitation(hit.citation)}`, footer: `Passage ${hit.passageId}`, color: COLOR }],
  };
}
