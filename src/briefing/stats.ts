import { danglingOpener } from '../knowledge/self-contained.ts';
import type { BriefingSource } from './candidates.ts';
import { candidatesOf } from './candidates.ts';
import { factsOf, sharesFact } from './facts.ts';
import { dayNumber } from '../shared/local-time.ts';
import { MIN_GAP_DAYS, SPOTLIGHT_MEMORY_DAYS } from './rotation.ts';
import type { Briefing } from './types.ts';

/** Repetition and coverage of a run of consecutive digests, for curators (`--stats`). */
export interface RangeStats {
  digests: number;
  items: { min: number; mean: number; max: number };
  /** Distinct passages shown, and how many passages could be shown at all (their opening or a figure stands alone). */
  passagesShown: number;
  passagesEligible: number;
  /** Shown passages as a share of eligible ones. */
  coverage: number;
  /** Times a passage came back fewer than MIN_GAP_DAYS days after its last showing. */
  repeatsWithinGap: number;
  /** Shortest gap (days) between two showings of one passage; null when nothing came back. */
  shortestGap: number | null;
  /** Most times one passage was shown. */
  mostShown: number;
  /** Digests in which two items state the same figure. */
  digestsWithFigureTwice: number;
  /** Spotlights (topic and passages) shown again within a quarter. */
  identicalSpotlights: number;
  /** Items whose first sentence leans on one the reader was not shown. */
  danglingOpeners: number;
  /** How many days each topic had the spotlight. */
  spotlightTopics: Record<string, number>;
  /** Digests recalling an article published the same week of an earlier year. */
  anniversaryDigests: number;
}

export function rangeStats(index: BriefingSource, briefings: readonly Briefing[]): RangeStats {
  const counts = briefings.map((briefing) => briefing.sections.reduce((sum, section) => sum + section.items.length, 0));
  const lastShown = new Map<string, number>();
  const times = new Map<string, number>();
  let repeatsWithinGap = 0;
  let shortestGap: number | null = null;
  let digestsWithFigureTwice = 0;
  let danglingOpeners = 0;
  let identicalSpotlights = 0;
  let anniversaryDigests = 0;
  const spotlights: { day: number; key: string }[] = [];
  const spotlightTopics: Record<string, number> = {};
  for (const briefing of briefings) {
    const day = dayNumber(briefing.date);
    const items = briefing.sections.flatMap((section) => section.items);
    for (const id of new Set(items.map((item) => item.passageId))) {
      const last = lastShown.get(id);
      if (last !== undefined) {
        shortestGap = Math.min(shortestGap ?? Infinity, day - last);
        if (day - last < MIN_GAP_DAYS) repeatsWithinGap += 1;
      }
      lastShown.set(id, day);
      times.set(id, (times.get(id) ?? 0) + 1);
    }
    const facts = items.map((item) => factsOf(item.text));
    if (facts.some((mine, i) => facts.some((theirs, j) => j > i && sharesFact(mine, theirs)))) digestsWithFigureTwice += 1;
    danglingOpeners += items.filter((item) => danglingOpener(item.text) !== null).length;
    const spotlight = briefing.sections.find((section) => section.title.startsWith('Spotlight: '));
    if (spotlight) {
      const topic = spotlight.title.slice('Spotlight: '.length);
      spotlightTopics[topic] = (spotlightTopics[topic] ?? 0) + 1;
      const key = `${topic}|${spotlight.items.map((item) => item.passageId).sort().join(',')}`;
      if (spotlights.some((entry) => entry.key === key && day - entry.day < SPOTLIGHT_MEMORY_DAYS)) identicalSpotlights += 1;
      spotlights.push({ day, key });
    }
    if (briefing.sections.some((section) => /ago this week|earlier years/.test(section.title))) anniversaryDigests += 1;
  }
  const candidates = candidatesOf(index);
  const eligible = new Set([...candidates.leads.keys(), ...candidates.figures.map((piece) => piece.passage.id)]);
  return {
    digests: briefings.length,
    items: {
      min: counts.length ? Math.min(...counts) : 0,
      mean: counts.length ? Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 10) / 10 : 0,
      max: counts.length ? Math.max(...counts) : 0,
    },
    passagesShown: lastShown.size,
    passagesEligible: eligible.size,
    coverage: eligible.size ? Math.round((lastShown.size / eligible.size) * 1000) / 1000 : 0,
    repeatsWithinGap,
    shortestGap,
    mostShown: Math.max(0, ...times.values()),
    digestsWithFigureTwice,
    identicalSpotlights,
    danglingOpeners,
    spotlightTopics: Object.fromEntries(Object.entries(spotlightTopics).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    anniversaryDigests,
  };
}
