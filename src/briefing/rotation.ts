import { candidatesOf, type BriefingSource, type Candidates, type Piece, type TopicPool } from './candidates.ts';
import { sharesFact, type Fact } from './facts.ts';
import { dayNumber } from '../shared/local-time.ts';
import { cachedSteps, runAtOnce, runInSlices, sharedRun, SLICE_STEP } from '../shared/slices.ts';
import { anniversaryItems, anniversaryTableSteps, keptForAnniversary } from './anniversaries.ts';
import { poolFacts, poolFactsSteps, queueWork, RotationQueue, type Segment } from './rotation-queue.ts';
import { seededRank } from './seeded-order.ts';

/**
 * Which passages a channel sees on which day: a deterministic function of (channel, focus,
 * knowledge base, date), so a preview equals the post and a day without stored history
 * still follows the rules.
 *
 * The schedule is played forward day by day from 1 January of the date's year, each day
 * choosing from what the days before it showed (least shown first, nothing shown in the last
 * `MIN_GAP_DAYS` days). The play is memoised per knowledge base and channel, so a
 * long-running bot or a range of dates extends it rather than restarting it. Starting each
 * year afresh bounds the replay (at most a year of days, whatever the date) at the cost of a
 * seam: in the first days of January a passage shown late in December may come back early.
 *
 * A replayed day costs what it examines, not the size of the knowledge base, and a play holds
 * only what it has shown: each pool of pieces is walked in the play's order (see
 * `RotationQueue`) from the front, past the few pieces it cannot take today.
 */

/**
 * A passage shown on day d comes back on day d + MIN_GAP_DAYS at the earliest, when the
 * knowledge base holds that many days' worth of items; a smaller one comes round sooner
 * (see `gapDays`) rather than leaving digests empty.
 */
export const MIN_GAP_DAYS = 10;
/** A spotlight (topic and passages) is not shown again identical within this many days. */
export const SPOTLIGHT_MEMORY_DAYS = 92;
/** Days after which a topic shown before counts as fully rested. */
const TOPIC_REST_DAYS = 14;

export const KEY_FIGURES = 3;
export const SPOTLIGHT_ITEMS = 3;
/** Items a digest aims at; "more from the knowledge base" fills up to it, with at least MORE_ITEMS. */
export const TARGET_ITEMS = 5;
const MORE_ITEMS = 1;
const SPOTLIGHT_CHARS = 1300;

export interface DayPlan {
  date: string;
  keyFigures: Piece[];
  spotlight: { topic: string; items: Piece[] } | null;
  anniversary: { years: number[]; items: Piece[] };
  /** Anything else worth reading that the channel has seen least. */
  more: Piece[];
  /** The focus topics that could not fill today's spotlight or key figures, so the whole knowledge base did. */
  fellBack: boolean;
}

export interface ScheduleOptions {
  /** Seeds the order: two channels get different digests the same day. */
  channel: string;
  /** Topics this channel follows; empty for the whole knowledge base. */
  focus: readonly string[];
}

interface PlayState {
  day: number;
  lastShown: Map<string, number>;
  timesShown: Map<string, number>;
  pieceTimes: Map<string, number>;
  topicLast: Map<string, number>;
  spotlights: { day: number; key: string }[];
}

/** The pools a channel's days pick from, each in the play's order; fixed for the play. */
interface Queues {
  /** The figures a channel's key figures come from (its topics' figures when focused). */
  figures: RotationQueue;
  /** The distinct passages among them, spread over `gap` days. */
  figurePassages: number;
  /** Every figure, for a focused channel whose topics ran dry today (the same queue when unfocused). */
  allFigures: RotationQueue;
  /** Every lead, passages kept for the key figures or the channel's topics last. */
  leads: RotationQueue;
}

class Play {
  readonly plans = new Map<number, DayPlan>();
  private state: PlayState;
  private readonly queues: Queues;

  constructor(
    private readonly index: BriefingSource,
    private readonly candidates: Candidates,
    private readonly options: ScheduleOptions,
    readonly start: number,
  ) {
    this.state = { day: start - 1, lastShown: new Map(), timesShown: new Map(), pieceTimes: new Map(), topicLast: new Map(), spotlights: [] };
    this.queues = queuesFor(candidates, options);
  }

  planFor(date: string): DayPlan {
    const target = dayNumber(date);
    while (this.state.day < target) {
      const day = this.state.day + 1;
      const plan = planDay(this.index, this.candidates, this.options, this.state, this.queues, dateOf(day), day);
      record(this.state, plan, day);
      const shownToday = new Set(piecesOf(plan).map((piece) => piece.passage.id));
      for (const queue of new Set([this.queues.figures, this.queues.allFigures, this.queues.leads])) queue.reorder(shownToday, this.state.timesShown, this.state.pieceTimes);
      this.plans.set(day, plan);
      this.state.day = day;
      work.days += 1;
    }
    return this.plans.get(target)!;
  }
}

/** What the plays have done since the process started: for tests and the bench (work, not time). */
const work = { plays: 0, days: 0 };

/**
 * Plays started, days played, pieces put in order by count (`queued`: each piece of a passage
 * shown, as it moves back; nothing when a play starts), and pieces examined by the days
 * (`examined`: each piece a day's pick looked at, and each spotlight candidate weighed).
 */
export function rotationWork(): Readonly<typeof work & typeof queueWork> {
  return { ...work, ...queueWork };
}

function queuesFor(candidates: Candidates, options: ScheduleOptions): Queues {
  work.plays += 1;
  const focusPools = options.focus.map((topic) => candidates.topics.get(topic)!);
  const inFocus = (id: string) => focusPools.some((pool) => pool.passageIds.has(id));
  const whole = (size: number): Segment[] => [{ list: null, size, skip: null }];
  const allFigures = new RotationQueue(candidates.figures, options.channel, [whole(candidates.figures.length)], () => 0);
  const figurePool = focusPools.length ? candidates.figures.filter((piece) => inFocus(piece.passage.id)) : candidates.figures;
  const figures = focusPools.length ? new RotationQueue(figurePool, options.channel, [whole(figurePool.length)], () => 0) : allFigures;
  // Passages with a figure are kept for the key figures, and a focused channel's topic passages for
  // its spotlights, while other passages remain: plain leads first, then those with a figure or
  // in focus (in focus first among them), then those with both.
  const pool = leadPool(candidates);
  const segment = (list: readonly number[], skip: ReadonlySet<number> | null = null): Segment => ({ list, size: list.length, skip });
  let leads: RotationQueue;
  if (!focusPools.length) {
    leads = new RotationQueue(pool.pieces, options.channel, [[segment(pool.plain)], [segment(pool.withFigure)]], (i) => pool.kept[i]!);
  } else {
    const { byPassage } = poolFacts(pool.pieces);
    const focused = new Set<number>();
    for (const id of new Set(focusPools.flatMap((focusPool) => [...focusPool.passageIds]))) for (const i of byPassage.get(id) ?? []) focused.add(i);
    const inOrder = [...focused].sort((a, b) => a - b);
    leads = new RotationQueue(
      pool.pieces,
      options.channel,
      [
        [segment(pool.plain, focused)],
        [segment(inOrder.filter((i) => !pool.kept[i])), segment(pool.withFigure, focused)],
        [segment(inOrder.filter((i) => pool.kept[i]))],
      ],
      (i) => pool.kept[i]! + Number(focused.has(i)),
    );
  }
  const figurePassages = focusPools.length ? new Set(figurePool.map((piece) => piece.passage.id)).size : candidates.figurePassageIds.size;
  return { figures, figurePassages, allFigures, leads };
}


/** The leads as a list, and which of them have a figure (kept for the key figures), once per knowledge base. */
function leadPool(candidates: Candidates): LeadPool {
  return runAtOnce(cachedSteps(leadPools, candidates, () => leadPoolSteps(candidates)));
}
interface LeadPool {
  pieces: readonly Piece[];
  /** Per lead: 1 when its passage has a figure. */
  kept: Uint8Array;
  /** The leads without a figure, and those with one (indices, in pool order). */
  plain: readonly number[];
  withFigure: readonly number[];
}
function* leadPoolSteps(candidates: Candidates): Generator<void, LeadPool> {
  const pieces = [...candidates.leads.values()];
  yield;
  const kept = new Uint8Array(pieces.length);
  const plain: number[] = [];
  const withFigure: number[] = [];
  for (let i = 0; i < pieces.length; i += 1) {
    kept[i] = Number(candidates.figurePassageIds.has(pieces[i]!.passage.id));
    (kept[i] ? withFigure : plain).push(i);
    if (i % SLICE_STEP === 0) yield;
  }
  return { pieces, kept, plain, withFigure };
}
const leadPools = new WeakMap<Candidates, LeadPool>();

/**
 * What every channel's play over a knowledge base shares (each document's passages, the
 * anniversaries, the pools' pieces by passage), worked out in slices that yield to the event loop:
 * up to about a second at 100k passages that a first digest would otherwise spend at once.
 * The knowledge base's candidates must be ready (`prepareCandidates`).
 */
export async function prepareRotation(index: BriefingSource, options: { sliceMs?: number } = {}): Promise<void> {
  return sharedRun(preparing, index, () => runInSlices(tableSteps(index), options.sliceMs));
}
const preparing = new WeakMap<BriefingSource, Promise<void>>();

function* tableSteps(index: BriefingSource): Generator<void, void> {
  const candidates = candidatesOf(index);
  yield* cachedSteps(gaps, index, () => gapSteps(candidates));
  yield* anniversaryTableSteps(index, candidates);
  const leads = yield* cachedSteps(leadPools, candidates, () => leadPoolSteps(candidates));
  yield* poolFactsSteps(leads.pieces);
  yield* poolFactsSteps(candidates.figures);
}

const plays = new WeakMap<BriefingSource, Map<string, Play>>();

/** The passages of a channel's digest for a date. */
export function scheduledDay(index: BriefingSource, date: string, options: ScheduleOptions): DayPlan {
  const focus = [...new Set(options.focus)].filter((topic) => candidatesOf(index).topics.has(topic)).sort();
  const key = `${options.channel}\u0000${focus.join('\u0000')}`;
  let byKey = plays.get(index);
  if (!byKey) {
    byKey = new Map();
    plays.set(index, byKey);
  }
  const start = dayNumber(`${date.slice(0, 4)}-01-01`);
  let play = byKey.get(key);
  if (!play || play.start !== start) {
    play = new Play(index, candidatesOf(index), { channel: options.channel, focus }, start);
    byKey.set(key, play);
  }
  return play.planFor(date);
}

/** Days before a passage may come back: MIN_GAP_DAYS, or fewer when the knowledge base cannot fill that many days. */
function gapDays(index: BriefingSource): number {
  return runAtOnce(cachedSteps(gaps, index, () => gapSteps(candidatesOf(index))));
}
function* gapSteps({ leads, figurePassageIds }: Candidates): Generator<void, number> {
  // Passages that can be shown: those with a figure, and those with only a lead.
  let passages = figurePassageIds.size;
  let seen = 0;
  for (const id of leads.keys()) {
    if (!figurePassageIds.has(id)) passages += 1;
    if (++seen % SLICE_STEP === 0) yield;
  }
  return Math.max(1, Math.min(MIN_GAP_DAYS, Math.floor(passages / (TARGET_ITEMS + 1))));
}
const gaps = new WeakMap<BriefingSource, number>();

function planDay(index: BriefingSource, candidates: Candidates, options: ScheduleOptions, state: PlayState, queues: Queues, date: string, day: number): DayPlan {
  const gap = gapDays(index);
  const used = new Set<string>();
  const facts: Fact[] = [];
  // An article's opening is kept for its anniversary day, so that day can recall it by its opening.
  const kept = keptForAnniversary(index, candidates, date, gap);
  const fresh = (piece: Piece) => {
    const last = state.lastShown.get(piece.passage.id);
    return !used.has(piece.passage.id) && !kept(piece.passage.id) && (last === undefined || day - last >= gap) && !sharesFact(piece.facts, facts);
  };
  const take = (piece: Piece) => {
    used.add(piece.passage.id);
    facts.push(...piece.facts);
    return piece;
  };
  const shown = (id: string) => state.timesShown.get(id) ?? 0;

  const anniversary = anniversaryItems(index, candidates, date, fresh, take);

  let fellBack = false;
  const focusPools = options.focus.map((topic) => candidates.topics.get(topic)!);
  // A focused channel's few topics must last: its spotlight takes two items when they hold little.
  const focusSize = focusPools.reduce((sum, pool) => sum + pool.best.length, 0);
  const size = focusPools.length && focusSize < SPOTLIGHT_ITEMS * gap ? 2 : SPOTLIGHT_ITEMS;
  // …and leaves its topics' figures to its key figures where it can.
  const keepFigures = (id: string) => shown(id) + (focusPools.length && candidates.figurePassageIds.has(id) ? 1 : 0);
  let spotlight = chooseSpotlight(focusPools.length ? focusPools : [...candidates.topics.values()], size, options, state, date, day, fresh, keepFigures);
  if (!spotlight && focusPools.length) {
    fellBack = true;
    spotlight = chooseSpotlight([...candidates.topics.values()], SPOTLIGHT_ITEMS, options, state, date, day, fresh, shown);
  }
  spotlight?.items.forEach(take);

  // Figures are few: spread them evenly over the days (each comes back after `gap` days at best),
  // rather than spending them all at once. A focused channel spreads its topics' figures.
  const rate = queues.figurePassages / gap;
  const wanted = Math.min(KEY_FIGURES, Math.max(1, Math.floor((day + 1) * rate) - Math.floor(day * rate)));
  const keyFigures = queues.figures.pick(wanted, fresh, take);
  if (!keyFigures.length && focusPools.length) {
    // The topics' figures ran dry today: one from the whole knowledge base.
    fellBack = true;
    keyFigures.push(...queues.allFigures.pick(1, fresh, take));
  }

  // The rest of the day goes round everything else that stands alone, least shown first.
  const count = anniversary.items.length + (spotlight?.items.length ?? 0) + keyFigures.length;
  const more = queues.leads.pick(Math.max(MORE_ITEMS, TARGET_ITEMS - count), fresh, take);

  return { date, keyFigures, spotlight, anniversary, more, fellBack };
}

/**
 * The topic of the day and its items. Each topic that can fill a spotlight with passages not
 * shown lately, different from every spotlight of the last quarter, is weighed by how much
 * the knowledge base holds on it and how long it has rested, times a (channel, date) draw.
 */
function chooseSpotlight(
  pools: readonly TopicPool[],
  size: number,
  options: ScheduleOptions,
  state: PlayState,
  date: string,
  day: number,
  fresh: (piece: Piece) => boolean,
  shown: (id: string) => number,
): { topic: string; items: Piece[] } | null {
  const recentKeys = new Set(state.spotlights.filter((entry) => day - entry.day < SPOTLIGHT_MEMORY_DAYS).map((entry) => entry.key));
  const weighed = pools.map((pool) => {
    const last = state.topicLast.get(pool.topic);
    const rest = last === undefined ? 1 : Math.min(1, (day - last) / TOPIC_REST_DAYS);
    const draw = 0.5 + seededRank(`${options.channel}|${date}`, pool.topic) / 0xffffffff;
    return { pool, weight: Math.sqrt(pool.best.length) * rest * draw };
  });
  // The heaviest topic that can fill a spotlight today.
  for (const { pool } of weighed.sort((a, b) => b.weight - a.weight || a.pool.topic.localeCompare(b.pool.topic))) {
    const items = spotlightItems(pool, size, recentKeys, fresh, shown);
    if (items) return { topic: pool.topic, items };
  }
  return null;
}

/**
 * A topic's best fresh passages (least shown first, then by rank), from different documents
 * where it can, within the section budget. When that choice was shown this quarter, the next
 * best combinations are tried in order; null when none of at least two items is left.
 */
function spotlightItems(pool: TopicPool, size: number, recentKeys: ReadonlySet<string>, fresh: (piece: Piece) => boolean, shown: (id: string) => number): Piece[] | null {
  queueWork.examined += pool.best.length;
  const ranked = pool.best
    .map((piece, rank) => ({ piece, rank }))
    .filter(({ piece }) => fresh(piece))
    .sort((a, b) => shown(a.piece.passage.id) - shown(b.piece.passage.id) || a.rank - b.rank)
    .map(({ piece }) => piece);
  if (ranked.length < 2) return null;
  const fits = (items: readonly Piece[]) =>
    items.reduce((sum, piece) => sum + piece.text.length, 0) <= SPOTLIGHT_CHARS &&
    items.every((piece, i) => items.slice(i + 1).every((other) => !sharesFact(piece.facts, other.facts)));
  const isNew = (items: readonly Piece[]) => !recentKeys.has(spotlightKey(pool.topic, items));
  // The best choice: one passage per document first, then the next best.
  const spread: Piece[] = [];
  for (const sameDocument of [false, true]) {
    for (const piece of ranked) {
      if (spread.length >= size || spread.includes(piece)) continue;
      if (!sameDocument && spread.some((other) => other.passage.docId === piece.passage.docId)) continue;
      if (fits([...spread, piece])) spread.push(piece);
    }
  }
  if (spread.length >= 2 && isNew(spread)) return spread;
  for (let count = Math.min(size, ranked.length); count >= 2; count -= 1) {
    for (const items of combinations(ranked, count)) if (fits(items) && isNew(items)) return items;
  }
  return null;
}

/** Subsets of `count` items, in the order of `items` (best first). */
function* combinations<T>(items: readonly T[], count: number, from = 0): Generator<T[]> {
  if (count === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - count; i += 1) {
    for (const rest of combinations(items, count - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

function spotlightKey(topic: string, items: readonly Piece[]): string {
  return `${topic}|${items.map((piece) => piece.passage.id).sort().join(',')}`;
}

function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function record(state: PlayState, plan: DayPlan, day: number): void {
  for (const piece of piecesOf(plan)) {
    state.lastShown.set(piece.passage.id, day);
    state.timesShown.set(piece.passage.id, (state.timesShown.get(piece.passage.id) ?? 0) + 1);
    state.pieceTimes.set(piece.key, (state.pieceTimes.get(piece.key) ?? 0) + 1);
  }
  if (plan.spotlight) {
    state.topicLast.set(plan.spotlight.topic, day);
    state.spotlights.push({ day, key: spotlightKey(plan.spotlight.topic, plan.spotlight.items) });
    if (state.spotlights.length > SPOTLIGHT_MEMORY_DAYS * 2) state.spotlights.splice(0, state.spotlights.length - SPOTLIGHT_MEMORY_DAYS);
  }
}

function piecesOf(plan: DayPlan): Piece[] {
  return [...plan.anniversary.items, ...(plan.spotlight?.items ?? []), ...plan.keyFigures, ...plan.more];
}
