import type { Piece } from './candidates.ts';
import { mix, Permutation, seededRank } from './seeded-order.ts';
import { cachedSteps, runAtOnce, SLICE_STEP } from '../shared/slices.ts';

/** Pieces put in order and examined by the days since the process started, queues and spotlights (see `rotationWork` in rotation.ts). */
export const queueWork = { queued: 0, examined: 0 };

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
export class RotationQueue {
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
      queueWork.examined += 1;
      const piece = this.pieces[i]!;
      if (documents.has(piece.passage.docId) || !fresh(piece)) continue;
      documents.add(piece.passage.docId);
      chosen.push(take(piece));
    }
    // The pool ran dry at one piece per document: the same order again, a document twice.
    for (const i of chosen.length < count ? walked : []) {
      if (chosen.length >= count) break;
      queueWork.examined += 1;
      const piece = this.pieces[i]!;
      if (chosen.includes(piece) || !fresh(piece)) continue;
      chosen.push(take(piece));
    }
    for (const entry of popped) heapPush(this.heaps[entry.group]!, entry);
    return chosen;
  }

  /** After a day is recorded: the pieces of the passages it showed move to their heaps, by their new counts. */
  reorder(passageIds: ReadonlySet<string>, timesShown: ReadonlyMap<string, number>, pieceTimes: ReadonlyMap<string, number>): void {
    for (const passageId of passageIds) {
      const times = timesShown.get(passageId) ?? 0;
      for (const i of this.byPassage.get(passageId) ?? []) {
        const piece = this.pieces[i]!;
        const entry: Shown = {
          i,
          group: this.groupOf(i),
          times,
          pieceTimes: pieceTimes.get(piece.key) ?? 0,
          draw: mix(seededRank('', piece.key) ^ this.roundSeed(times)),
        };
        this.shown.set(i, entry);
        heapPush(this.heaps[entry.group]!, entry);
        queueWork.queued += 1;
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
export interface Segment {
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

/** A pool's pieces by passage, once per pool (the plays of every channel share them). */
export function poolFacts(pieces: readonly Piece[]): PoolFacts {
  return runAtOnce(poolFactsSteps(pieces));
}
/** The steps that work a pool's facts out (once per pool), for a caller that runs them in slices. */
export function poolFactsSteps(pieces: readonly Piece[]): Generator<void, PoolFacts> {
  return cachedSteps(poolFactsCache, pieces, () => poolFactSteps(pieces));
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
    if (i % SLICE_STEP === 0) yield;
  }
  return { byPassage };
}
const poolFactsCache = new WeakMap<readonly Piece[], PoolFacts>();
