import { candidatesOf, type BriefingSource, type Candidates, type Piece, type TopicPool } from './candidates.ts';
import { sharesFact, type Fact } from './facts.ts';
import { addDays, dayNumber } from '../shared/local-time.ts';
import { cachedSteps, runAtOnce, runInSlices } from '../shared/slices.ts';

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
/** Articles recalled on their anniversary week. */
const ANNIVERSARY_DOCUMENTS = 2;

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
      for (const queue of new Set([this.queues.figures, this.queues.allFigures, this.queues.leads])) queue.reorder(plan, this.state);
      this.plans.set(day, plan);
      this.state.day = day;
      work.days += 1;
    }
    return this.plans.get(target)!;
  }
}

/** What the plays have done since the process started: for tests and the bench (work, not time). */
const work = { plays: 0, days: 0, queued: 0, examined: 0 };

/**
 * Plays started, days played, pieces put in order by count (`queued`: each piece of a passage
 * shown, as it moves back; nothing when a play starts), and pieces examined by the days
 * (`examined`: each piece a day's pick looked at, and each spotlight candidate weighed).
 */
export function rotationWork(): Readonly<typeof work> {
  return { ...work };
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

/** Pieces a knowledge base's plays handle in steps of this many between slice points. */
const STEP = 256;

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
    if (i % STEP === 0) yield;
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
  let running = preparing.get(index);
  if (!running) {
    running = runInSlices(tableSteps(index), options.sliceMs).finally(() => preparing.delete(index));
    preparing.set(index, running);
  }
  return running;
}
const preparing = new WeakMap<BriefingSource, Promise<void>>();

function* tableSteps(index: BriefingSource): Generator<void, void> {
  const candidates = candidatesOf(index);
  yield* cachedSteps(gaps, index, () => gapSteps(candidates));
  yield* cachedSteps(passagesByDocument, index, () => passagesByDocumentSteps(index));
  yield* cachedSteps(documentsByDay, index, () => documentsByDaySteps(index));
  yield* cachedSteps(openingsByIndex, index, () => openingsSteps(index, candidates));
  const leads = yield* cachedSteps(leadPools, candidates, () => leadPoolSteps(candidates));
  yield* cachedSteps(poolFactsCache, leads.pieces, () => poolFactSteps(leads.pieces));
  yield* cachedSteps(poolFactsCache, candidates.figures, () => poolFactSteps(candidates.figures));
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
    if (++seen % STEP === 0) yield;
  }
  return Math.max(1, Math.min(MIN_GAP_DAYS, Math.floor(passages / (TARGET_ITEMS + 1))));
}
const gaps = new WeakMap<BriefingSource, number>();

type KnowledgePassage = BriefingSource['passages'][number];

/** Each document's passages in order, found once per knowledge base rather than by a scan a day. */
function passagesOf(index: BriefingSource, docId: string): readonly KnowledgePassage[] {
  return runAtOnce(cachedSteps(passagesByDocument, index, () => passagesByDocumentSteps(index))).get(docId) ?? [];
}
function* passagesByDocumentSteps(index: BriefingSource): Generator<void, Map<string, KnowledgePassage[]>> {
  const byDocument = new Map<string, KnowledgePassage[]>();
  for (const [i, passage] of index.passages.entries()) {
    const list = byDocument.get(passage.docId);
    if (list) list.push(passage);
    else byDocument.set(passage.docId, [passage]);
    if (i % STEP === 0) yield;
  }
  return byDocument;
}
const passagesByDocument = new WeakMap<BriefingSource, Map<string, KnowledgePassage[]>>();

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
 * One pool's pieces in the play's order: after any the pool keeps for last (`groups`, first
 * to last), least shown first (by passage, then by piece), and among equals in an order drawn
 * for the channel and the round (how many times the passage was shown), so each round goes
 * through the pool in a different order, fixed for the play.
 *
 * A day walks that order from the front, skipping what it cannot show today (shown within the
 * gap, kept for an anniversary, stating a figure the day already states), so it costs the
 * pieces it examines, not the pool's size; and a play holds only what it has shown. Pieces of
 * passages never shown yet (nearly all of a large knowledge base) are walked in a seeded
 * permutation of their group's list (`Permutation`: nothing stored per piece); a piece whose
 * passage was shown moves to its group's heap, keyed by its counts and that round's draw.
 */
class RotationQueue {
  private readonly byPassage: ReadonlyMap<string, readonly number[]>;
  /** Per group and segment: the permutation, and how far its front has passed for good. */
  private readonly untouched: { segment: Segment; order: Permutation; front: number }[][];
  /** Per group: the pieces whose passage was shown, least shown first (stale entries skipped). */
  private readonly heaps: Shown[][];
  /** The current entry of each piece whose passage was shown. */
  private readonly shown = new Map<number, Shown>();
  private readonly roundSeeds: number[] = [];

  constructor(
    private readonly pieces: readonly Piece[],
    private readonly channel: string,
    /** The pool's pieces (indices), the ones to take first first; a group's segments in order. */
    groups: readonly (readonly Segment[])[],
    /** The group of a piece. */
    private readonly groupOf: (i: number) => number,
  ) {
    this.byPassage = poolFacts(pieces).byPassage;
    this.untouched = groups.map((segments, g) =>
      segments.map((segment, s) => ({ segment, order: new Permutation(segment.size, seededRank(`${channel}|order`, `${g}|${s}`)), front: 0 })),
    );
    this.heaps = groups.map(() => []);
  }

  /**
   * Up to `count` fresh pieces in the play's order, one per document first, taking each as it
   * goes; a document twice only when the whole pool has been walked.
   */
  pick(count: number, fresh: (piece: Piece) => boolean, take: (piece: Piece) => Piece): Piece[] {
    const walked: number[] = [];
    const popped: Shown[] = [];
    const chosen: Piece[] = [];
    const documents = new Set<string>();
    for (const i of this.walk(popped)) {
      if (chosen.length >= count) break;
      walked.push(i);
      work.examined += 1;
      const piece = this.pieces[i]!;
      if (documents.has(piece.passage.docId) || !fresh(piece)) continue;
      documents.add(piece.passage.docId);
      chosen.push(take(piece));
    }
    // The pool ran dry at one piece per document: the same order again, a document twice.
    for (const i of chosen.length < count ? walked : []) {
      if (chosen.length >= count) break;
      work.examined += 1;
      const piece = this.pieces[i]!;
      if (chosen.includes(piece) || !fresh(piece)) continue;
      chosen.push(take(piece));
    }
    for (const entry of popped) heapPush(this.heaps[entry.group]!, entry);
    return chosen;
  }

  /** After a day is recorded: its passages' pieces move to their heaps, by their new counts. */
  reorder(plan: DayPlan, state: PlayState): void {
    for (const passageId of new Set(piecesOf(plan).map((piece) => piece.passage.id))) {
      const times = state.timesShown.get(passageId) ?? 0;
      for (const i of this.byPassage.get(passageId) ?? []) {
        const piece = this.pieces[i]!;
        const entry: Shown = {
          i,
          group: this.groupOf(i),
          times,
          pieceTimes: state.pieceTimes.get(piece.key) ?? 0,
          draw: mix(seededRank('', piece.key) ^ this.roundSeed(times)),
        };
        this.shown.set(i, entry);
        heapPush(this.heaps[entry.group]!, entry);
        work.queued += 1;
      }
    }
  }

  /**
   * The pool in order: each group's pieces never shown (count zero) in their permutation, then
   * its shown ones from the heap (popped into `popped`, for the caller to put back).
   */
  private *walk(popped: Shown[]): Generator<number> {
    for (const [g, segments] of this.untouched.entries()) {
      for (const cursor of segments) {
        const { segment, order } = cursor;
        for (let at = cursor.front; at < segment.size; at += 1) {
          const position = order.at(at);
          const i = segment.list ? segment.list[position]! : position;
          if (this.shown.has(i) || segment.skip?.has(i)) {
            // Never walked again: shown ones are in the heap now, skipped ones belong elsewhere.
            if (at === cursor.front) cursor.front += 1;
            continue;
          }
          yield i;
        }
      }
      const heap = this.heaps[g]!;
      while (heap.length) {
        const entry = heapPop(heap);
        if (this.shown.get(entry.i) !== entry) continue;
        popped.push(entry);
        yield entry.i;
      }
    }
  }

  /** The draw of a round: one seed per channel and count, so every round has its own order. */
  private roundSeed(times: number): number {
    return (this.roundSeeds[times] ??= seededRank(`${this.channel}|round`, String(times)));
  }
}

/** Part of a group: pieces (indices into the pool; all of them when `list` is null), less those in `skip`. */
interface Segment {
  list: readonly number[] | null;
  size: number;
  skip: ReadonlySet<number> | null;
}

/** A piece whose passage was shown, in its group's heap. */
interface Shown {
  i: number;
  group: number;
  times: number;
  pieceTimes: number;
  draw: number;
}

/** Less shown, less quoted, the round's draw, then pool order. */
function before(a: Shown, b: Shown): boolean {
  if (a.times !== b.times) return a.times < b.times;
  if (a.pieceTimes !== b.pieceTimes) return a.pieceTimes < b.pieceTimes;
  if (a.draw !== b.draw) return a.draw < b.draw;
  return a.i < b.i;
}

function heapPush(heap: Shown[], entry: Shown): void {
  let at = heap.length;
  heap.push(entry);
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!before(entry, heap[parent]!)) break;
    heap[at] = heap[parent]!;
    at = parent;
  }
  heap[at] = entry;
}

function heapPop(heap: Shown[]): Shown {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length) {
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && before(heap[child + 1]!, heap[child]!)) child += 1;
      if (!before(heap[child]!, last)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = last;
  }
  return top;
}

/**
 * A seeded pseudo-random permutation of 0 … size − 1, computed per position rather than
 * stored: a four-round Feistel network over the smallest square power of two that holds
 * `size`, walking the cycle until it lands in range (fewer than four steps on average).
 */
class Permutation {
  private readonly bits: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly size: number,
    seed: number,
  ) {
    let bits = 1;
    while (2 ** (2 * bits) < size) bits += 1;
    this.bits = bits;
    this.mask = 2 ** bits - 1;
    this.keys = [1, 2, 3, 4].map((round) => mix(seed ^ Math.imul(round, 0x9e3779b9)));
  }

  at(position: number): number {
    let x = position;
    do x = this.encrypt(x);
    while (x >= this.size);
    return x;
  }

  private encrypt(x: number): number {
    let left = x >>> this.bits;
    let right = x & this.mask;
    for (const key of this.keys) [left, right] = [right, left ^ (mix(right ^ key) & this.mask)];
    return left * 2 ** this.bits + right;
  }
}

/** A pool's pieces by passage, once per pool (the plays of every channel share them). */
function poolFacts(pieces: readonly Piece[]): PoolFacts {
  return runAtOnce(cachedSteps(poolFactsCache, pieces, () => poolFactSteps(pieces)));
}
interface PoolFacts {
  byPassage: ReadonlyMap<string, readonly number[]>;
}
function* poolFactSteps(pieces: readonly Piece[]): Generator<void, PoolFacts> {
  const byPassage = new Map<string, number[]>();
  for (const [i, piece] of pieces.entries()) {
    const list = byPassage.get(piece.passage.id);
    if (list) list.push(i);
    else byPassage.set(piece.passage.id, [i]);
    if (i % STEP === 0) yield;
  }
  return { byPassage };
}
const poolFactsCache = new WeakMap<readonly Piece[], PoolFacts>();

function piecesOf(plan: DayPlan): Piece[] {
  return [...plan.anniversary.items, ...(plan.spotlight?.items ?? []), ...plan.keyFigures, ...plan.more];
}


/** A 32-bit integer finaliser (murmur3's fmix32): spreads a hash's bits. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
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
  work.examined += pool.best.length;
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

/**
 * Articles published in the same week (Monday to Sunday) of an earlier year: one piece each,
 * the article's first passage that is fresh today (its opening, unless that was shown lately).
 */
function anniversaryItems(
  index: BriefingSource,
  candidates: Candidates,
  date: string,
  fresh: (piece: Piece) => boolean,
  take: (piece: Piece) => Piece,
): { years: number[]; items: Piece[] } {
  const year = Number(date.slice(0, 4));
  const documents = anniversaryDocuments(index, weekStart(date));
  const items: Piece[] = [];
  const years = new Set<number>();
  for (const document of documents) {
    const pieces = passagesOf(index, document.id)
      .flatMap((passage, position) => {
        const lead = candidates.leads.get(passage.id);
        return lead ? [{ lead, position }] : [];
      })
      .filter(({ lead }) => fresh(lead));
    const first = pieces[0];
    if (!first) continue;
    items.push(take(first.lead));
    years.add(year - Number(document.published!.slice(0, 4)));
  }
  return { years: [...years].sort((a, b) => a - b), items };
}

/** The newest articles whose anniversary falls in the week from `week` (a Monday), once per knowledge base and week. */
function anniversaryDocuments(index: BriefingSource, week: string): readonly BriefingSource['documents'][number][] {
  let byWeek = documentsByWeek.get(index);
  if (!byWeek) documentsByWeek.set(index, (byWeek = new Map()));
  let documents = byWeek.get(week);
  if (!documents) {
    documents = Array.from({ length: 7 }, (_, offset) => addDays(week, offset))
      .flatMap((day) => publishedOn(index, day))
      .sort((a, b) => (a.published! < b.published! ? 1 : -1))
      .slice(0, ANNIVERSARY_DOCUMENTS);
    byWeek.set(week, documents);
  }
  return documents;
}
const documentsByWeek = new WeakMap<BriefingSource, Map<string, readonly BriefingSource['documents'][number][]>>();

/**
 * Whether a passage is the opening of an article whose anniversary comes within the next
 * `gap` days (not today). Asked only of the pieces a day examines, so a day does not list
 * every article of the coming days.
 */
function keptForAnniversary(index: BriefingSource, candidates: Candidates, date: string, gap: number): (passageId: string) => boolean {
  const openings = openingsOf(index, candidates);
  let days: string[] | undefined;
  return (passageId) => {
    const published = openings.get(passageId);
    if (!published) return false;
    days ??= Array.from({ length: gap - 1 }, (_, ahead) => addDays(date, ahead + 1));
    return days.some((day) => published.some((first) => isAnniversary(first, day)));
  };
}

/** Each article's opening (its first passage with a lead) and the dates its articles were published, once per knowledge base. */
function openingsOf(index: BriefingSource, candidates: Candidates): ReadonlyMap<string, readonly string[]> {
  return runAtOnce(cachedSteps(openingsByIndex, index, () => openingsSteps(index, candidates)));
}
function* openingsSteps(index: BriefingSource, candidates: Candidates): Generator<void, Map<string, string[]>> {
  const byDocument = yield* cachedSteps(passagesByDocument, index, () => passagesByDocumentSteps(index));
  const openings = new Map<string, string[]>();
  for (const [i, document] of index.documents.entries()) {
    if (i % STEP === 0) yield;
    if (document.published?.length !== 10) continue;
    const opening = byDocument.get(document.id)?.find((passage) => candidates.leads.has(passage.id));
    if (opening) openings.set(opening.id, [...(openings.get(opening.id) ?? []), document.published]);
  }
  return openings;
}
const openingsByIndex = new WeakMap<BriefingSource, Map<string, string[]>>();

/** Whether an article published on `published` (a full date) has its anniversary on `date`: see `publishedOn`. */
function isAnniversary(published: string, date: string): boolean {
  const year = Number(date.slice(0, 4));
  if (Number(published.slice(0, 4)) >= year) return false;
  const monthDay = date.slice(5);
  if (published.slice(5) === monthDay) return true;
  return monthDay === '02-28' && published.slice(5) === '02-29' && sameDayIn('2000-02-29', year) !== `${year}-02-29`;
}

/**
 * Documents (with a full date) published in an earlier year on this month and day: their
 * anniversary is this date. 29 February counts on 28 February in other years.
 */
function publishedOn(index: BriefingSource, date: string): BriefingSource['documents'][number][] {
  const byDay = runAtOnce(cachedSteps(documentsByDay, index, () => documentsByDaySteps(index)));
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  const leapDayMissing = monthDay === '02-28' && sameDayIn('2000-02-29', year) !== `${year}-02-29`;
  return [...(byDay.get(monthDay) ?? []), ...(leapDayMissing ? (byDay.get('02-29') ?? []) : [])].filter((document) => Number(document.published!.slice(0, 4)) < year);
}
function* documentsByDaySteps(index: BriefingSource): Generator<void, Map<string, BriefingSource['documents'][number][]>> {
  const byDay = new Map<string, BriefingSource['documents'][number][]>();
  for (const [i, document] of index.documents.entries()) {
    if (i % STEP === 0) yield;
    if (document.published?.length !== 10) continue;
    const monthDay = document.published.slice(5);
    const list = byDay.get(monthDay);
    if (list) list.push(document);
    else byDay.set(monthDay, [document]);
  }
  return byDay;
}
const documentsByDay = new WeakMap<BriefingSource, Map<string, BriefingSource['documents'][number][]>>();

/** The same month and day in another year (29 February becomes 28 February). */
function sameDayIn(date: string, year: number): string {
  const candidate = `${year}${date.slice(4)}`;
  return new Date(`${candidate}T00:00:00Z`).toISOString().startsWith(candidate) ? candidate : `${year}-02-28`;
}

function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of a date's week. */
function weekStart(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
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

/** FNV-1a hash of `seed|key`: a stable pseudo-random order that changes from one seed (channel, date, round) to the next. */
function seededRank(seed: string, key: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}|${key}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
