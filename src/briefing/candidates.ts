import { splitSentences } from '../knowledge/sentences.ts';
import { selfContainedRun } from '../knowledge/self-contained.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Passage } from '../knowledge/passages.ts';
import { factsOf, type Fact } from './facts.ts';
import { figureSentences } from './key-figures.ts';
import { cachedSteps, runAtOnce, runInSlices, sharedRun } from '../shared/slices.ts';

/** The part of the knowledge base a briefing reads. */
export type BriefingSource = Pick<SearchIndex, 'documents' | 'passages' | 'topics' | 'search' | 'citation'>;

/** One piece a digest can show: whole sentences of one passage that stand alone, and the figures they state. */
export interface Piece {
  passage: Passage;
  /** Verbatim, a run of whole sentences of the passage. */
  text: string;
  /** Identifies the piece among its passage's pieces (its start offset). */
  key: string;
  facts: Fact[];
}

/** A topic's passages, best first by the search index's rank for the topic. */
export interface TopicPool {
  topic: string;
  /** Spotlight candidates: the leads of passages that rank near the top for the topic. */
  best: Piece[];
  /** Every passage the search index finds for the topic (a focused channel's key figures come from these). */
  passageIds: ReadonlySet<string>;
}

/** What the digest picks from, worked out once per knowledge base. */
export interface Candidates {
  /** A passage's opening that stands alone, within the item budget; missing when it has none. */
  leads: ReadonlyMap<string, Piece>;
  /** Figure pieces of every passage, in passage order. */
  figures: readonly Piece[];
  figurePassageIds: ReadonlySet<string>;
  topics: ReadonlyMap<string, TopicPool>;
}

// Character budgets keep the whole digest well inside Discord's 6000 characters per message.
const LEAD_CHARS = 480;
const FIGURE_CHARS = 420;
/** Passages the search index returns for a topic; those scoring under this share of the best are not its best. */
const TOPIC_HITS = 40;
const TOPIC_RELEVANCE = 0.2;
const TOPIC_BEST = 12;
/** Below this many standing-alone passages a topic is also looked up word by word. */
const TOPIC_FEW = 4;
const TOPIC_FILLER = new Set(['from', 'beyond', 'with', 'against', 'into', 'over', 'about']);

const cache = new WeakMap<BriefingSource, Candidates>();
const pending = new WeakMap<BriefingSource, Promise<Candidates>>();

/** What the digest picks from, worked out at once (on the event loop) the first time a knowledge base asks. */
export function candidatesOf(index: BriefingSource): Candidates {
  return runAtOnce(cachedSteps(cache, index, () => prepareSteps(index)));
}

/**
 * The same candidates, worked out in slices that yield to the event loop (every passage's
 * sentences and every topic's searches: seconds at 100k passages), so interactions and the
 * gateway keep flowing while a knowledge base is read for the first time. Callers that then
 * compose find them ready; concurrent callers share one reading. A small knowledge base is
 * done within its first slice, without a turn of the event loop.
 */
export async function prepareCandidates(index: BriefingSource, options: { sliceMs?: number } = {}): Promise<Candidates> {
  const found = cache.get(index);
  if (found) return found;
  return sharedRun(pending, index, () => runInSlices(cachedSteps(cache, index, () => prepareSteps(index)), options.sliceMs));
}

/** Passage ids the search index ranks for `query`, best first, down to a share of the best score. */
function relevantHits(index: BriefingSource, query: string): string[] {
  return relevantOf(index.search(query, { limit: TOPIC_HITS }).hits);
}

function relevantOf(hits: readonly { passageId: string; score: number }[]): string[] {
  const top = hits[0]?.score ?? 0;
  return hits.filter((hit) => hit.score >= top * TOPIC_RELEVANCE).map((hit) => hit.passageId);
}

/** Works the candidates out, yielding after each passage and each search (where a sliced caller may pause). */
function* prepareSteps(index: BriefingSource): Generator<void, Candidates> {
  const leads = new Map<string, Piece>();
  const figures: Piece[] = [];
  for (const passage of index.passages) {
    const lead = leadPiece(passage, LEAD_CHARS);
    if (lead) leads.set(passage.id, lead);
    figures.push(...figurePieces(passage));
    yield;
  }
  const byId = new Map(index.passages.map((passage) => [passage.id, passage]));
  yield;
  const topics = new Map<string, TopicPool>();
  for (const topic of index.topics()) {
    yield;
    const found = index.search(topic.replace(/[-_]/g, ' '), { limit: TOPIC_HITS }).hits;
    const hits = relevantOf(found);
    // A topic whose name as a whole matches little ("diplomacy and consulates") is also looked up word
    // by word, keeping only passages of documents tagged with it so that a common word does not stray.
    if (hits.filter((id) => leads.has(id)).length < TOPIC_FEW) {
      const tagged = new Set(index.documents.filter((document) => document.topics.includes(topic)).map((document) => document.id));
      // Its rarest word: the one that says what the topic is about ("arms", not "trafficking").
      const counted: { word: string; total: number }[] = [];
      for (const word of topic.split(/[\s_-]+/).filter((word) => word.length >= 4 && !TOPIC_FILLER.has(word))) {
        yield;
        counted.push({ word, total: index.search(word, { limit: 1 }).total });
      }
      const rarest = counted.filter((entry) => entry.total > 0).sort((a, b) => a.total - b.total)[0];
      yield;
      for (const id of rarest ? relevantHits(index, rarest.word) : []) if (!hits.includes(id) && tagged.has(byId.get(id)?.docId ?? '')) hits.push(id);
    }
    const best = hits.flatMap((id) => leads.get(id) ?? []).slice(0, TOPIC_BEST);
    // Every passage the search finds for the topic, beyond the share of the best score.
    const all = found.map((hit) => hit.passageId);
    const passageIds = new Set([...all, ...hits].filter((id) => byId.has(id)));
    topics.set(topic, { topic, best, passageIds });
  }
  return { leads, figures, figurePassageIds: new Set(figures.map((piece) => piece.passage.id)), topics };
}

/**
 * The opening of a passage as an item: from its first sentence that can stand alone, as many
 * whole sentences as fit in `limit`. Null when no opening stands alone within the limit.
 */
export function leadPiece(passage: Passage, limit: number): Piece | null {
  const sentences = splitSentences(passage.text);
  for (let first = 0; first < sentences.length; first += 1) {
    const run = selfContainedRun(passage.text, first, first, sentences);
    if (!run || run.from !== first || run.end - run.start > limit) continue;
    let { to } = run;
    while (to + 1 < sentences.length && sentences[to + 1]!.end - run.start <= limit) {
      const longer = selfContainedRun(passage.text, first, to + 1, sentences);
      if (!longer || longer.from !== first || longer.end - longer.start > limit) break;
      to = longer.to;
    }
    return piece(passage, run.start, sentences[to]!.end);
  }
  return null;
}

/** Each sentence of a passage that states a figure, widened to stand alone, within the figure budget. */
function figurePieces(passage: Passage): Piece[] {
  const sentences = splitSentences(passage.text);
  const wanted = new Set(figureSentences(passage.text));
  const pieces = new Map<string, Piece>();
  sentences.forEach((sentence, position) => {
    if (!wanted.has(sentence.text)) return;
    const run = selfContainedRun(passage.text, position, position, sentences);
    if (!run || run.end - run.start > FIGURE_CHARS) return;
    const found = piece(passage, run.start, run.end);
    if (!pieces.has(found.key)) pieces.set(found.key, found);
  });
  return [...pieces.values()];
}

function piece(passage: Passage, start: number, end: number): Piece {
  const text = passage.text.slice(start, end);
  return { passage, text, key: `${passage.id}@${start}`, facts: factsOf(text) };
}
