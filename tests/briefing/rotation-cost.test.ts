/**
 * What a channel's first digest costs, counted in pieces examined rather than time: the
 * rotation is replayed from 1 January, so a December digest replays some 340 days, and each
 * day must cost what it picks, not the size of the knowledge base. (Before, every replayed
 * day keyed every figure and every lead: thousands of pieces a day here, seconds of event
 * loop at 10k passages.) `npm run bench` / `scripts/bench/briefing-minute.ts` time it.
 */
import { describe, expect, it } from 'vitest';
import { syntheticDocuments } from '../../scripts/bench/corpus.ts';
import { candidatesOf } from '../../src/briefing/candidates.ts';
import { composeBriefing } from '../../src/briefing/compose.ts';
import { MIN_GAP_DAYS, rotationWork } from '../../src/briefing/rotation.ts';
import { rangeStats } from '../../src/briefing/stats.ts';
import { addDays } from '../../src/shared/local-time.ts';
import { buildIndex, DOCUMENTS } from './fixtures.ts';

const LATE = '2026-12-06';
/** Days from 1 January to LATE, both counted. */
const DAYS = 340;

function firstDigestWork(passages: number, channel: string) {
  const index = buildIndex([...DOCUMENTS, ...syntheticDocuments(passages, DOCUMENTS)]);
  const { leads, figures } = candidatesOf(index);
  const before = rotationWork();
  composeBriefing({ index, date: LATE, channel });
  const after = rotationWork();
  return {
    pieces: leads.size + figures.length,
    days: after.days - before.days,
    queuedPerDay: (after.queued - before.queued) / (after.days - before.days),
    examinedPerDay: (after.examined - before.examined) / (after.days - before.days),
  };
}

describe('a channel’s first digest late in the year', () => {
  it('replays each day by the pieces it examines, the same few dozen whatever the size of the knowledge base', () => {
    const small = firstDigestWork(1_000, '400000000000000001');
    const large = firstDigestWork(4_000, '400000000000000001');
    expect(small.days).toBe(DAYS);
    expect(large.days).toBe(DAYS);
    expect(large.pieces).toBeGreaterThan(3 * small.pieces);
    // A day shows about five items; it looks at those, the few it may not show today, and a
    // spotlight's dozen candidates — not at the thousands of pieces it could choose from.
    expect(small.examinedPerDay).toBeLessThan(60);
    expect(large.examinedPerDay).toBeLessThan(60);
    expect(large.examinedPerDay).toBeLessThan(small.examinedPerDay * 1.5);
    // Nor does a play put the whole knowledge base in order when it starts: it orders what it
    // shows (each passage shown, its pieces by their new counts), so it holds only that.
    expect(small.queuedPerDay).toBeLessThan(40);
    expect(large.queuedPerDay).toBeLessThan(40);
  });

  it('is the digest a channel posting every day since 1 January gets, in another process too', () => {
    const documents = [...DOCUMENTS, ...syntheticDocuments(300, DOCUMENTS)];
    const daily = buildIndex(documents);
    const posted = Array.from({ length: 120 }, (_, day) => composeBriefing({ index: daily, date: addDays('2026-01-01', day), channel: '400000000000000002' }));
    // A fresh index (another process, or after a restart) replays to the same digest.
    const cold = composeBriefing({ index: buildIndex(documents), date: posted.at(-1)!.date, channel: '400000000000000002' });
    expect(cold).toEqual(posted.at(-1));
    // And the rotation's rules hold over those days: nothing back within the gap, no spotlight
    // twice, and least shown first: some 850 items over 300 passages show nearly every one of
    // them (a fresh draw each day among all of them would miss about one in twenty).
    const stats = rangeStats(daily, posted);
    expect(stats.repeatsWithinGap).toBe(0);
    expect(stats.shortestGap).toBeGreaterThanOrEqual(MIN_GAP_DAYS);
    expect(stats.identicalSpotlights).toBe(0);
    expect(stats.coverage).toBeGreaterThanOrEqual(0.99);
  });
});
