import { describe, expect, it } from 'vitest';
import { composeBriefing, KEY_FIGURES, NEW_DOCUMENTS_LISTED } from '../../src/briefing/compose.ts';
import { figureSentences } from '../../src/briefing/key-figures.ts';
import { addDays } from '../../src/shared/local-time.ts';
import { briefingMarker, embedLength, renderBriefing } from '../../src/briefing/render.ts';
import { LIMITS } from '../../src/shared/discord-limits.ts';
import { NO_HISTORY, type Briefing, type BriefingHistory } from '../../src/briefing/types.ts';
import type { SearchIndex } from '../../src/search/search-index.ts';
import { buildIndex, doc, DOCUMENTS } from './fixtures.ts';

const index = buildIndex();

/** Briefings for consecutive days, each with the history of the ones before, as a channel's store would give it. */
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

describe('composing the digest', () => {
  it('quotes every item verbatim from the passage it cites, with that passage’s citation', () => {
    for (const briefing of days(index, 5)) {
      for (const item of briefing.sections.flatMap((entry) => entry.items)) {
        expect(index.passage(item.passageId)?.text).toContain(item.text);
        expect(item.citation).toEqual(index.hit(item.passageId)?.citation);
      }
    }
  });

  it('gives key figures as whole sentences carrying a number', () => {
    const figures = days(index, 5).flatMap((briefing) => section(briefing, 'Key figure')?.items ?? []);
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const figure of figures) {
      expect(figure.text).toMatch(/\d|\b(?:one|two|three) in (?:every )?(?:two|three|four)\b|\bhalf\b|-thirds\b/);
      expect(figure.text).toMatch(/[.!?]["”’]?$/);
    }
  });

  it('does not count a year as a figure, nor a headline without a full stop', () => {
    expect(figureSentences('In 2021 the two governments met in Washington to discuss fentanyl trafficking.')).toEqual([]);
    expect(figureSentences('Fentanyl: Nearly 500 pills found during Phoenix jail bookings, sheriff says')).toEqual([]);
    expect(figureSentences('Officials met in 2021. Nearly 14,000 pounds of fentanyl were seized between October and March.')).toEqual([
      'Nearly 14,000 pounds of fentanyl were seized between October and March.',
    ]);
  });

  it('is the same for the same knowledge base, channel and date, whatever the channel was shown before', () => {
    const [first] = days(index, 1);
    expect(composeBriefing({ index, date: '2023-04-01' })).toEqual(first);
    expect(composeBriefing({ index: buildIndex(), date: '2023-04-01' })).toEqual(first);
    // A preview (no stored history) and the post (history of sent runs) show the same passages.
    const later = '2023-04-20';
    const posted = days(index, 20).at(-1)!;
    expect(posted.date).toBe(later);
    expect(composeBriefing({ index, date: later }).shownPassageIds).toEqual(posted.shownPassageIds);
  });

  it('differs from one day to the next, and from one channel to another', () => {
    const briefings = days(index, 6);
    for (const [today, tomorrow] of pairs(briefings)) expect(tomorrow!.shownPassageIds).not.toEqual(today!.shownPassageIds);
    const channels = ['100000000000000001', '100000000000000002', '100000000000000003'].map(
      (channel) => composeBriefing({ index, date: '2023-04-14', channel }).shownPassageIds,
    );
    expect(new Set(channels.map((ids) => ids.join())).size).toBeGreaterThan(1);
  });

  it('states no figure twice in one digest, even rounded differently', () => {
    // "over 70,000 Americans in 2021" and "an estimated 70,601 in 2021" are one figure.
    const echo = buildIndex([
      ...DOCUMENTS,
      doc('same-toll', { title: 'The toll, again', topics: ['overdoses'], paragraphs: ['Synthetic opioids killed over 70,000 Americans in 2021, officials said.'] }),
    ]);
    for (let day = 0; day < 20; day += 1) {
      const texts = composeBriefing({ index: echo, date: addDays('2023-04-01', day) }).sections.flatMap((entry) => entry.items.map((item) => item.text));
      expect(texts.filter((text) => /70,(?:000|601)/.test(text)).length).toBeLessThanOrEqual(1);
    }
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
    expect(second!.sections[0]!.title).toBe('New in the knowledge base');
    expect(second!.shownPassageIds.filter((id) => id === 'cbp-seizure-record#1')).toHaveLength(1);
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
          `${'Officers at the border crossing reported that '.repeat(5)}${Math.round(1_000 * 1.2 ** (n * 4 + p))} pounds of fentanyl were seized on day ${n}. ${'Fentanyl seizures at the border rose again. '.repeat(12)}`,
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
    expect(reply.cards!.map((card) => card.title).slice(0, 3)).toEqual(['New in the knowledge base', 'Key figures', expect.stringMatching(/^Spotlight: /)]);
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
