import { describe, expect, it } from 'vitest';
import { composeBriefing, KEY_FIGURES, NEW_DOCUMENTS_LISTED, spotlightPool } from '../../src/briefing/compose.ts';
import { figureSentences } from '../../src/briefing/key-figures.ts';
import { addDays } from '../../src/briefing/local-time.ts';
import { briefingMarker, embedLength, renderBriefing } from '../../src/briefing/render.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import { NO_HISTORY, type Briefing, type BriefingHistory } from '../../src/briefing/types.ts';
import type { SearchIndex } from '../../src/search/search-index.ts';
import { buildIndex, doc, DOCUMENTS } from './fixtures.ts';

const index = buildIndex();

/** Briefings for consecutive days, each seeing the ones before as a channel's history would. */
function days(source: SearchIndex, count: number, start = '2023-04-01', history: BriefingHistory = NO_HISTORY): Briefing[] {
  const briefings: Briefing[] = [];
  let seen = history;
  for (let day = 0; day < count; day += 1) {
    const briefing = composeBriefing({ index: source, date: addDays(start, day), history: seen });
    briefings.push(briefing);
    seen = {
      shownPassageIds: [...seen.shownPassageIds, ...briefing.shownPassageIds],
      knownDocIds: [...new Set([...seen.knownDocIds, ...briefing.knownDocIds])],
      lastBriefingDate: briefing.date,
    };
  }
  return briefings;
}

const section = (briefing: Briefing, title: string) => briefing.sections.find((entry) => entry.title.startsWith(title));
const ids = (briefing: Briefing, title: string) => section(briefing, title)?.items.map((item) => item.passageId) ?? [];

describe('composing the digest', () => {
  it('quotes every item verbatim from the passage it cites, with that passage’s citation', () => {
    for (const briefing of days(index, 5)) {
      for (const item of briefing.sections.flatMap((entry) => entry.items)) {
        expect(index.passage(item.passageId)?.text).toContain(item.text.replace(/…$/, ''));
        expect(item.citation).toEqual(index.hit(item.passageId)?.citation);
      }
    }
  });

  it('gives 3 to 5 key figures, each a whole sentence carrying a number', () => {
    const figures = section(composeBriefing({ index, date: '2023-04-14' }), 'Key figures')!.items;
    expect(figures.length).toBeGreaterThanOrEqual(3);
    expect(figures.length).toBeLessThanOrEqual(5);
    for (const figure of figures) {
      expect(figure.text).toMatch(/\d/);
      expect(figure.text).toMatch(/[.!?]$/);
    }
    // Spread over documents when there is a choice.
    expect(new Set(figures.map((figure) => figure.passageId.split('#')[0])).size).toBe(figures.length);
  });

  it('does not count a year as a figure, nor a headline without a full stop', () => {
    expect(figureSentences('In 2021 the two governments met in Washington to discuss fentanyl trafficking.')).toEqual([]);
    expect(figureSentences('Fentanyl: Nearly 500 pills found during Phoenix jail bookings, sheriff says')).toEqual([]);
    expect(figureSentences('Officials met in 2021. Nearly 14,000 pounds of fentanyl were seized between October and March.')).toEqual([
      'Nearly 14,000 pounds of fentanyl were seized between October and March.',
    ]);
  });

  it('is the same for the same knowledge base, date and history', () => {
    const [first] = days(index, 1);
    expect(composeBriefing({ index, date: '2023-04-01' })).toEqual(first);
    expect(composeBriefing({ index: buildIndex(), date: '2023-04-01' })).toEqual(first);
  });

  it('differs from one day to the next, with or without history', () => {
    const withHistory = days(index, 6);
    const withoutHistory = ['2023-04-14', '2023-04-15'].map((date) => composeBriefing({ index, date }));
    for (const [today, tomorrow] of [...pairs(withHistory), ...pairs(withoutHistory)]) {
      expect(ids(tomorrow!, 'Key figures')).not.toEqual(ids(today!, 'Key figures'));
      expect(section(tomorrow!, 'Spotlight')?.title).not.toBe(section(today!, 'Spotlight')?.title);
    }
  });

  it('rotates the spotlight through every topic of the knowledge base', () => {
    const topics = index.topics();
    const shown = days(index, topics.length).map((briefing) => section(briefing, 'Spotlight')!.title.replace('Spotlight: ', ''));
    expect(new Set(shown)).toEqual(new Set(topics));
  });

  it('repeats no passage in a channel until its section’s pool is used up', () => {
    const figurePool = index.passages.filter((passage) => figureSentences(passage.text).length > 0).map((passage) => passage.id);
    const briefings = days(index, 30);
    let repeats = 0;
    const seen = new Set<string>();
    for (const briefing of briefings) {
      const today = new Set(briefing.shownPassageIds);
      const exhausted = (pool: string[]) => pool.every((id) => seen.has(id) || today.has(id));
      for (const id of ids(briefing, 'Key figures')) {
        if (seen.has(id)) {
          repeats += 1;
          expect(exhausted(figurePool)).toBe(true);
        }
      }
      const spotlight = section(briefing, 'Spotlight')!;
      const topicPool = spotlightPool(index, spotlight.title.replace('Spotlight: ', '')).map((passage) => passage.id);
      for (const item of spotlight.items) {
        if (seen.has(item.passageId)) {
          repeats += 1;
          expect(exhausted(topicPool)).toBe(true);
        }
      }
      briefing.shownPassageIds.forEach((id) => seen.add(id));
    }
    // Thirty days on a small knowledge base must come round again, so the rule was exercised.
    expect(repeats).toBeGreaterThan(0);
  });

  it('quotes a passage’s next figure when it comes round again', () => {
    const passage = index.passages.find((candidate) => figureSentences(candidate.text).length === 2)!;
    const quoted = days(index, 40)
      .flatMap((briefing) => section(briefing, 'Key figures')!.items)
      .filter((item) => item.passageId === passage.id)
      .map((item) => item.text);
    expect(new Set(quoted)).toEqual(new Set(figureSentences(passage.text)));
  });
});

describe('new in the knowledge base', () => {
  const added = doc('cbp-seizure-record', {
    title: 'CBP reports record fentanyl seizures at Nogales',
    published: '2023-04-20',
    topics: ['border'],
    paragraphs: ['Customs officers at the Nogales port of entry seized a record amount of fentanyl hidden in a truck carrying cucumbers. The driver, a US citizen, was arrested.', 'Second paragraph.'],
  });

  it('is absent from a channel’s first briefing, which only sets what the channel knows', () => {
    const [first] = days(index, 1);
    expect(section(first!, 'New in the knowledge base')).toBeUndefined();
    expect(first!.knownDocIds).toEqual(DOCUMENTS.map((document) => document.id));
  });

  it('announces a document added since the channel’s last briefing, once', () => {
    const [first] = days(index, 1);
    const grown = buildIndex([...DOCUMENTS, added]);
    const [second, third] = days(grown, 2, '2023-04-02', { shownPassageIds: first!.shownPassageIds, knownDocIds: first!.knownDocIds, lastBriefingDate: first!.date });
    expect(section(second!, 'New in the knowledge base')?.items).toEqual([
      { text: added.paragraphs[0], citation: grown.hit('cbp-seizure-record#1')!.citation, passageId: 'cbp-seizure-record#1' },
    ]);
    expect(ids(second!, 'Spotlight')).not.toContain('cbp-seizure-record#1');
    expect(section(third!, 'New in the knowledge base')).toBeUndefined();
  });

  it('lists at most five new documents and says how many more there are', () => {
    const many = Array.from({ length: 7 }, (_, n) => doc(`new-report-${n}`, { title: `Report ${n}`, topics: ['reports'], paragraphs: [`Report number ${n} on fentanyl.`] }));
    const briefing = composeBriefing({
      index: buildIndex([...DOCUMENTS, ...many]),
      date: '2023-04-02',
      history: { shownPassageIds: [], knownDocIds: DOCUMENTS.map((document) => document.id), lastBriefingDate: '2023-04-01' },
    });
    const additions = section(briefing, 'New in the knowledge base')!;
    expect(additions.items).toHaveLength(NEW_DOCUMENTS_LISTED);
    expect(additions.note).toMatch(/and 2 more documents/);
  });
});

describe('rendering the digest', () => {
  it('shows every item of a normal digest, cited, with the run marker in the footer', () => {
    const briefing = composeBriefing({ index, date: '2023-04-14' });
    const reply = renderBriefing(briefing);
    const text = reply.cards!.map((card) => card.description).join('\n');
    expect(text.match(/^> /gm)).toHaveLength(briefing.shownPassageIds.length);
    expect(text).toContain('[*Fentanyl trafficking and US drug control policy*](https://example.org/fentanyl-policy-challenge)');
    expect(reply.cards!.at(-1)!.footer).toContain(briefingMarker('2023-04-14'));
    expect(reply.cards!.at(-1)!.footer).toContain('/fentanyl query:');
    expect(reply.content).toContain('Friday, April 14, 2023');
  });

  it('stays within Discord’s limits however long the sources are', () => {
    const long = Array.from({ length: 12 }, (_, n) =>
      doc(`long-source-${n}`, {
        title: `${'A very long article title about fentanyl seizures on the border '.repeat(4)}${n}`.slice(0, 300),
        topics: ['border', 'seizures'],
        paragraphs: Array.from({ length: 4 }, (_, p) =>
          `${'Officers at the border crossing reported that '.repeat(5)}${1_000 + p} pounds of fentanyl were seized on day ${n}. ${'Fentanyl seizures at the border rose again. '.repeat(12)}`,
        ),
      }),
    );
    const big = buildIndex(long);
    const briefing = composeBriefing({
      index: big,
      date: '2023-04-14',
      history: { shownPassageIds: [], knownDocIds: [], lastBriefingDate: '2023-04-13' },
    });
    expect(section(briefing, 'Key figures')?.items).toHaveLength(KEY_FIGURES);
    const reply = renderBriefing(briefing);
    expect(embedLength(reply.cards!)).toBeLessThanOrEqual(LIMITS.embedsTotal);
    for (const card of reply.cards!) {
      expect(card.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
      expect(card.title!.length).toBeLessThanOrEqual(256);
    }
    expect(reply.cards!.map((card) => card.title)).toEqual(['Key figures', expect.stringMatching(/^Spotlight: /), 'New in the knowledge base']);
    expect(reply.cards!.at(-1)!.footer).toContain(briefingMarker('2023-04-14'));
  });

  it('keeps quoted Markdown from changing the formatting', () => {
    const tricky = buildIndex([
      doc('markdown-source', { title: 'A *starred* title', topics: ['border'], paragraphs: ['Agents seized 2,000 pounds of fentanyl at the *San Ysidro* crossing, __officials__ said.'] }),
    ]);
    const text = renderBriefing(composeBriefing({ index: tricky, date: '2023-04-14' })).cards![0]!.description!;
    expect(text).toContain('\\*San Ysidro\\*');
    expect(text).toContain('\\_\\_officials\\_\\_');
  });

  it('says so when the knowledge base is empty', () => {
    const briefing = composeBriefing({ index: buildIndex([]), date: '2023-04-14' });
    expect(briefing.sections).toEqual([]);
    expect(renderBriefing(briefing).cards![0]!.description).toMatch(/nothing to report/);
  });
});

function pairs<T>(list: T[]): [T, T][] {
  return list.slice(1).map((item, position) => [list[position]!, item]);
}
