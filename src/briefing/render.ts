import { formatCitation } from '../shared/citation.ts';
import type { Reply, ReplyCard } from '../shared/reply.ts';
import { LIMITS } from '../shared/discord-limits.ts';
import { escapeMarkdown } from '../shared/markdown.ts';
import type { Briefing, BriefingItem, BriefingSection } from './types.ts';

/** The digest is one message: all its embeds together within Discord's limits. */
const { embedsTotal: EMBED_TOTAL_LIMIT, embedDescription: DESCRIPTION_LIMIT, embedTitle: TITLE_LIMIT, footer: FOOTER_LIMIT } = LIMITS;

const SECTION_COLOR = 0x2b6cb0;

/**
 * The text that identifies a posted briefing in its channel's history: one per channel
 * and local date. The scheduler looks for it before re-sending a run whose outcome a
 * crash left unknown, so it must not change for a run between attempts.
 */
export function briefingMarker(date: string): string {
  return `Morning briefing ${date}`;
}

/** A briefing as a Reply: one card per section, the run marker in the last card's footer. */
export function renderBriefing(briefing: Briefing): Reply {
  const sections = briefing.sections.map((section) => ({ section, items: [...section.items] }));
  const footer = `${briefing.footer} · ${briefingMarker(briefing.date)}`.slice(-FOOTER_LIMIT);
  let cards = toCards(sections, footer);
  // Compose keeps within budget; this drops trailing items when titles or citations are unusually long.
  while (embedLength(cards) > EMBED_TOTAL_LIMIT || cards.some((card) => (card.description?.length ?? 0) > DESCRIPTION_LIMIT)) {
    const longest = sections.filter((entry) => entry.items.length > 1).sort((a, b) => sectionText(b) - sectionText(a))[0];
    if (!longest) break;
    longest.items.pop();
    cards = toCards(sections, footer);
  }
  return {
    content: `**${heading(briefing.date)}**`,
    cards: cards.length ? cards : [{ description: 'The knowledge base has nothing to report today.', footer }],
  };
}

function toCards(sections: { section: BriefingSection; items: BriefingItem[] }[], footer: string): ReplyCard[] {
  const cards: ReplyCard[] = sections
    .filter(({ items }) => items.length > 0)
    .map(({ section, items }) => ({
      title: section.title.slice(0, TITLE_LIMIT),
      description: [...items.map(renderItem), ...(section.note ? [`*${escapeMarkdown(section.note)}*`] : [])].join('\n\n'),
      color: SECTION_COLOR,
    }));
  const last = cards.at(-1);
  if (last) last.footer = footer;
  return cards;
}

function renderItem(item: BriefingItem): string {
  return `> ${escapeMarkdown(item.text)}\n— ${formatCitation(item.citation)}`;
}

function heading(date: string): string {
  const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
  return `Morning briefing · ${day}`;
}

function sectionText(entry: { items: BriefingItem[] }): number {
  return entry.items.reduce((sum, item) => sum + renderItem(item).length, 0);
}

/** Characters Discord counts towards the 6000 per message: titles, descriptions, field names and values, footers. */
export function embedLength(cards: readonly ReplyCard[]): number {
  return cards.reduce(
    (sum, card) =>
      sum +
      (card.title?.length ?? 0) +
      (card.description?.length ?? 0) +
      (card.footer?.length ?? 0) +
      (card.fields ?? []).reduce((fields, field) => fields + field.name.length + field.value.length, 0),
    0,
  );
}
