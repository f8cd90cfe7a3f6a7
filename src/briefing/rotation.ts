import { candidatesOf, type BriefingSource, type Candidates, type Piece, type TopicPool } from './candidates.ts';
import { sharesFact, type Fact } from './facts.ts';
import { addDays, dayNumber } from '../shared/local-time.ts';

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

class Play {
  readonly plans = new Map<number, DayPlan>();
  private state: PlayState;

  constructor(
    private readonly index: BriefingSource,
    private readonly candidates: Candidates,
    private readonly options: ScheduleOptions,
    readonly start: number,
  ) {
    this.state = { day: start - 1, lastShown: new Map(), timesShown: new Map(), pieceTimes: new Map(), topicLast: new Map(), spotlights: [] };
  }

  planFor(date: string): DayPlan {
    const target = dayNumber(date);
    while (this.state.day < target) {
      const day = this.state.day + 1;
      const plan = planDay(this.index, this.candidates, this.options, this.state, dateOf(day), day);
      record(this.state, plan, day);
      this.plans.set(day, plan);
      this.state.day = day;
    }
    return this.plans.get(target)!;
  }
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
  let gap = gaps.get(index);
  if (gap === undefined) {
    const { leads, figurePassageIds } = candidatesOf(index);
    const passages = new Set([...leads.keys(), ...figurePassageIds]).size;
    gaps.set(index, (gap = Math.max(1, Math.min(MIN_GAP_DAYS, Math.floor(passages / (TARGET_ITEMS + 1))))));
  }
  return gap;
}
const gaps = new WeakMap<BriefingSource, number>();

/** Each document's passages in order, found once per knowledge base rather than by a scan a day. */
function passagesOf(index: BriefingSource, docId: string): readonly BriefingSource['passages'][number][] {
  let byDocument = passagesByDocument.get(index);
  if (!byDocument) {
    byDocument = new Map();
    for (const passage of index.passages) {
      const list = byDocument.get(passage.docId);
      if (list) list.push(passage);
      else byDocument.set(passage.docId, [passage]);
    }
    passagesByDocument.set(index, byDocument);
  }
  return byDocument.get(docId) ?? [];
}
const passagesByDocument = new WeakMap<BriefingSource, Map<string, BriefingSource['passages'][number][]>>();

function planDay(index: BriefingSource, candidates: Candidates, options: ScheduleOptions, state: PlayState, date: string, day: number): DayPlan {
  const gap = gapDays(index);
  const used = new Set<string>();
  const facts: Fact[] = [];
  // An article's opening is kept for its anniversary day, so that day can recall it by its opening.
  const kept = keptForAnniversary(index, candidates, date, gap);
  const fresh = (piece: Piece) => {
    const last = state.lastShown.get(piece.passage.id);
    return !used.has(piece.passage.id) && !kept.has(piece.passage.id) && (last === undefined || day - last >= gap) && !sharesFact(piece.facts, facts);
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

  const daySeed = seededRank(`${options.channel}|${date}`, '');
  // The day's draw: a per-piece hash mixed with the (channel, date) seed, so it costs a few
  // integer operations a piece however long the play.
  const draw = (piece: Piece) => mix(pieceHash(piece) ^ daySeed);
  /** Up to `count` fresh pieces, least shown first, then least quoted, then the day's draw, one per document first. */
  const pickBest = (pieces: readonly Piece[], count: number, rankFirst: (piece: Piece) => number = () => 0) => {
    const keyed: Keyed[] = [];
    for (const piece of pieces) {
      if (fresh(piece)) keyed.push({ piece, a: rankFirst(piece), b: shown(piece.passage.id), c: state.pieceTimes.get(piece.key) ?? 0, d: draw(piece) });
    }
    return pickSpreadSorted(keyed, count, fresh, take);
  };

  // Figures are few: spread them evenly over the days (each comes back after `gap` days at best),
  // rather than spending them all at once. A focused channel spreads its topics' figures.
  const figurePool = focusPools.length
    ? candidates.figures.filter((piece) => focusPools.some((pool) => pool.passageIds.has(piece.passage.id)))
    : candidates.figures;
  const rate = new Set(figurePool.map((piece) => piece.passage.id)).size / gap;
  const wanted = Math.min(KEY_FIGURES, Math.max(1, Math.floor((day + 1) * rate) - Math.floor(day * rate)));
  const keyFigures = pickBest(figurePool, wanted);
  if (!keyFigures.length && focusPools.length) {
    // The topics' figures ran dry today: one from the whole knowledge base.
    fellBack = true;
    keyFigures.push(...pickBest(candidates.figures, 1));
  }

  // The rest of the day goes round everything else that stands alone, least shown first.
  const count = anniversary.items.length + (spotlight?.items.length ?? 0) + keyFigures.length;
  // Passages with a figure are kept for the key figures, and a focused channel's topic passages for
  // its spotlights, while other passages remain.
  const reserved = (piece: Piece) =>
    Number(candidates.figurePassageIds.has(piece.passage.id)) + Number(focusPools.some((pool) => pool.passageIds.has(piece.passage.id)));
  const more = pickBest([...candidates.leads.values()], Math.max(MORE_ITEMS, TARGET_ITEMS - count), reserved);

  return { date, keyFigures, spotlight, anniversary, more, fellBack };
}

interface Keyed {
  piece: Piece;
  a: number;
  b: number;
  c: number;
  d: number;
}

const byKeys = (x: Keyed, y: Keyed) => x.a - y.a || x.b - y.b || x.c - y.c || x.d - y.d;
/** How many of the best pieces are ordered first; the rest are sorted only when a day needs them. */
const PREFIX = 64;

/**
 * Up to `count` fresh pieces in key order, one per document first, taking each as it goes.
 * A day takes a handful of thousands of pieces, so only the best PREFIX are sorted at first;
 * the whole list is sorted only when the walk runs past them, which gives the same choice as
 * sorting everything.
 */
function pickSpreadSorted(keyed: Keyed[], count: number, fresh: (piece: Piece) => boolean, take: (piece: Piece) => Piece): Piece[] {
  let list = keyed.length <= PREFIX ? keyed.sort(byKeys) : smallest(keyed, PREFIX);
  let complete = list.length === keyed.length;
  const chosen: Piece[] = [];
  const documents = new Set<string>();
  for (const spread of [true, false]) {
    for (let i = 0; ; i += 1) {
      if (chosen.length >= count) return chosen;
      if (i >= list.length) {
        if (complete) break;
        list = keyed.sort(byKeys);
        complete = true;
        if (i >= list.length) break;
      }
      const piece = list[i]!.piece;
      if (spread && documents.has(piece.passage.docId)) continue;
      if (chosen.includes(piece) || !fresh(piece)) continue;
      documents.add(piece.passage.docId);
      chosen.push(take(piece));
    }
  }
  return chosen;
}

/** The `limit` smallest by key, in order (one pass, keeping a small sorted buffer). */
function smallest(keyed: readonly Keyed[], limit: number): Keyed[] {
  const best: Keyed[] = [];
  for (const item of keyed) {
    if (best.length === limit && byKeys(item, best[limit - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && byKeys(item, best[at - 1]!) < 0) at -= 1;
    best.splice(at, 0, item);
    if (best.length > limit) best.pop();
  }
  return best;
}

const pieceHashes = new WeakMap<Piece, number>();
function pieceHash(piece: Piece): number {
  let hash = pieceHashes.get(piece);
  if (hash === undefined) pieceHashes.set(piece, (hash = seededRank('', piece.key)));
  return hash;
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
  const week = weekStart(date);
  const documents = Array.from({ length: 7 }, (_, offset) => addDays(week, offset))
    .flatMap((day) => publishedOn(index, day))
    .sort((a, b) => (a.published! < b.published! ? 1 : -1))
    .slice(0, ANNIVERSARY_DOCUMENTS);
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

/** Openings of articles whose anniversary comes within the next `gap` days (not today). */
function keptForAnniversary(index: BriefingSource, candidates: Candidates, date: string, gap: number): Set<string> {
  const kept = new Set<string>();
  for (let ahead = 1; ahead < gap; ahead += 1) {
    for (const document of publishedOn(index, addDays(date, ahead))) {
      const opening = passagesOf(index, document.id).find((passage) => candidates.leads.has(passage.id));
      if (opening) kept.add(opening.id);
    }
  }
  return kept;
}

/**
 * Documents (with a full date) published in an earlier year on this month and day: their
 * anniversary is this date. 29 February counts on 28 February in other years.
 */
function publishedOn(index: BriefingSource, date: string): BriefingSource['documents'][number][] {
  let byDay = documentsByDay.get(index);
  if (!byDay) {
    byDay = new Map();
    for (const document of index.documents) {
      if (document.published?.length !== 10) continue;
      const monthDay = document.published.slice(5);
      const list = byDay.get(monthDay);
      if (list) list.push(document);
      else byDay.set(monthDay, [document]);
    }
    documentsByDay.set(index, byDay);
  }
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  const leapDayMissing = monthDay === '02-28' && sameDayIn('2000-02-29', year) !== `${year}-02-29`;
  return [...(byDay.get(monthDay) ?? []), ...(leapDayMissing ? (byDay.get('02-29') ?? []) : [])].filter((document) => Number(document.published!.slice(0, 4)) < year);
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
  const pieces = [...plan.anniversary.items, ...(plan.spotlight?.items ?? []), ...plan.keyFigures, ...plan.more];
  for (const piece of pieces) {
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

/** FNV-1a hash of `seed|key`: a stable pseudo-random order that changes from one seed (date) to the next. */
function seededRank(seed: string, key: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}|${key}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
